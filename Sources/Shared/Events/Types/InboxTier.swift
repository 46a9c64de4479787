/// The inbox's order of attention (docs/planning.md): the legal duties first — the underretning,
/// then the warning to the parents — then severe, concerning (with staff reports), rising and
/// patterns. A pupil's tier is the most urgent tier among its open findings. In Shared: Planning's
/// inbox and NotificationService's digest count by the same tiers.
public enum InboxTier: Int, Codable, Sendable, CaseIterable, Comparable {
    case underretning = 1
    case warning = 2
    case severe = 3
    case concerning = 4
    case rising = 5
    case pattern = 6

    public init(rule: String) {
        switch rule {
        case "unauthorized-quarter-report": self = .underretning
        case "unauthorized-quarter-warning": self = .warning
        case "severe-absence": self = .severe
        case "concerning-absence", "staff-report", "prolonged-illness", "quarter-absence-contact", "quarter-absence-support-plan": self = .concerning
        case "beginning-absence", "unauthorized-quarter-so-far": self = .rising
        default: self = .pattern  // weekday-pattern, absence-streak, repeated-lateness and rules added later
        }
    }

    public var name: String {
        switch self {
        case .underretning: "underretning"
        case .warning: "warning"
        case .severe: "severe"
        case .concerning: "concerning"
        case .rising: "rising"
        case .pattern: "pattern"
        }
    }

    /// A lower raw value is more urgent.
    public static func < (lhs: InboxTier, rhs: InboxTier) -> Bool { lhs.rawValue < rhs.rawValue }
}
