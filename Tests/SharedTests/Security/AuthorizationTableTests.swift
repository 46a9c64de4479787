import Foundation
import TestSupport
import XCTest
@testable import Shared

/// Walks docs/authorization.json against the running test stack: every endpoint, with no token,
/// with a token of each role inside the fixture's school and outside it. Allowed: neither 401 nor
/// 403; denied: 403 (404 only where the table says the fixture is missing); no token: 401.
/// The table must name exactly the endpoints of the four OpenAPI documents.
final class AuthorizationTableTests: XCTestCase {
    struct Endpoint {
        var service: String
        var method: String
        var path: String
        var query: String?
        var credential: String
        var access: [String: String]
        var body: Any?
        var missing: Bool

        var name: String { "\(service) \(method) \(path)\(query.map { "?" + $0 } ?? "")" }
    }

    static func table() throws -> (roles: [String], endpoints: [Endpoint]) {
        let data = try Data(contentsOf: TestStack.repositoryRoot.appendingPathComponent("docs/authorization.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let roles = try XCTUnwrap(json["roles"] as? [String])
        let rows = try XCTUnwrap(json["endpoints"] as? [[String: Any]])
        let endpoints = rows.map { row in
            Endpoint(service: row["service"] as! String, method: row["method"] as! String, path: row["path"] as! String,
                     query: row["query"] as? String, credential: row["credential"] as? String ?? "staff",
                     access: row["access"] as? [String: String] ?? [:], body: row["body"], missing: row["missing"] as? Bool ?? false)
        }
        return (roles, endpoints)
    }

    func testTheTableNamesEveryRoleAndEveryOpenAPIEndpoint() throws {
        let (roles, endpoints) = try Self.table()
        XCTAssertEqual(Set(roles), Set(StaffRole.allCases.map(\.rawValue)), "the table's roles are the roles the services know")
        for endpoint in endpoints {
            for role in endpoint.access.keys where role != "*" {
                XCTAssertTrue(roles.contains(role), "\(endpoint.name): unknown role \(role)")
            }
            XCTAssertTrue(endpoint.access.values.allSatisfy { ["all", "own"].contains($0) }, endpoint.name)
        }
        let script = """
            import glob, json, os, sys, yaml
            out = []
            for f in sorted(glob.glob(os.path.join(sys.argv[1], "openapi", "*.yaml"))):
                doc = yaml.safe_load(open(f))
                for path, ops in doc["paths"].items():
                    for method in ops:
                        if method in ("get", "post", "put", "patch", "delete"):
                            out.append(os.path.basename(f)[:-5] + " " + method.upper() + " " + path)
            print(json.dumps(out))
            """
        let result = try TestStack.run("/usr/bin/python3", ["-c", script, TestStack.repositoryRoot.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let documented = Set(try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String]))
        let tabled = Set(endpoints.map { "\($0.service) \($0.method) \($0.path)" })
        XCTAssertEqual(documented.subtracting(tabled).sorted(), [], "OpenAPI endpoints missing from docs/authorization.json: add a row (deny by default)")
        XCTAssertEqual(tabled.subtracting(documented).sorted(), [], "rows of docs/authorization.json that no OpenAPI document has")
        let doc = try String(contentsOf: TestStack.repositoryRoot.appendingPathComponent("docs/authorization.md"), encoding: .utf8)
        let generated = try TestStack.run("/usr/bin/python3", [TestStack.repositoryRoot.appendingPathComponent("scripts/authorization_doc.py").path, "--check"])
        XCTAssertEqual(generated.status, 0, "docs/authorization.md is not made from the current table: run scripts/authorization_doc.py\n\(generated.stderr)")
        XCTAssertTrue(doc.contains("| service | method | path |"))
    }

    func testEveryEndpointWithEveryRoleInAndOutOfScope() async throws {
        let stack = try SecurityStack()
        let (roles, endpoints) = try Self.table()
        let school = "skole-19"
        let fixture = try await stack.makeFixture(school: school)
        let values = ["{schoolId}": school, "{pupilKey}": fixture.pupilKey, "{concernId}": fixture.concernId, "{caseId}": fixture.caseId,
                      "{ruleId}": fixture.ruleId, "{taskId}": "no-such-task", "{moveId}": "no-such-move",
                      "{staffId}": "no-such-staff"]
        func fill(_ text: String) -> String { values.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }
        func fill(body: Any?) -> Any? {
            guard let body else { return nil }
            let data = try! JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed])
            return try! JSONSerialization.jsonObject(with: Data(fill(String(decoding: data, as: UTF8.self)).utf8), options: [.fragmentsAllowed])
        }
        var tokens: [String: (inside: String, outside: String)] = [:]
        for role in roles {
            let staffRole = try XCTUnwrap(StaffRole(rawValue: role))
            tokens[role] = (try await stack.token("walk-\(role)", [staffRole], schools: [school]),
                            try await stack.token("walk-\(role)-elsewhere", [staffRole], schools: ["skole-elsewhere"]))
        }
        var failures: [String] = []
        var calls = 0
        for endpoint in endpoints {
            let path = fill(endpoint.path) + (endpoint.query.map { "?" + fill($0) } ?? "")
            let body = fill(body: endpoint.body)
            func call(_ credential: String?) async throws -> Int {
                calls += 1
                return try await stack.send(endpoint.service, endpoint.method, path, credential: credential, body: body).status
            }
            if endpoint.credential == "none" {
                let status = try await call(nil)
                if status == 401 || status == 403 { failures.append("\(endpoint.name) without a token: \(status), expected public") }
                continue
            }
            let anonymous = try await call(nil)
            if anonymous != 401 { failures.append("\(endpoint.name) without a token: \(anonymous), expected 401") }
            if endpoint.credential == "source-key" {
                let status = try await call(stack.sourceKey)
                if status == 401 || status == 403 { failures.append("\(endpoint.name) with the demo source key: \(status)") }
                for role in roles {
                    let status = try await call(tokens[role]!.inside)
                    if status != 401 { failures.append("\(endpoint.name) with a \(role) staff token: \(status), expected 401 (a staff token is not a source key)") }
                }
                continue
            }
            if endpoint.credential == "staff-or-bootstrap", let admin = stack.adminToken {
                let status = try await call(admin)
                if status == 401 || status == 403 { failures.append("\(endpoint.name) with the bootstrap admin token: \(status)") }
            }
            let forged = try await call(tokens[roles[0]]!.inside + "x")
            if forged != 401 { failures.append("\(endpoint.name) with a broken signature: \(forged), expected 401") }
            // Denied calls first: an allowed DELETE removes the fixture.
            let attempts = roles.flatMap { role in [(role, true), (role, false)] }.map { role, inside -> (String, Bool, Bool) in
                let grant = endpoint.access[role] ?? endpoint.access["*"]
                return (role, inside, grant == "all" || (grant == "own" && inside))
            }.sorted { !$0.2 && $1.2 }
            for (role, inside, allowed) in attempts {
                let status = try await call(inside ? tokens[role]!.inside : tokens[role]!.outside)
                let scope = inside ? "in scope" : "out of scope"
                if allowed {
                    if status == 401 || status == 403 { failures.append("\(endpoint.name) as \(role) \(scope): \(status), expected allowed") }
                } else if !(status == 403 || (endpoint.missing && status == 404)) {
                    failures.append("\(endpoint.name) as \(role) \(scope): \(status), expected 403")
                }
            }
        }
        print("authorization walk: \(endpoints.count) endpoints, \(calls) calls, \(failures.count) failures")
        XCTAssertEqual(failures, [], failures.joined(separator: "\n"))
    }
}
