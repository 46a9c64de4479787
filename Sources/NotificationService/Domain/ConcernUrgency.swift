/// Which concerns a role mailbox hears of at once (docs/notification.md): a legal duty — the
/// warning to the parents, the underretning — or severe absence. Every other concern, and a second
/// urgent one about the same pupil on the same school day, waits for the morning's digest.
enum ConcernUrgency {
    static let immediateRules: Set<String> = ["unauthorized-quarter-report", "unauthorized-quarter-warning", "severe-absence"]

    static func isImmediate(rule: String) -> Bool { immediateRules.contains(rule) }
}
