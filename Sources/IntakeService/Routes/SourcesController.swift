import Foundation
import Hummingbird
import Shared

/// `POST /v1/admin/sources`: registers an attendance system for some schools, or rotates its key;
/// answers the new API key once. Guarded by `INTAKE_ADMIN_TOKEN` until staff sign-in (OIDC)
/// arrives; without that setting the admin API is off.
struct SourcesController: Sendable {
    let store: SourceStore
    let adminToken: String?

    struct Registration: Decodable {
        var sourceSystem: String
        var schools: [String]
    }

    struct Registered: ResponseEncodable {
        var sourceSystem: String
        var schools: [String]
        var apiKey: String
    }

    func add(to router: Router<BasicRequestContext>) {
        router.post("/v1/admin/sources") { request, context -> Response in
            guard let adminToken else { throw ProblemDetails.forbidden("the admin API is off (INTAKE_ADMIN_TOKEN is not set)") }
            let header = request.headers[.authorization] ?? ""
            let presented = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)) : ""
            guard ConstantTime.equal(presented, adminToken) else {
                throw ProblemDetails.unauthorized("send the admin token as 'Authorization: Bearer <token>'")
            }
            let input: Registration
            do {
                input = try JSONDecoder().decode(Registration.self, from: Data(try await request.collectBody(upTo: 65_536)))
            } catch let error as DecodingError {
                throw ProblemDetails.badRequest(error.reason, field: error.field)
            }
            guard input.sourceSystem.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,63}/) != nil else {
                throw ProblemDetails.badRequest("lower-case letters, digits, '.', '_' and '-', at most 64", field: "sourceSystem")
            }
            guard !input.schools.isEmpty else { throw ProblemDetails.badRequest("name at least one school", field: "schools") }
            let key = try await store.register(sourceSystem: input.sourceSystem, schools: input.schools)
            var response = try Registered(sourceSystem: input.sourceSystem, schools: input.schools, apiKey: key).response(from: request, context: context)
            response.status = .created
            return response
        }
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
