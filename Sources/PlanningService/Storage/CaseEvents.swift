import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The events a case produces, built from its current state in the caller's transaction and put in
/// the outbox there. They carry the team's staff ids and e-mail addresses for NotificationService
/// and nothing about the child beyond the pupil key.
enum CaseEvents {
    static let source = FremmoedeServiceName.planning.eventSource

    static func opened(_ header: CaseStore.Header, concernIds: [String], on connection: PostgresConnection, logger: Logger) async throws {
        let event = CaseOpened(caseId: header.caseId, pupilKey: header.pupilKey, schoolId: header.schoolId, concernIds: concernIds,
                               coordinatorStaffId: header.coordinator?.staffId ?? "", team: header.team.map(\.event), openedAt: header.openedAt)
        try await Outbox.enqueue(try CloudEvent(event, source: source), on: connection, logger: logger)
    }

    /// `plan.updated` with the current plan, legal tasks, next meeting and team of the case.
    static func planUpdated(_ caseId: String, at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        guard let header = try await CaseStore.header(caseId, forUpdate: false, on: connection, logger: logger) else { return }
        let plan = try await PlanStore.current(caseId, on: connection, logger: logger)
        let tasks = try await LegalTaskStore.tasks(pupil: header.pupilKey, on: connection, logger: logger).filter { $0.cancelledReason == nil }
        let event = PlanUpdated(
            caseId: caseId, pupilKey: header.pupilKey, schoolId: header.schoolId, planRevision: plan.revision,
            attendanceTarget: plan.plan.attendanceTarget, targetDate: plan.plan.targetDate, actions: plan.plan.eventActions,
            nextMeeting: try await MeetingStore.nextMeeting(caseId, on: connection, logger: logger),
            legalTasks: tasks.map(\.event), team: header.team.map(\.event), updatedAt: now)
        try await Outbox.enqueue(try CloudEvent(event, source: source), on: connection, logger: logger)
    }

    static func closed(_ header: CaseStore.Header, evaluation: CaseEvaluationRecord, at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        let event = CaseClosed(caseId: header.caseId, pupilKey: header.pupilKey, schoolId: header.schoolId, outcome: evaluation.outcome,
                               absenceBefore: evaluation.absenceBefore, absenceAfter: evaluation.absenceAfter,
                               wellbeingBefore: evaluation.wellbeingBefore, wellbeingAfter: evaluation.wellbeingAfter,
                               team: header.team.map(\.event), closedAt: now)
        try await Outbox.enqueue(try CloudEvent(event, source: source), on: connection, logger: logger)
    }
}
