import PlanningAPI

/// What the dashboard's figures mean (PlanningConfiguration reads them; docs/planning.md, "Dashboard",
/// cites the sources): the line of særligt problematisk fravær, the ministry's national figure with
/// its school year, and the quarter line of the underretning.
struct DashboardSettings: Sendable, Equatable {
    /// Særligt problematisk fravær: all absence at or over this share of the last 40 school days.
    var problematicThreshold = 0.20
    /// The ministry's share of folkeskole pupils with more than 10 % absence in a school year.
    var nationalShare = 0.216
    var nationalSchoolYear = "2023/24"
    var unauthorizedQuarterThreshold = 0.15

    /// The window Screening's summary gives the figure over (`last40SchoolDays`).
    static let problematicWindowSchoolDays = 40
    /// The ministry's line: more than 10 % of the school year's school days.
    static let nationalThreshold = 0.10
    /// Absent days are summed from the weekly series, which Screening rounds to 0.001 day a week: a
    /// pupil is over the line when more than this many days above it. Less than any real difference
    /// a lesson makes (1/90 day at 9 lessons a day against a line of tenths of days), more than the
    /// rounding of 29 weeks.
    static let nationalTolerance = 0.01
    /// What the underretninger count is made of today (`UnderretningCount`).
    static let underretningerCounted = "legal-task:notify-municipality"

    var definitions: DashboardDefinitions {
        DashboardDefinitions(problematicThreshold: problematicThreshold, problematicWindowSchoolDays: Self.problematicWindowSchoolDays,
                             nationalThreshold: Self.nationalThreshold, nationalShare: nationalShare, nationalSchoolYear: nationalSchoolYear,
                             underretningerCounted: Self.underretningerCounted)
    }
}
