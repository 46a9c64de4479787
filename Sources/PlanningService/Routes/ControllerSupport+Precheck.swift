import PlanningAPI
import Shared

/// Deny before reading the body: a person without access to a case or concern is told 403 (or 404
/// when it does not exist), never how their request body would have been judged. The decision is
/// taken again inside the write's transaction, on the locked row, which is the one that counts.
extension ControllerSupport {
    func precheck(_ action: AccessPolicy.Action, _ staff: StaffPrincipal, caseId: String) async throws {
        _ = try await withCase(caseId, forUpdate: false) { _, header in try Self.authorize(action, staff, on: header.resource) }
    }

    func precheck(_ action: AccessPolicy.Action, _ staff: StaffPrincipal, concernId: String) async throws {
        _ = try await transaction { connection in
            guard let concern = try await ConcernStore.concern(concernId, forUpdate: false, on: connection, logger: logger) else {
                throw ProblemDetails.notFound("no concern '\(concernId)'")
            }
            return try Self.authorize(action, staff, on: .school(concern.schoolId))
        }
    }
}
