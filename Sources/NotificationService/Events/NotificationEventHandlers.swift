import Logging
import PostgresNIO
import Shared

/// `concern.raised` → the school's role mailboxes (e.g. its opsporingsteam), by routing rule.
struct ConcernRaisedHandler: EventHandler {
    let delivery: NoticeDelivery

    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        let concern = try event.decode(ConcernRaised.self)
        try await NotificationPupilData.remember(event, pupilKey: concern.pupilKey, caseId: nil, on: connection, logger: logger)
        try await delivery.deliver(Notice(eventId: event.id, kind: .concernRaised, schoolId: concern.schoolId,
                                          linkPath: "/concerns/\(concern.concernId)",
                                          concern: ConcernNotice(pupilKey: concern.pupilKey, schoolDay: concern.windowEnd,
                                                                 urgent: ConcernUrgency.isImmediate(rule: concern.rule), tier: InboxTier(rule: concern.rule))),
                                   on: connection, logger: logger)
    }
}

/// `case.opened` → the case team and the routed mailboxes (e.g. the kom-i-skole-team).
struct CaseOpenedHandler: EventHandler {
    let delivery: NoticeDelivery

    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        let opened = try event.decode(CaseOpened.self)
        try await NotificationPupilData.remember(event, pupilKey: opened.pupilKey, caseId: opened.caseId, on: connection, logger: logger)
        try await delivery.deliver(Notice(eventId: event.id, kind: .caseOpened, schoolId: opened.schoolId, caseId: opened.caseId,
                                          linkPath: "/cases/\(opened.caseId)", team: opened.team), on: connection, logger: logger)
    }
}

/// `plan.updated` → the team hears of the new revision, and the plan's reminders are planned again.
struct PlanUpdatedHandler: EventHandler {
    let delivery: NoticeDelivery
    let reminderHour: Int

    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        let plan = try event.decode(PlanUpdated.self)
        try await NotificationPupilData.remember(event, pupilKey: plan.pupilKey, caseId: plan.caseId, on: connection, logger: logger)
        guard try await ReminderStore.acceptPlan(caseId: plan.caseId, revision: plan.planRevision, on: connection, logger: logger) else {
            logger.info("older plan revision ignored", metadata: ["ce.id": "\(event.id)", "plan.revision": "\(plan.planRevision)"])
            return
        }
        try await ReminderStore.replan(caseId: plan.caseId, reminders: ReminderPlanner.reminders(for: plan, now: event.time, hour: reminderHour),
                                       on: connection, logger: logger)
        try await delivery.deliver(Notice(eventId: event.id, kind: .planUpdated, schoolId: plan.schoolId, caseId: plan.caseId,
                                          linkPath: "/cases/\(plan.caseId)/plan", team: plan.team, planRevision: plan.planRevision),
                                   on: connection, logger: logger)
    }
}

/// `case.closed` → the team hears of the evaluation; the case's reminders are cancelled.
struct CaseClosedHandler: EventHandler {
    let delivery: NoticeDelivery

    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        let closed = try event.decode(CaseClosed.self)
        try await NotificationPupilData.remember(event, pupilKey: closed.pupilKey, caseId: closed.caseId, on: connection, logger: logger)
        try await ReminderStore.close(caseId: closed.caseId, on: connection, logger: logger)
        try await delivery.deliver(Notice(eventId: event.id, kind: .caseClosed, schoolId: closed.schoolId, caseId: closed.caseId,
                                          linkPath: "/cases/\(closed.caseId)", team: closed.team), on: connection, logger: logger)
    }
}
