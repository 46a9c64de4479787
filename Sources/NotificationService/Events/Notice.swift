import Shared

/// Something staff should hear about, taken from an event or a reminder: what kind, where, which
/// case or concern (for the link), and who is on the case. Carries nothing about the child.
struct Notice: Sendable {
    var eventId: String
    var kind: NotificationKind
    var schoolId: String
    var caseId: String?
    /// The path in the web app, e.g. `/cases/c-1`.
    var linkPath: String
    var team: [CaseTeamMember] = []
    var reminderKind: PlannedReminder.Kind?
    var due: String?
    var planRevision: Int?
    /// Set for reminders: the recipients were decided when the reminder was planned.
    var recipients: [Recipient]?
    /// Set for concerns: whether it may be mailed at once (`ConcernUrgency`), and the pupil and
    /// school day for the one-immediate-mail-a-day rule.
    var concern: ConcernNotice?
}

struct ConcernNotice: Sendable {
    var pupilKey: String
    var schoolDay: SchoolDate
    var urgent: Bool
    /// The inbox tier of the concern's rule, which the digest counts pupils by.
    var tier: InboxTier
}
