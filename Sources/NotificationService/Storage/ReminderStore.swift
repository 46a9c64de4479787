import Foundation
import Logging
import PostgresNIO
import Shared

/// Planned reminders and the newest plan revision per case. A reminder fires once: the
/// transaction that turns it from pending to fired also writes its e-mails, and replicas skip
/// rows another has locked (`FOR UPDATE SKIP LOCKED`).
struct ReminderStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    /// Records `revision` as the case's newest; false when a newer one was seen or the case is closed.
    static func acceptPlan(caseId: String, revision: Int, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        var accepted = false
        for try await _ in try await connection.query("""
            INSERT INTO case_plans (case_id, plan_revision) VALUES (\(caseId), \(revision))
            ON CONFLICT (case_id) DO UPDATE SET plan_revision = EXCLUDED.plan_revision
            WHERE case_plans.plan_revision <= EXCLUDED.plan_revision AND NOT case_plans.closed
            RETURNING 1
            """, logger: logger) { accepted = true }
        return accepted
    }

    /// Makes the case's pending reminders those of the new plan: new ones are added, changed ones
    /// updated, those the plan no longer calls for cancelled. Fired ones stay fired.
    static func replan(caseId: String, reminders: [PlannedReminder], on connection: PostgresConnection, logger: Logger) async throws {
        let encoder = JSONEncoder()
        for reminder in reminders {
            let recipients = String(decoding: try encoder.encode(reminder.recipients.map(StoredRecipient.init)), as: UTF8.self)
            try await connection.query("""
                INSERT INTO reminders (reminder_id, case_id, school_id, kind, due, fire_at, recipients)
                VALUES (\(reminder.reminderId), \(caseId), \(reminder.schoolId), \(reminder.kind.rawValue), \(reminder.due), \(reminder.fireAt),
                        \(recipients)::jsonb)
                ON CONFLICT (reminder_id) DO UPDATE SET fire_at = EXCLUDED.fire_at, recipients = EXCLUDED.recipients,
                       status = 'pending', updated_at = now()
                WHERE reminders.status IN ('pending', 'cancelled')
                """, logger: logger)
        }
        try await connection.query("""
            UPDATE reminders SET status = 'cancelled', updated_at = now()
            WHERE case_id = \(caseId) AND status = 'pending' AND NOT (reminder_id = ANY(\(reminders.map(\.reminderId))))
            """, logger: logger)
    }

    static func close(caseId: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO case_plans (case_id, closed) VALUES (\(caseId), true) ON CONFLICT (case_id) DO UPDATE SET closed = true
            """, logger: logger)
        try await connection.query(
            "UPDATE reminders SET status = 'cancelled', updated_at = now() WHERE case_id = \(caseId) AND status = 'pending'", logger: logger)
    }

    struct StoredRecipient: Codable {
        var address: String
        var staffId: String?
        var reason: String
        init(_ recipient: Recipient) {
            address = recipient.address
            staffId = recipient.staffId
            reason = recipient.reason
        }
        var recipient: Recipient { Recipient(address: address, staffId: staffId, reason: reason) }
    }

    /// Fires the reminders that are due (at most `limit`), writing their e-mails; returns how many fired.
    func fireDue(delivery: NoticeDelivery, limit: Int = 100) async throws -> Int {
        try await postgres.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                SELECT reminder_id, case_id, school_id, kind, due, recipients::text FROM reminders
                WHERE status = 'pending' AND fire_at <= now()
                ORDER BY fire_at LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
                """, logger: logger)
            var due: [(String, String, String, String, String, String)] = []
            for try await row in rows.decode((String, String, String, String, String, String).self) { due.append(row) }
            let decoder = JSONDecoder()
            for (id, caseId, school, kind, dueText, recipientsJSON) in due {
                let recipients = try decoder.decode([StoredRecipient].self, from: Data(recipientsJSON.utf8)).map(\.recipient)
                try await delivery.deliver(Notice(
                    eventId: "reminder:\(id)", kind: .reminder, schoolId: school, caseId: caseId, linkPath: "/cases/\(caseId)",
                    reminderKind: PlannedReminder.Kind(rawValue: kind), due: dueText, recipients: recipients), on: connection, logger: logger)
                try await connection.query(
                    "UPDATE reminders SET status = 'fired', fired_at = now(), updated_at = now() WHERE reminder_id = \(id)", logger: logger)
            }
            return due.count
        }
    }
}
