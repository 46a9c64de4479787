import Hummingbird
import Shared

/// `GET /v1/audit?pupilKey=&caseId=`: the audit log of a pupil or a case, for the data protection officer.
struct AuditController: Sendable {
    let database: Database

    struct List: ResponseEncodable {
        var entries: [AuditLog.Entry]
    }

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("audit") { request, context -> List in
            let staff = try context.requireStaff()
            _ = try Database.authorize(.readAuditLog, staff, on: .municipality)
            let pupil = request.uri.queryParameters["pupilKey"].map(String.init)
            let caseId = request.uri.queryParameters["caseId"].map(String.init)
            guard pupil != nil || caseId != nil else { throw ProblemDetails.badRequest("name a pupilKey or a caseId", field: "pupilKey") }
            return try await database.transaction { connection in
                List(entries: try await AuditLog.entries(pupil: pupil, caseId: caseId, on: connection, logger: database.logger))
            }
        }
    }
}
