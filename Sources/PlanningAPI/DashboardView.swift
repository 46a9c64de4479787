import Foundation

/// `GET /v1/dashboard?schoolId=&from=&to=`: one school's or (without schoolId) the municipality's
/// figures — the targets' figures as `GET /v1/dashboard/schools` counts them, and month by month the
/// cases: opened, open at the month's end, the median days from the first concern to the case,
/// closed and the share of those that improved; per quarter, the pupils whose unauthorized absence
/// in the quarter reached 15 %. Figures only: no pupil is named or keyed.
public struct DashboardView: Codable, Sendable {
    public struct CaseMonth: Codable, Sendable, Equatable {
        public var month: String
        public var casesOpened: Int
        public var openCasesAtEnd: Int
        public var medianDaysConcernToCase: Double?
        public var casesClosed: Int
        public var improvedShare: Double?

        public init(month: String, casesOpened: Int, openCasesAtEnd: Int, medianDaysConcernToCase: Double? = nil, casesClosed: Int,
                    improvedShare: Double? = nil) {
            (self.month, self.casesOpened, self.openCasesAtEnd, self.medianDaysConcernToCase) = (month, casesOpened, openCasesAtEnd, medianDaysConcernToCase)
            (self.casesClosed, self.improvedShare) = (casesClosed, improvedShare)
        }
    }

    /// Each pupil's latest figure in the quarter (it counts the quarter so far), counted.
    public struct Quarter: Codable, Sendable, Equatable {
        public var quarter: String
        public var pupils: Int
        public var pupilsUnauthorizedAtLeast15: Int

        public init(quarter: String, pupils: Int, pupilsUnauthorizedAtLeast15: Int) {
            (self.quarter, self.pupils, self.pupilsUnauthorizedAtLeast15) = (quarter, pupils, pupilsUnauthorizedAtLeast15)
        }
    }

    public var schoolId: String?
    public var from: String
    public var to: String
    public var targets: DashboardTargets
    public var definitions: DashboardDefinitions
    public var figures: DashboardFigures
    public var cases: [CaseMonth]
    public var quarters: [Quarter]
    public var openCases: Int

    public init(schoolId: String? = nil, from: String, to: String, targets: DashboardTargets, definitions: DashboardDefinitions,
                figures: DashboardFigures, cases: [CaseMonth], quarters: [Quarter], openCases: Int) {
        (self.schoolId, self.from, self.to, self.targets, self.definitions) = (schoolId, from, to, targets, definitions)
        (self.figures, self.cases, self.quarters, self.openCases) = (figures, cases, quarters, openCases)
    }
}
