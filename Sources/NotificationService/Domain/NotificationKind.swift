import Shared

/// What an e-mail is about: one of the consumed events, a reminder (påmindelse), a daily digest
/// (dagligt sammendrag) or an administrator's test send. Preferences are set per event kind.
enum NotificationKind: String, Sendable, Codable, CaseIterable {
    case concernRaised = "concern.raised"
    case caseOpened = "case.opened"
    case planUpdated = "plan.updated"
    case caseClosed = "case.closed"
    case reminder
    case digest
    case test

    /// The kinds a recipient chooses how to receive (and routing rules name).
    static let preferable: [NotificationKind] = [.concernRaised, .caseOpened, .planUpdated, .caseClosed, .reminder]
}

/// How a recipient wants an event kind: at once, gathered in the daily digest, or not at all.
enum DeliveryMode: String, Sendable, Codable, CaseIterable {
    case immediately
    case dailyDigest = "daily-digest"
    case off
}

/// A recipient's choices. Kinds without a choice arrive immediately.
struct RecipientPreferences: Sendable, Equatable {
    var language: MailLanguage
    var modes: [NotificationKind: DeliveryMode]

    static let standard = RecipientPreferences(language: .danish, modes: [:])

    func mode(for kind: NotificationKind) -> DeliveryMode {
        switch kind {
        // A digest is itself the batched delivery; a test send is always sent at once.
        case .digest, .test: .immediately
        default: modes[kind] ?? .immediately
        }
    }
}

enum MailLanguage: String, Sendable, Codable, CaseIterable {
    case danish = "da"
    case english = "en"
}
