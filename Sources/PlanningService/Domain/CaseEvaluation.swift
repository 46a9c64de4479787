import Shared

/// The evaluation at close: the absence rate in the 4 weeks before the case opened against the
/// last 4 weeks of the absence.summary weekly series, and the outcome that follows.
struct CaseEvaluation: Sendable, Equatable, Codable {
    var absenceBefore: Double
    var absenceAfter: Double
    var weeksBefore: Int
    var weeksAfter: Int
    var outcome: CaseClosed.Outcome

    /// A change smaller than this (in absence rate) counts as unchanged.
    static let margin = 0.02

    /// Absent days over school days of `weeks`; 0 when there were no school days.
    static func rate(_ weeks: [AbsenceSummary.Week]) -> Double {
        let days = weeks.reduce(0) { $0 + $1.schoolDays }
        return days == 0 ? 0 : weeks.reduce(0.0) { $0 + $1.absentDays } / Double(days)
    }

    /// - Parameters:
    ///   - weeks: the pupil's weekly series (any order, each week once).
    ///   - openedOn: the day the case opened; "before" is the 4 weeks starting in the 28 days before it.
    ///   - closingOn: "after" is the last 4 weeks starting on or before this day (they overlap "before" when a case is shorter than 4 weeks).
    ///   - transferred: the case moved elsewhere (the outcome says so whatever the figures).
    static func evaluate(weeks: [AbsenceSummary.Week], openedOn: SchoolDate, closingOn: SchoolDate, transferred: Bool = false) -> CaseEvaluation {
        let start = openedOn.adding(days: -28)
        let before = weeks.filter { $0.weekStart >= start && $0.weekStart < openedOn }
        let after = Array(weeks.filter { $0.weekStart <= closingOn }
            .sorted { $0.weekStart > $1.weekStart }.prefix(4))
        let rateBefore = rate(before)
        let rateAfter = rate(after)
        let outcome: CaseClosed.Outcome
        if transferred {
            outcome = .transferred
        } else if rateAfter < rateBefore - margin {
            outcome = .improved
        } else if rateAfter > rateBefore + margin {
            outcome = .worsened
        } else {
            outcome = .unchanged
        }
        return CaseEvaluation(absenceBefore: rateBefore, absenceAfter: rateAfter, weeksBefore: before.count, weeksAfter: after.count, outcome: outcome)
    }
}
