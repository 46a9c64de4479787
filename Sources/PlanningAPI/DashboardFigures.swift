/// The dashboard's figures for one school or the whole municipality, month by month: the share of
/// pupils with concerning absence against the municipality's target, pupils with unauthorized
/// absence ≥ 15 % per quarter, open cases, days from concern to case, and the share of closed cases
/// that improved. Figures only: no pupil is named or keyed.
public struct DashboardFigures: Sendable, Codable, Equatable {
    public struct Month: Sendable, Codable, Equatable {
        public var month: String
        public var pupils: Int
        public var pupilsConcerning: Int
        public var concerningShare: Double?
        public var targetShare: Double?
        public var casesOpened: Int
        public var openCasesAtEnd: Int
        public var medianDaysConcernToCase: Double?
        public var casesClosed: Int
        public var improvedShare: Double?

        public init(month: String, pupils: Int, pupilsConcerning: Int, concerningShare: Double? = nil, targetShare: Double? = nil, casesOpened: Int,
                    openCasesAtEnd: Int, medianDaysConcernToCase: Double? = nil, casesClosed: Int, improvedShare: Double? = nil) {
            self.month = month
            self.pupils = pupils
            self.pupilsConcerning = pupilsConcerning
            self.concerningShare = concerningShare
            self.targetShare = targetShare
            self.casesOpened = casesOpened
            self.openCasesAtEnd = openCasesAtEnd
            self.medianDaysConcernToCase = medianDaysConcernToCase
            self.casesClosed = casesClosed
            self.improvedShare = improvedShare
        }
    }

    public struct Quarter: Sendable, Codable, Equatable {
        public var quarter: String
        public var pupils: Int
        public var pupilsUnauthorizedAtLeast15: Int

        public init(quarter: String, pupils: Int, pupilsUnauthorizedAtLeast15: Int) {
            self.quarter = quarter
            self.pupils = pupils
            self.pupilsUnauthorizedAtLeast15 = pupilsUnauthorizedAtLeast15
        }
    }

    public var months: [Month]
    public var quarters: [Quarter]
    public var openCases: Int
    public var targetReduction: Double

    public init(months: [Month], quarters: [Quarter], openCases: Int, targetReduction: Double) {
        self.months = months
        self.quarters = quarters
        self.openCases = openCases
        self.targetReduction = targetReduction
    }
}

/// `GET /v1/dashboard?schoolId=&from=&to=`: one school's or the municipality's figures.
public struct DashboardView: Codable, Sendable {
    public var schoolId: String?
    public var from: String
    public var to: String
    public var figures: DashboardFigures

    public init(schoolId: String? = nil, from: String, to: String, figures: DashboardFigures) {
        self.schoolId = schoolId
        self.from = from
        self.to = to
        self.figures = figures
    }
}
