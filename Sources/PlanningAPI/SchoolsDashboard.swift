/// `GET /v1/dashboard/schools?from=&to=`: the dashboard page's table in one answer — every school
/// whose figures the caller may see (the municipality's analyst and administrator all, a school
/// leader their own), each with its share of pupils with concerning absence month by month against
/// the target, the latest quarter's pupils with unauthorized absence at or over 15 %, open cases,
/// the median days from the first concern to the case and the share of closed cases that improved;
/// and `overall`, the same months for those schools together (for the municipality's roles: the
/// municipality). Counted by PostgreSQL in one pass for all schools. Figures only: no pupil.
public struct SchoolsDashboard: Codable, Sendable {
    public struct Month: Codable, Sendable, Equatable {
        public var month: String
        public var pupils: Int
        public var pupilsConcerning: Int
        /// nil for a month without figures.
        public var concerningShare: Double?
        /// The first month's share reduced by the municipality's goal, from that month on.
        public var targetShare: Double?

        public init(month: String, pupils: Int, pupilsConcerning: Int, concerningShare: Double? = nil, targetShare: Double? = nil) {
            self.month = month
            self.pupils = pupils
            self.pupilsConcerning = pupilsConcerning
            self.concerningShare = concerningShare
            self.targetShare = targetShare
        }
    }

    public struct School: Codable, Sendable {
        public var schoolId: String
        public var schoolName: String
        public var months: [Month]
        /// The pupils counted in the latest month with figures.
        public var latestPupils: Int
        /// Each pupil's latest figure in the latest quarter with figures, counted.
        public var latestQuarter: DashboardFigures.Quarter?
        public var openCases: Int
        public var medianDaysConcernToCase: Double?
        public var improvedShare: Double?

        public init(schoolId: String, schoolName: String, months: [Month], latestPupils: Int, latestQuarter: DashboardFigures.Quarter? = nil, openCases: Int,
                    medianDaysConcernToCase: Double? = nil, improvedShare: Double? = nil) {
            self.schoolId = schoolId
            self.schoolName = schoolName
            self.months = months
            self.latestPupils = latestPupils
            self.latestQuarter = latestQuarter
            self.openCases = openCases
            self.medianDaysConcernToCase = medianDaysConcernToCase
            self.improvedShare = improvedShare
        }
    }

    public var from: String
    public var to: String
    public var targetReduction: Double
    public var overall: [Month]
    public var schools: [School]

    public init(from: String, to: String, targetReduction: Double, overall: [Month], schools: [School]) {
        self.from = from
        self.to = to
        self.targetReduction = targetReduction
        self.overall = overall
        self.schools = schools
    }
}
