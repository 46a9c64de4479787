import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Kortlægning: `GET/PUT /v1/cases/{caseId}/kortlaegning` (ETag = the document's version).
struct AssessmentController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("cases/{caseId}/kortlaegning") { _, context -> Tagged<AssessmentVersion> in
            let staff = try context.requireStaff()
            return try await support.readCase(try context.parameters.text("caseId"), staff, action: "read-kortlaegning") { connection, header in
                let stored = try await AssessmentStore.current(header.caseId, on: connection, logger: support.logger)
                return Tagged(version: stored.version, body: stored)
            }
        }

        router.put("cases/{caseId}/kortlaegning") { request, context -> Tagged<AssessmentVersion> in
            let staff = try context.requireStaff()
            try await support.precheck(.editCase, staff, caseId: try context.parameters.text("caseId"))
            let assessment = try await support.body(Assessment.self, from: request)
            try assessment.validate()
            let ifMatch = request.headers[.ifMatch]
            return try await support.withCase(try context.parameters.text("caseId"), forUpdate: true) { connection, header in
                let logger = support.logger
                let role = try ControllerSupport.authorize(.editCase, staff, on: header.resource)
                let current = try await AssessmentStore.current(header.caseId, forUpdate: true, on: connection, logger: logger)
                try EntityTag.check(ifMatch, current: current.version)
                guard header.status != .closed else { throw ProblemDetails.conflict("the case is closed") }
                let now = Date()
                guard try await AssessmentStore.save(assessment, caseId: header.caseId, after: current.version, by: staff.staffId, at: now,
                                                     on: connection, logger: logger) else {
                    throw ProblemDetails(status: .preconditionFailed, type: "precondition-failed", title: "The resource has changed")
                }
                try await CaseStore.addTimeline(header.caseId, by: staff.staffId, kind: "kortlaegning",
                                                summary: "kortlægning version \(current.version + 1): \(assessment.arenas.count) arenas", on: connection, logger: logger)
                try await AuditLog.record(staff, role: role, action: "update-kortlaegning", pupils: [header.pupilKey], caseId: header.caseId,
                                          schoolId: header.schoolId, on: connection, logger: logger)
                return Tagged(version: current.version + 1,
                              body: AssessmentVersion(version: current.version + 1, assessment: assessment, updatedAt: now, updatedBy: staff.staffId))
            }
        }
    }
}
