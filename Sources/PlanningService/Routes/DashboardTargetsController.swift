import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// The municipality's dashboard targets: `GET /v1/dashboard/targets` (ETag = version) for whoever
/// sees figures, `PUT /v1/dashboard/targets` with If-Match for its administrator — the baseline period
/// and the two reductions, a new version each time, with who and when in the audit log.
struct DashboardTargetsController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("dashboard/targets") { _, context -> Tagged<DashboardTargets> in
            let staff = try context.requireStaff()
            guard AccessPolicy.seesFigures(staff) else {
                throw ProblemDetails.forbidden("the targets are for those who see the dashboard's figures")
            }
            let targets = try await DashboardTargetsStore.current(support.postgres, logger: support.logger)
            return Tagged(version: targets.version, body: targets)
        }

        router.put("dashboard/targets") { request, context -> Tagged<DashboardTargets> in
            let staff = try context.requireStaff()
            let role = try ControllerSupport.authorize(.setDashboardTargets, staff, on: .municipality)
            let change = try await support.body(DashboardTargetsChange.self, from: request).validated()
            let ifMatch = request.headers[.ifMatch]
            return try await support.transaction { connection in
                let logger = support.logger
                let current = try await DashboardTargetsStore.current(on: connection, logger: logger)
                try EntityTag.check(ifMatch, current: current.version)
                let saved = try await DashboardTargetsStore.save(change, after: current.version, by: staff.staffId, at: Date(), on: connection, logger: logger)
                try await AuditLog.record(staff, role: role, action: "set-dashboard-targets", on: connection, logger: logger)
                return Tagged(version: saved.version, body: saved)
            }
        }
    }
}
