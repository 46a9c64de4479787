import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /v1/pupils/{pupilKey}`: who the pupil is, the current absence, the concerns, the legal
/// tasks and the cases — for school staff at the pupil's school and the team of an open case.
struct PupilsController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("pupils/{pupilKey}") { _, context -> PupilOverview in
            let staff = try context.requireStaff()
            let key = try context.parameters.text("pupilKey")
            return try await support.transaction { connection in
                let logger = support.logger
                guard let pupil = try await ReadModelStore.pupil(key, on: connection, logger: logger) else {
                    throw ProblemDetails.notFound("no pupil '\(key)'")
                }
                var resource = AccessPolicy.Resource.school(pupil.schoolId)
                if let caseId = try await CaseStore.openCase(pupil: key, on: connection, logger: logger) {
                    resource.team = try await CaseStore.team(caseId, on: connection, logger: logger).map(\.event)
                }
                let role: String
                if case .allow(let granted) = AccessPolicy.decide(.viewPupil, by: staff, on: .school(pupil.schoolId)) {
                    role = granted
                } else {
                    role = try ControllerSupport.authorize(.viewCase, staff, on: resource)
                }
                try await AuditLog.record(staff, role: role, action: "read-pupil", pupils: [key], schoolId: pupil.schoolId, on: connection, logger: logger)
                // A school sees what was recorded while the pupil was its own: after a move, the old
                // school's concerns, staff reports, legal tasks and cases stay out of the new school's view.
                let here = pupil.schoolId
                let caseIds = try await CaseStore.cases(pupil: key, school: here, on: connection, logger: logger)
                return PupilOverview(pupil: pupil, absence: try await ReadModelStore.absence(key, on: connection, logger: logger),
                                     concerns: try await ConcernStore.concerns(pupil: key, on: connection, logger: logger)
                                         .filter { $0.schoolId == here }.map { $0.redacted(for: staff, on: resource) },
                                     legalTasks: try await LegalTaskStore.tasks(pupil: key, on: connection, logger: logger).filter { $0.schoolId == here },
                                     caseIds: caseIds, openCaseId: try await CaseStore.openCase(pupil: key, on: connection, logger: logger).flatMap { caseIds.contains($0) ? $0 : nil })
            }
        }
    }
}
