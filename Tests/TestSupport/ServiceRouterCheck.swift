import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Shared
import XCTest

/// A service's router as its `buildRouter` makes it, driven in process (HummingbirdTesting, no
/// server) against the test stack's PostgreSQL: the part every service shares — `/v1` behind staff
/// sign-in, the audit log and a pupil's export for the data protection officer — and one route of
/// the service's own.
public enum ServiceRouterCheck {
    /// - Parameters:
    ///   - service: whose configuration is read from the test stack's environment (its schema, Kafka, sign-in).
    ///   - ownRoute: a GET of the service's own that `role` may call (200 expected).
    ///   - buildRouter: the service's `buildRouter`, given the runtime and the settings its configuration reads.
    public static func check<Context: RequestContext>(_ service: FremmoedeServiceName, migrations: [Migration], ownRoute: String, role: StaffRole,
                                                      file: StaticString = #filePath, line: UInt = #line,
                                                      buildRouter: (ServiceRuntime, Settings) throws -> Router<Context>) async throws
    where Context.Source == ApplicationRequestContextSource {
        _ = try TestStack.databaseURL
        let configuration = try ServiceConfiguration(service: service, settings: Settings())
        let runtime = try ServiceRuntime(configuration: configuration, migrations: migrations)
        let router = try buildRouter(runtime, configuration.settings)
        let issuer = try StaffTokenIssuer.development(environment: ProcessInfo.processInfo.environment)
        func bearer(_ role: StaffRole) async throws -> HTTPFields {
            let staff = StaffPrincipal(staffId: "router-\(role.rawValue)", name: "Router Tjek", email: "router@kommune.example",
                                       roles: [role], schoolIds: [], isMunicipalityWide: true)
            return [.authorization: "Bearer \(try await issuer.token(for: staff))"]
        }
        let pupil = String(repeating: "A", count: 16) + TestStack.unique("").uppercased().filter { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) }
        let dpo = try await bearer(.dataProtectionOfficer)
        let own = try await bearer(role)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await runtime.postgres.run() }
            defer { group.cancelAll() }
            try await Application(router: router).test(.router) { client in
                let unsigned = try await client.execute(uri: "/v1/audit", method: .get)
                XCTAssertEqual(unsigned.status, .unauthorized, "/v1 asks for sign-in", file: file, line: line)
                XCTAssertEqual(unsigned.headers[.contentType], "application/problem+json", file: file, line: line)
                let audit = try await client.execute(uri: "/v1/audit?pupilKey=\(pupil)", method: .get, headers: dpo)
                XCTAssertEqual(audit.status, .ok, String(buffer: audit.body), file: file, line: line)
                let export = try await client.execute(uri: "/v1/pupils/\(pupil)/export", method: .get, headers: dpo)
                XCTAssertEqual(export.status, .ok, String(buffer: export.body), file: file, line: line)
                XCTAssertTrue(String(buffer: export.body).contains("\"pupilKey\":\"\(pupil)\""), file: file, line: line)
                let forbidden = try await client.execute(uri: "/v1/pupils/\(pupil)/export", method: .get, headers: own)
                XCTAssertEqual(forbidden.status, .forbidden, "the export is the data protection officer's", file: file, line: line)
                let mine = try await client.execute(uri: ownRoute, method: .get, headers: own)
                XCTAssertEqual(mine.status, .ok, "\(ownRoute): \(String(buffer: mine.body))", file: file, line: line)
                let unknown = try await client.execute(uri: "/v1/no-such-thing", method: .get, headers: dpo)
                XCTAssertEqual(unknown.status, .notFound, file: file, line: line)
            }
        }
    }
}
