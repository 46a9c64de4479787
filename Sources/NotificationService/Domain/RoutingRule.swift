import Foundation

/// A routing rule (fordelingsregel): e-mail of one event kind at one school (or `*`, every school)
/// goes to a role mailbox, such as the school's opsporingsteam or the kom-i-skole-team.
struct RoutingRule: Sendable, Equatable, Codable {
    static let everySchool = "*"

    var ruleId: UUID
    var schoolId: String
    /// The school's name as e-mails show it ("Åby Skole"); the id when no rule names it.
    var schoolName: String?
    var eventType: NotificationKind
    /// What the mailbox is, e.g. `opsporingsteam` or `kom-i-skole-team`.
    var mailboxRole: String
    var mailbox: String

    func applies(to schoolId: String, kind: NotificationKind) -> Bool {
        eventType == kind && (self.schoolId == Self.everySchool || self.schoolId == schoolId)
    }
}
