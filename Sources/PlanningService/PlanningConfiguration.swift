import PlanningAPI
import Shared

/// PlanningService's own settings (beyond the shared ones): staff sign-in, the legal deadlines
/// and the municipality's dashboard target.
struct PlanningConfiguration: Sendable {
    var auth: AuthConfiguration
    var deadlines: LegalDeadlines
    var dashboard: DashboardFigures.Settings
    var maxBodyBytes: Int

    init(settings: Settings) throws {
        auth = try AuthConfiguration(settings: settings)
        deadlines = LegalDeadlines(
            warnParentsWeekdays: try settings.int("PLANNING_WARN_PARENTS_SCHOOL_DAYS", default: 10, range: 1...60),
            notifyMunicipalityWeekdays: try settings.int("PLANNING_NOTIFY_MUNICIPALITY_SCHOOL_DAYS", default: 5, range: 0...60))
        var dashboard = DashboardFigures.Settings()
        dashboard.targetReduction = Double(try settings.int("PLANNING_TARGET_REDUCTION_PERCENT", default: 15, range: 0...100)) / 100
        self.dashboard = dashboard
        maxBodyBytes = try settings.int("PLANNING_MAX_BODY_BYTES", default: 1024 * 1024, range: 1024...16 * 1024 * 1024)
    }
}
