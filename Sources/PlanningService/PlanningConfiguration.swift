import PlanningAPI
import Shared

/// PlanningService's own settings (beyond the shared ones): staff sign-in, the legal track's
/// deadlines (docs/legal-track.md) and the municipality's name on its letters, and what the
/// dashboard's figures mean. The municipality's targets (baseline period, reductions) are data its
/// administrator sets through the API, not settings.
struct PlanningConfiguration: Sendable {
    var auth: AuthConfiguration
    var deadlines: LegalDeadlines
    var municipalityName: String
    var dashboard: DashboardSettings
    var maxBodyBytes: Int

    init(settings: Settings) throws {
        auth = try AuthConfiguration(settings: settings)
        let standard = LegalDeadlines.standard
        deadlines = LegalDeadlines(
            contactParentsWeekdays: try settings.int("PLANNING_CONTACT_PARENTS_SCHOOL_DAYS", default: standard.contactParentsWeekdays, range: 0...10),
            warnParentsWeekdays: try settings.int("PLANNING_WARN_PARENTS_SCHOOL_DAYS", default: standard.warnParentsWeekdays, range: 0...60),
            notifyMunicipalityWeekdays: try settings.int("PLANNING_NOTIFY_MUNICIPALITY_SCHOOL_DAYS", default: standard.notifyMunicipalityWeekdays, range: 0...60),
            receiveWeekdays: try settings.int("PLANNING_RECEIVE_UNDERRETNING_WEEKDAYS", default: standard.receiveWeekdays, range: 0...30),
            hearingWeekdays: try settings.int("PLANNING_HEARING_WEEKDAYS", default: standard.hearingWeekdays, range: 1...60),
            answerDays: try settings.int("PLANNING_HEARING_ANSWER_DAYS", default: standard.answerDays, range: 1...90),
            decisionWeekdays: try settings.int("PLANNING_DECISION_WEEKDAYS", default: standard.decisionWeekdays, range: 1...60),
            appealDays: try settings.int("PLANNING_APPEAL_DAYS", default: standard.appealDays, range: 1...180),
            reassessmentDays: try settings.int("PLANNING_APPEAL_REASSESSMENT_DAYS", default: standard.reassessmentDays, range: 1...180))
        municipalityName = settings.string("PLANNING_MUNICIPALITY_NAME", default: "Kommunen")
        var dashboard = DashboardSettings()
        dashboard.problematicThreshold = Double(try settings.int("PLANNING_PROBLEMATIC_ABSENCE_PERCENT", default: 20, range: 1...100)) / 100
        dashboard.nationalShare = try Self.percent(settings, "PLANNING_NATIONAL_OVER_10_PERCENT", default: "21.6") / 100
        dashboard.nationalSchoolYear = settings.string("PLANNING_NATIONAL_SCHOOL_YEAR", default: "2023/24")
        guard FlagQuality.range(ofSchoolYear: dashboard.nationalSchoolYear) != nil else {
            throw ConfigurationError(variable: "PLANNING_NATIONAL_SCHOOL_YEAR", reason: "expected a school year like 2023/24, got '\(dashboard.nationalSchoolYear)'")
        }
        self.dashboard = dashboard
        maxBodyBytes = try settings.int("PLANNING_MAX_BODY_BYTES", default: 1024 * 1024, range: 1024...16 * 1024 * 1024)
    }

    /// A percentage with decimals ("21.6"), 0–100.
    private static func percent(_ settings: Settings, _ name: String, default defaultValue: String) throws -> Double {
        let text = settings.string(name, default: defaultValue)
        guard let value = Double(text), value.isFinite, (0...100).contains(value) else {
            throw ConfigurationError(variable: name, reason: "expected a percentage 0–100 like 21.6, got '\(text)'")
        }
        return value
    }
}
