import Foundation
import PlanningAPI
import Shared

/// Flag quality for the analyst (issue 15, part 7): what counts as "went on to reach" and "below
/// again", and a school year's dates. Pure: storage counts, `FlagQuality.Rule` computes the shares.
extension FlagQuality {
    /// What "went on to reach" counts: the underretning's 15 % of the quarter, concerning or severe absence.
    static let outcomeRules = ["unauthorized-quarter-report", "concerning-absence", "severe-absence"]
    static let belowAgainDays = 56

    /// "2026/27" → 1 August 2026 … 31 July 2027; nil when it is no school year.
    static func range(ofSchoolYear text: String) -> (from: SchoolDate, to: SchoolDate)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let start = Int(parts[0]), let end = Int(parts[1]),
              (2000...2099).contains(start), (start + 1) % 100 == end,
              let from = SchoolDate(year: start, month: 8, day: 1), let to = SchoolDate(year: start + 1, month: 7, day: 31) else { return nil }
        return (from, to)
    }
}
