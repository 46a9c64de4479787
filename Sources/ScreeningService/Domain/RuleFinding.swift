import Shared

/// What one rule says about one pupil as of a day: met (raise), held (between the resolve line
/// and the threshold: an open concern stays open, none is raised) or clear (resolve).
struct RuleFinding: Sendable, Equatable {
    enum State: Sendable, Equatable { case met, held, clear }

    var rule: AbsenceRule
    var state: State
    /// "2026-Q4" for quarter rules, the school year ("2026/27") for the others.
    var period: String
    var windowStart: Int
    var windowEnd: Int
    var explanation: ConcernRaised.Explanation
}
