import Foundation
import Hummingbird
import PostgresNIO
import Shared

/// `GET /v1/policy`, `GET /v1/policy/history`, `PUT /v1/policy`: the rules a municipality can read
/// and change; each change is a new, audited version that the processors take without a restart.
struct PolicyController: Sendable {
    let postgres: PostgresClient
    let store: PolicyStore

    struct Change: Decodable {
        var policy: ScreeningPolicy
        var reason: String
    }

    struct History: ResponseEncodable {
        var versions: [PolicyStore.Version]
    }

    func add(to group: RouterGroup<StaffRequestContext>) {
        group.get("/policy") { _, context -> PolicyStore.Version in
            _ = try ScreeningAccess.require(try context.requireStaff(), anyOf: ScreeningAccess.policyReaders, to: "reading the policy")
            return try await postgres.withConnection { try await store.current(on: $0) }
        }
        group.get("/policy/history") { _, context -> History in
            _ = try ScreeningAccess.require(try context.requireStaff(), anyOf: ScreeningAccess.policyReaders, to: "reading the policy")
            return History(versions: try await postgres.withConnection { try await store.history(on: $0) })
        }
        group.put("/policy") { request, context -> PolicyStore.Version in
            var request = request
            let staff = try context.requireStaff()
            _ = try ScreeningAccess.require(staff, anyOf: [.municipalityAdmin], to: "changing the policy")
            let change = try await JSONBody.decode(Change.self, from: request)
            var problems = change.policy.problems()
            if change.reason.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(("reason", "say why the policy changes")) }
            guard problems.isEmpty else {
                throw ProblemDetails(status: .unprocessableContent, type: "invalid-policy", title: "The policy is not valid",
                                     errors: problems.map { .init(index: nil, field: $0.field, reason: $0.reason) })
            }
            return try await postgres.withTransaction(logger: context.logger) { connection in
                let version = try await store.save(change.policy, by: staff.staffId, reason: change.reason, on: connection)
                return PolicyStore.Version(version: version, policy: change.policy, changedBy: staff.staffId, reason: change.reason, changedAt: Date())
            }
        }
    }
}

extension PolicyStore.Version: ResponseEncodable {}
