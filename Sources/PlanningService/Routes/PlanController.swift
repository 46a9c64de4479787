import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Handlemuligheder: `GET/PUT /v1/cases/{caseId}/plan` (ETag = revision) and `GET /v1/cases/{caseId}/plan/revisions`.
struct PlanController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("cases/{caseId}/plan") { _, context -> Tagged<PlanRevision> in
            let staff = try context.requireStaff()
            return try await support.readCase(try context.parameters.text("caseId"), staff, action: "read-plan") { connection, header in
                let current = try await PlanStore.current(header.caseId, on: connection, logger: support.logger)
                return Tagged(version: current.revision, body: current)
            }
        }

        router.get("cases/{caseId}/plan/revisions") { _, context -> PlanRevisions in
            let staff = try context.requireStaff()
            return try await support.readCase(try context.parameters.text("caseId"), staff, action: "read-plan-revisions") { connection, header in
                return PlanRevisions(revisions: try await PlanStore.revisions(header.caseId, on: connection, logger: support.logger))
            }
        }

        router.put("cases/{caseId}/plan") { request, context -> Tagged<PlanRevision> in
            let staff = try context.requireStaff()
            try await support.precheck(.editCase, staff, caseId: try context.parameters.text("caseId"))
            let input = try await support.body(PlanDocument.self, from: request)
            let ifMatch = request.headers[.ifMatch]
            return try await support.withCase(try context.parameters.text("caseId"), forUpdate: true) { connection, header in
                let logger = support.logger
                let role = try ControllerSupport.authorize(.editCase, staff, on: header.resource)
                let current = try await PlanStore.current(header.caseId, on: connection, logger: logger)
                try EntityTag.check(ifMatch, current: current.revision)
                guard header.status != .closed else { throw ProblemDetails.conflict("the case is closed") }
                let catalogue = Dictionary(uniqueKeysWithValues: try await CatalogueStore.all(on: connection, logger: logger).map { ($0.code, $0) })
                let plan = try input.validated(catalogue: catalogue, newID: { TimeOrderedID.string() })
                let now = Date()
                try await PlanStore.save(plan, caseId: header.caseId, after: current.revision, by: staff.staffId, at: now, on: connection, logger: logger)
                try await CaseStore.addTimeline(header.caseId, by: staff.staffId, kind: "plan",
                                                summary: "plan revision \(current.revision + 1): \(plan.actions.count) actions", on: connection, logger: logger)
                try await CaseEvents.planUpdated(header.caseId, at: now, on: connection, logger: logger)
                try await AuditLog.record(staff, role: role, action: "update-plan", pupils: [header.pupilKey], caseId: header.caseId,
                                          schoolId: header.schoolId, on: connection, logger: logger)
                return Tagged(version: current.revision + 1,
                              body: PlanRevision(revision: current.revision + 1, plan: plan, updatedAt: now, updatedBy: staff.staffId))
            }
        }
    }
}
