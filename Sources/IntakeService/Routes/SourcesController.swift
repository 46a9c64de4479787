import Foundation
import Hummingbird
import Shared

/// `POST /v1/admin/sources`: registers an attendance system for some schools, or rotates its key;
/// answers the new API key once (the replaced key keeps working for `keyOverlap`). Taken from a
/// staff member with the municipality-admin role (a bearer JWT), or — for scripts that set up a
/// stack before anyone signs in — the bootstrap `INTAKE_ADMIN_TOKEN` when it is set.
struct SourcesController: Sendable {
    let store: SourceStore
    let admin: AdminAuthorization
    let keyOverlap: Duration

    struct Registration: Decodable {
        var sourceSystem: String
        var schools: [String]
    }

    struct Registered: ResponseEncodable {
        var sourceSystem: String
        var schools: [String]
        var apiKey: String
    }

    func add(to router: Router<StaffRequestContext>) {
        router.post("/v1/admin/sources") { request, context -> Response in
            _ = try await admin.authorize(request, for: "registering attendance systems")
            let input = try await JSONBody.decode(Registration.self, from: request)
            guard input.sourceSystem.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,63}/) != nil else {
                throw ProblemDetails.badRequest("lower-case letters, digits, '.', '_' and '-', at most 64", field: "sourceSystem")
            }
            guard !input.schools.isEmpty else { throw ProblemDetails.badRequest("name at least one school", field: "schools") }
            let key = try await store.register(sourceSystem: input.sourceSystem, schools: input.schools, overlap: keyOverlap)
            var response = try Registered(sourceSystem: input.sourceSystem, schools: input.schools, apiKey: key).response(from: request, context: context)
            response.status = .created
            return response
        }
    }
}

/// The municipality's administrator: the bootstrap token, or a staff token with the
/// municipality-admin role — 401 without either, 403 for other roles. Answers who decided
/// (`bootstrap-admin` for the token).
struct AdminAuthorization: Sendable {
    let adminToken: String?
    let verifier: StaffTokenVerifier

    func authorize(_ request: Request, for what: String) async throws -> String {
        let header = request.headers[.authorization] ?? ""
        guard header.lowercased().hasPrefix("bearer ") else {
            throw ProblemDetails.unauthorized("send a staff access token as 'Authorization: Bearer <token>'")
        }
        let presented = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        if let adminToken, !presented.isEmpty, ConstantTime.equal(presented, adminToken) { return "bootstrap-admin" }
        let staff: StaffPrincipal
        do {
            staff = try await verifier.verify(presented)
        } catch let error as StaffTokenError {
            throw ProblemDetails.unauthorized("the access token was refused: \(error.reason)")
        }
        guard staff.has(.municipalityAdmin) else { throw ProblemDetails.forbidden("\(what) is for the municipality's administrator") }
        return staff.staffId
    }
}

/// Compares secrets without an early exit that would leak how much of a guess was right.
enum ConstantTime {
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
