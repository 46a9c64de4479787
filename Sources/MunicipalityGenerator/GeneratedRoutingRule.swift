/// A routing rule (fordelingsregel) for NotificationService: which role mailbox hears of which
/// event kind at which school (`*`: every school).
public struct GeneratedRoutingRule: Sendable, Equatable, Codable {
    public let schoolId: String
    public let schoolName: String?
    public let eventType: String
    public let mailboxRole: String
    public let mailbox: String
}
