import Foundation
import Logging
import PostgresNIO
import Shared

/// Gathers e-mails waiting for the daily digest (status `digest`) into one digest e-mail per
/// recipient. Each recipient's waiting rows are locked (`FOR UPDATE SKIP LOCKED`) and marked
/// `digested` in the transaction that writes the digest, so replicas never gather the same row
/// twice; the digest's event id is derived from its oldest row, so a digest is written at most once.
struct DigestStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    /// Writes digests for rows queued before `cutoff`; returns how many digests were written.
    func compose(cutoff: Date, templates: MailTemplates, from: MailAddress, publicBaseURL: String) async throws -> Int {
        var written = 0
        let recipients = try await postgres.query("""
            SELECT DISTINCT recipient FROM emails WHERE status = 'digest' AND created_at < \(cutoff) LIMIT 500
            """, logger: logger).decode(String.self).all()
        for recipient in recipients {
            written += try await postgres.withTransaction(logger: logger) { connection in
                // The pupil of a concern e-mail (pupil_events) only to count pupils by tier; no e-mail names one.
                let rows = try await connection.query("""
                    SELECT e.email_id, e.subject, e.link, e.school_id, e.language, e.staff_id, e.kind, e.tier::int, p.pupil_key
                    FROM emails e LEFT JOIN pupil_events p ON p.event_id = e.event_id
                    WHERE e.recipient = \(recipient) AND e.status = 'digest' AND e.created_at < \(cutoff)
                    ORDER BY e.created_at, e.email_id
                    FOR UPDATE OF e SKIP LOCKED
                    """, logger: logger).decode((UUID, String, String, String, String, String?, String, Int?, String?).self).all()
                guard let first = rows.first else { return 0 }
                let language = MailLanguage(rawValue: first.4) ?? .danish
                let digestRows = rows.map {
                    MailContent.DigestRow(subject: $0.1, link: $0.2, kind: $0.6, school: $0.3, tier: $0.7.flatMap(InboxTier.init(rawValue:)), pupilKey: $0.8)
                }
                let items = MailContent.digestItems(digestRows, language: language) { school in
                    publicBaseURL + "/schools/" + (school.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? school) + "/inbox"
                }
                let content = MailContent(kind: .digest, school: first.3, link: publicBaseURL, items: items)
                let mail = templates.render(content, language: language)
                let eventId = "digest:\(first.0.uuidString.lowercased())"
                let digestId = UUID()
                try await connection.query("""
                    INSERT INTO emails (email_id, event_id, recipient, staff_id, reason, kind, school_id, language, subject, text_body, html_body,
                                        link, message_id, status)
                    VALUES (\(digestId), \(eventId), \(recipient), \(first.5), 'digest', 'digest', \(first.3), \(language.rawValue),
                            \(mail.subject), \(mail.text), \(mail.html), \(publicBaseURL),
                            \(MIMEMessage.deterministicID(eventID: eventId, recipient: recipient, domain: from.domain)), 'pending')
                    """, logger: logger)
                try await connection.query("""
                    UPDATE emails SET status = 'digested', digest_email_id = \(digestId) WHERE email_id = ANY(\(rows.map(\.0)))
                    """, logger: logger)
                return 1
            }
        }
        return written
    }
}
