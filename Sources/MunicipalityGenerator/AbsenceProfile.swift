/// How a generated pupil tends to be absent. Most are `regular`; the others give the rules
/// something to find.
public enum AbsenceProfile: String, Sendable, CaseIterable {
    /// Rarely absent: a cold now and then, a day off now and then.
    case regular
    /// Ill more often, in longer spells (and more in the winter, like everyone).
    case illnessProne = "illness-prone"
    /// Unauthorized absence that starts at some point in the year and keeps rising.
    case risingUnauthorized = "rising-unauthorized"
    /// Away on the same weekday (mostly Mondays or Fridays).
    case weekdayPattern = "weekday-pattern"
    /// Runs of several days away.
    case streaks
    /// Often late in the morning.
    case lateArrivals = "late-arrivals"
    /// School refusal (skolevægring): much absence of every kind, rising.
    case schoolRefusal = "school-refusal"

    /// The share of pupils with each profile.
    static let shares: [(AbsenceProfile, Double)] = [
        (.illnessProne, 0.08), (.risingUnauthorized, 0.06), (.weekdayPattern, 0.04), (.streaks, 0.04),
        (.lateArrivals, 0.05), (.schoolRefusal, 0.015),
    ]

    static func pick(_ roll: Double) -> AbsenceProfile {
        var cumulative = 0.0
        for (profile, share) in shares {
            cumulative += share
            if roll < cumulative { return profile }
        }
        return .regular
    }
}
