import Shared

/// `GET /v1/flag-quality`: per rule, of the pupils it flagged in the school year, how many went on
/// to reach 15 % unauthorized absence or concerning absence, how many were below its line again
/// within 8 weeks, and how many got a case — which rules lead to action. Counts only, never a pupil.
public struct FlagQuality: Codable, Sendable, Equatable {
    public struct Rule: Codable, Sendable, Equatable {
        public var rule: String
        public var pupils: Int
        public var reachedConcerning: Int
        public var belowAgainWithin8Weeks: Int
        public var gotCase: Int
        public var reachedConcerningShare: Double
        public var belowAgainShare: Double
        public var caseShare: Double

        /// The counts; the shares (of `pupils`, to three decimals) follow from them.
        public init(rule: String, pupils: Int, reachedConcerning: Int, belowAgainWithin8Weeks: Int, gotCase: Int) {
            (self.rule, self.pupils, self.reachedConcerning, self.belowAgainWithin8Weeks, self.gotCase) =
                (rule, pupils, reachedConcerning, belowAgainWithin8Weeks, gotCase)
            func share(_ count: Int) -> Double { pupils == 0 ? 0 : (Double(count) / Double(pupils) * 1000).rounded() / 1000 }
            (reachedConcerningShare, belowAgainShare, caseShare) = (share(reachedConcerning), share(belowAgainWithin8Weeks), share(gotCase))
        }
    }

    public var schoolYear: String
    public var from: SchoolDate
    public var to: SchoolDate
    public var schoolId: String?
    public var rules: [Rule]

    public init(schoolYear: String, from: SchoolDate, to: SchoolDate, schoolId: String? = nil, rules: [Rule]) {
        self.schoolYear = schoolYear
        self.from = from
        self.to = to
        self.schoolId = schoolId
        self.rules = rules
    }
}
