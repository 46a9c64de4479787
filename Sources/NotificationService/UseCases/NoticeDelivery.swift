import Foundation
import Logging
import PostgresNIO
import Shared

/// Turns a notice into e-mails in the outbox, inside the consuming transaction: routing rules and
/// the case team decide who (`RecipientResolver`), each recipient's preferences decide how
/// (immediately, into the daily digest, or not at all), the templates decide the words.
struct NoticeDelivery: Sendable {
    let templates: MailTemplates
    let from: MailAddress
    let publicBaseURL: String

    @discardableResult
    func deliver(_ notice: Notice, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rules = try await RoutingRuleStore.rules(school: notice.schoolId, on: connection, logger: logger)
        let recipients = notice.recipients
            ?? RecipientResolver.recipients(kind: notice.kind, schoolId: notice.schoolId, rules: rules, team: notice.team)
        guard !recipients.isEmpty else { return 0 }
        let preferences = try await PreferenceStore.preferences(for: recipients.map(\.address), on: connection, logger: logger)
        let school = rules.first { $0.schoolId == notice.schoolId && $0.schoolName != nil }?.schoolName ?? notice.schoolId
        let link = publicBaseURL + notice.linkPath
        let content = MailContent(kind: notice.kind, school: school, link: link, reminderKind: notice.reminderKind, due: notice.due,
                                  planRevision: notice.planRevision)
        var emails: [EmailOutbox.NewEmail] = []
        for recipient in recipients {
            let chosen = preferences[recipient.address] ?? .standard
            var mode = chosen.mode(for: notice.kind)
            // A concern goes out at once only when urgent, and then once per pupil and school day.
            if mode == .immediately, let concern = notice.concern {
                let first = concern.urgent ? try await ConcernMailDays.claim(recipient: recipient.address, pupilKey: concern.pupilKey,
                                                                            schoolDay: concern.schoolDay, on: connection, logger: logger) : false
                if !first { mode = .dailyDigest }
            }
            let status: EmailOutbox.Status = switch mode {
            case .immediately: .pending
            case .dailyDigest: .digest
            case .off: .suppressed
            }
            emails.append(EmailOutbox.NewEmail(
                eventId: notice.eventId, recipient: recipient, kind: notice.kind, schoolId: notice.schoolId, caseId: notice.caseId,
                language: chosen.language, mail: templates.render(content, language: chosen.language), link: link,
                messageId: MIMEMessage.deterministicID(eventID: notice.eventId, recipient: recipient.address, domain: from.domain),
                status: status, tier: notice.concern?.tier))
        }
        let added = try await EmailOutbox.insert(emails, on: connection, logger: logger)
        logger.info("e-mails queued", metadata: [
            "ce.id": "\(notice.eventId)", "notification.kind": "\(notice.kind.rawValue)", "emails.new": "\(added)",
        ])
        return added
    }
}
