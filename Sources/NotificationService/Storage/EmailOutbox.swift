import Foundation
import Logging
import PostgresNIO
import Shared

/// The e-mail outbox and delivery log (table `emails`): one row per event and recipient. Rows are
/// written in the transaction that consumed the event; senders claim due rows with a lease
/// (`FOR UPDATE SKIP LOCKED`), so replicas never send the same row at the same time, and a
/// sender that died leaves a lease that runs out and is taken over.
struct EmailOutbox: Sendable {
    enum Status: String, Sendable, Codable, CaseIterable {
        case pending, sending, sent, failed, suppressed, digest, digested
    }

    struct NewEmail: Sendable {
        var eventId: String
        var recipient: Recipient
        var kind: NotificationKind
        var schoolId: String
        var caseId: String?
        var language: MailLanguage
        var mail: RenderedMail
        var link: String
        var messageId: String
        var status: Status
        /// For a concern: its inbox tier, for the digest's counts.
        var tier: InboxTier? = nil
    }

    struct Claimed: Sendable {
        var emailId: UUID
        var recipient: String
        var language: String
        var subject: String
        var text: String
        var html: String
        var messageId: String
        var attempts: Int
        var createdAt: Date
    }

    let postgres: PostgresClient
    let logger: Logger

    /// Adds e-mails inside the caller's transaction; one already there for the same event and
    /// recipient is left as it is. Returns how many were new.
    @discardableResult
    static func insert(_ emails: [NewEmail], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var added = 0
        for email in emails {
            let rows = try await connection.query("""
                INSERT INTO emails (email_id, event_id, recipient, staff_id, reason, kind, school_id, case_id, language, subject,
                                    text_body, html_body, link, message_id, status, tier)
                VALUES (\(UUID()), \(email.eventId), \(email.recipient.address), \(email.recipient.staffId), \(email.recipient.reason),
                        \(email.kind.rawValue), \(email.schoolId), \(email.caseId), \(email.language.rawValue), \(email.mail.subject),
                        \(email.mail.text), \(email.mail.html), \(email.link), \(email.messageId), \(email.status.rawValue), \(email.tier?.rawValue))
                ON CONFLICT (event_id, recipient) DO NOTHING
                RETURNING email_id
                """, logger: logger)
            for try await _ in rows { added += 1 }
        }
        return added
    }

    /// Takes up to `limit` e-mails that are due — pending and due, or sending with a lease that ran
    /// out — and leases them to `worker`. Each claim counts as a try.
    func claim(limit: Int, lease: Duration, worker: String) async throws -> [Claimed] {
        let leaseSeconds = lease.seconds
        let rows = try await postgres.query("""
            UPDATE emails SET status = 'sending', attempts = attempts + 1, leased_by = \(worker),
                   lease_until = now() + make_interval(secs => \(leaseSeconds))
            WHERE email_id IN (
                SELECT email_id FROM emails
                WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND lease_until < now())
                ORDER BY next_attempt_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING email_id, recipient, language, subject, text_body, html_body, message_id, attempts, created_at
            """, logger: logger)
        var claimed: [Claimed] = []
        for try await (id, recipient, language, subject, text, html, messageId, attempts, createdAt)
            in rows.decode((UUID, String, String, String, String, String, String, Int, Date).self) {
            claimed.append(Claimed(emailId: id, recipient: recipient, language: language, subject: subject, text: text, html: html,
                                   messageId: messageId, attempts: attempts, createdAt: createdAt))
        }
        return claimed
    }

    /// Renews the lease just before a send; false when it was lost (a batch that took longer than the
    /// lease, and another sender took the row over): then this sender must not send it.
    func renew(_ id: UUID, worker: String, lease: Duration) async throws -> Bool {
        let seconds = lease.seconds
        return try await update("""
            UPDATE emails SET lease_until = now() + make_interval(secs => \(seconds))
            WHERE email_id = \(id) AND leased_by = \(worker) AND status = 'sending' RETURNING 1
            """)
    }

    /// Marks a sent e-mail; false when the lease was lost meanwhile (another sender took it over).
    @discardableResult
    func markSent(_ id: UUID, worker: String) async throws -> Bool {
        try await update("""
            UPDATE emails SET status = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL
            WHERE email_id = \(id) AND leased_by = \(worker) AND status = 'sending' RETURNING 1
            """)
    }

    func markRetry(_ id: UUID, worker: String, error: String, after delay: Duration) async throws {
        let seconds = delay.seconds
        _ = try await update("""
            UPDATE emails SET status = 'pending', lease_until = NULL, last_error = \(error),
                   next_attempt_at = now() + make_interval(secs => \(seconds))
            WHERE email_id = \(id) AND leased_by = \(worker) AND status = 'sending' RETURNING 1
            """)
    }

    func markFailed(_ id: UUID, worker: String, error: String) async throws {
        _ = try await update("""
            UPDATE emails SET status = 'failed', lease_until = NULL, last_error = \(error)
            WHERE email_id = \(id) AND leased_by = \(worker) AND status = 'sending' RETURNING 1
            """)
    }

    private func update(_ query: PostgresQuery) async throws -> Bool {
        var changed = false
        for try await _ in try await postgres.query(query, logger: logger) { changed = true }
        return changed
    }

    /// One line of the delivery log.
    struct DeliveryRecord: Sendable, Codable {
        var emailId: UUID
        var eventId: String
        var recipient: String
        var reason: String
        var kind: String
        var schoolId: String
        var caseId: String?
        var subject: String
        var status: String
        var attempts: Int
        var lastError: String?
        var messageId: String
        var digestEmailId: UUID?
        var createdAt: Date
        var sentAt: Date?
    }

    /// The delivery log, newest first, optionally for one recipient, one event, one status.
    func log(recipient: String?, eventId: String?, status: Status?, limit: Int) async throws -> [DeliveryRecord] {
        let rows = try await postgres.query("""
            SELECT email_id, event_id, recipient, reason, kind, school_id, case_id, subject, status, attempts, last_error, message_id,
                   digest_email_id, created_at, sent_at
            FROM emails
            WHERE (\(recipient)::text IS NULL OR recipient = \(recipient))
              AND (\(eventId)::text IS NULL OR event_id = \(eventId))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY created_at DESC, email_id
            LIMIT \(limit)
            """, logger: logger)
        var records: [DeliveryRecord] = []
        for try await row in rows.decode(
            (UUID, String, String, String, String, String, String?, String, String, Int, String?, String, UUID?, Date, Date?).self) {
            records.append(DeliveryRecord(
                emailId: row.0, eventId: row.1, recipient: row.2, reason: row.3, kind: row.4, schoolId: row.5, caseId: row.6,
                subject: row.7, status: row.8, attempts: row.9, lastError: row.10, messageId: row.11, digestEmailId: row.12,
                createdAt: row.13, sentAt: row.14))
        }
        return records
    }
}
