import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// The legal track: `GET /v1/schools/{schoolId}/legal-tasks` (open tasks, soonest deadline first) and
/// `POST /v1/legal-tasks/{taskId}/complete`.
/// Completing `notify-municipality` makes the underretning (the note is the school's assessment), so
/// the municipality receives it in its queue however the task was ticked off.
struct LegalTasksController: Sendable {
    let track: LegalTrack
    var support: ControllerSupport { track.support }

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("schools/{schoolId}/legal-tasks") { _, context -> LegalTaskList in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            let role = try ControllerSupport.authorize(.viewInbox, staff, on: .school(school))
            return try await support.transaction { connection in
                let tasks = try await LegalTaskStore.openTasks(school: school, on: connection, logger: support.logger)
                try await AuditLog.record(staff, role: role, action: "read-legal-tasks", pupils: Array(Set(tasks.map(\.pupilKey))).sorted(),
                                          schoolId: school, on: connection, logger: support.logger)
                return LegalTaskList(schoolId: school, tasks: tasks)
            }
        }

        router.post("legal-tasks/{taskId}/complete") { request, context -> LegalTask in
            let staff = try context.requireStaff()
            let id = try context.parameters.text("taskId")
            let completion = try await support.body(LegalTaskCompletion.self, from: request)
            if let task = try await support.transaction({ try await LegalTaskStore.task(id, forUpdate: false, on: $0, logger: support.logger) }),
               task.kind == .notifyMunicipality {
                _ = try await track.makeUnderretning(taskId: id, NewUnderretning(assessment: completion.note ?? ""), by: staff, requireAssessment: false)
                return try await support.transaction { try await LegalTaskStore.task(id, forUpdate: false, on: $0, logger: support.logger)! }
            }
            return try await support.transaction { connection in
                let logger = support.logger
                guard let task = try await LegalTaskStore.task(id, forUpdate: true, on: connection, logger: logger) else {
                    throw ProblemDetails.notFound("no legal task '\(id)'")
                }
                let caseId = try await CaseStore.openCase(pupil: task.pupilKey, on: connection, logger: logger)
                var resource = AccessPolicy.Resource.school(task.schoolId)
                if let caseId { resource.team = try await CaseStore.team(caseId, on: connection, logger: logger).map(\.event) }
                let role = try ControllerSupport.authorize(task.kind == .warnParents ? .completeWarnParents : .completeNotifyMunicipality, staff, on: resource)
                guard task.isOpen else { throw ProblemDetails.conflict("the task is already \(task.doneAt != nil ? "done" : "cancelled")") }
                try await LegalTaskStore.complete(id, by: staff.staffId, note: completion.note, on: connection, logger: logger)
                if let caseId {
                    try await CaseStore.addTimeline(caseId, by: staff.staffId, kind: "legal-task", summary: "\(task.kind.rawValue) done", on: connection, logger: logger)
                    try await CaseEvents.planUpdated(caseId, at: Date(), on: connection, logger: logger)
                }
                try await AuditLog.record(staff, role: role, action: "complete-\(task.kind.rawValue)", pupils: [task.pupilKey], caseId: caseId,
                                          schoolId: task.schoolId, on: connection, logger: logger)
                return try await LegalTaskStore.task(id, forUpdate: false, on: connection, logger: logger)!
            }
        }
    }
}
