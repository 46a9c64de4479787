import Foundation
import Shared

/// Flag quality for the analyst (issue 15, part 7): per rule, of the pupils it flagged in the school
/// year, how many went on to reach 15 % unauthorized absence or concerning absence, how many were
/// below its line again within 8 weeks, and how many got a case — which rules lead to action.
/// Counts only, never a pupil. Pure: storage counts, this computes the shares.
struct FlagQuality: Codable, Sendable, Equatable {
    struct Rule: Codable, Sendable, Equatable {
        var rule: String
        var pupils: Int
        var reachedConcerning: Int
        var belowAgainWithin8Weeks: Int
        var gotCase: Int
        var reachedConcerningShare: Double
        var belowAgainShare: Double
        var caseShare: Double

        init(rule: String, pupils: Int, reachedConcerning: Int, belowAgainWithin8Weeks: Int, gotCase: Int) {
            (self.rule, self.pupils, self.reachedConcerning, self.belowAgainWithin8Weeks, self.gotCase) =
                (rule, pupils, reachedConcerning, belowAgainWithin8Weeks, gotCase)
            func share(_ count: Int) -> Double { pupils == 0 ? 0 : (Double(count) / Double(pupils) * 1000).rounded() / 1000 }
            (reachedConcerningShare, belowAgainShare, caseShare) = (share(reachedConcerning), share(belowAgainWithin8Weeks), share(gotCase))
        }
    }

    var schoolYear: String
    var from: SchoolDate
    var to: SchoolDate
    var schoolId: String?
    var rules: [Rule]

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
