/// `GET /v1/dashboard/schools?from=&to=`: the dashboard page in one answer — every school whose
/// figures the caller may see (the municipality's analyst and administrator all, a school leader
/// their own), each with its targets' figures (`DashboardFigures`), the latest quarter's pupils with
/// unauthorized absence at or over 15 %, open cases, the median days from the first concern to the
/// case and the share of closed cases that improved; and `overall`, the same figures for those
/// schools together (for the municipality's roles: the municipality). With the targets and what
/// the figures mean. Counted by PostgreSQL for all schools at once. Figures only: no pupil.
public struct SchoolsDashboard: Codable, Sendable {
    public struct School: Codable, Sendable {
        public var schoolId: String
        public var schoolName: String
        public var figures: DashboardFigures
        /// The pupils counted in the latest month with figures.
        public var latestPupils: Int
        /// Each pupil's latest figure in the latest quarter with figures, counted.
        public var latestQuarter: DashboardView.Quarter?
        public var openCases: Int
        public var medianDaysConcernToCase: Double?
        public var improvedShare: Double?

        public init(schoolId: String, schoolName: String, figures: DashboardFigures, latestPupils: Int, latestQuarter: DashboardView.Quarter? = nil,
                    openCases: Int, medianDaysConcernToCase: Double? = nil, improvedShare: Double? = nil) {
            (self.schoolId, self.schoolName, self.figures, self.latestPupils, self.latestQuarter) = (schoolId, schoolName, figures, latestPupils, latestQuarter)
            (self.openCases, self.medianDaysConcernToCase, self.improvedShare) = (openCases, medianDaysConcernToCase, improvedShare)
        }
    }

    public var from: String
    public var to: String
    public var targets: DashboardTargets
    public var definitions: DashboardDefinitions
    public var overall: DashboardFigures
    public var schools: [School]

    public init(from: String, to: String, targets: DashboardTargets, definitions: DashboardDefinitions, overall: DashboardFigures, schools: [School]) {
        (self.from, self.to, self.targets, self.definitions, self.overall, self.schools) = (from, to, targets, definitions, overall, schools)
    }
}
