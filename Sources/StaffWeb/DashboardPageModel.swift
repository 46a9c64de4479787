import Foundation
import PlanningAPI
import Shared

/// What the dashboard page shows, made from `GET /v1/dashboard/schools` (pure): for the municipality
/// or one school, the two targets of the municipality's change model — særligt problematisk fravær
/// and underretninger — month by month against the baseline period it chose, the school years, the
/// share over 10 % absence beside the ministry's national figure, and the table of schools.
struct DashboardPageModel {
    struct Panel {
        var title: String
        var definition: String
        var chart: String
        var baseline: String
        var target: String
        var latest: String
        var verdict: String
        var hasVerdict: Bool
    }

    struct YearRow {
        var schoolYear: String
        var through: String
        var problematic: String
        var underretninger: String
        var perMonth: String
        var over10: String
    }

    struct Row {
        var href: String
        var name: String
        var pupils: Int
        var problematic: String
        var sparkline: String
        var underretninger: String
        var over10: String
        var openCases: Int
        var unauthorized: String
        var daysToCase: String
        var improved: String
        var selected: Bool
    }

    struct TargetsForm {
        var version: Int
        var baselineFrom: String
        var baselineTo: String
        var problematicReduction: String
        var underretningReduction: String
    }

    var heading: String
    var baselineText: String
    var problematic: Panel
    var underretninger: Panel
    var nationalDefinition: String
    /// The ministry's figure beside each school year's share over 10 % ("21,6 % (2023/24)").
    var national: String
    var years: [YearRow]
    var rows: [Row]
    var currentYear: String
    var canSetTargets: Bool
    var form: TargetsForm

    init(_ dashboard: SchoolsDashboard, selected: String?, canSetTargets: Bool, language: WebLanguage) {
        let school = selected.flatMap { id in dashboard.schools.first { $0.schoolId == id } }
        let figures = school?.figures ?? dashboard.overall
        let (targets, definitions) = (dashboard.targets, dashboard.definitions)
        let title = school?.schoolName ?? language.text("dashboard_municipality")
        heading = title
        func fill(_ key: String, _ values: [String: String]) -> String {
            values.reduce(language.text(key)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        if let baseline = figures.baseline {
            baselineText = fill("dashboard_baselineChosen", ["from": baseline.from, "to": baseline.to, "months": "\(baseline.months)",
                                                             "date": targets.setAt.map { language.date($0) } ?? "–"])
        } else {
            baselineText = language.text("dashboard_noBaseline")
        }
        let percent = { (value: Double?) in value.map { language.percent($0) } ?? "–" }
        let count = { (value: Double?) in Self.perMonth(value, language) }
        let months = figures.months.map(\.month)
        let lastMonth = figures.months.last { $0.hasFigures }
        let problematicTarget = figures.baseline?.problematicTarget
        let latestShare = lastMonth?.problematicShare
        problematic = Panel(
            title: language.text("dashboard_problematicTitle"),
            definition: fill("dashboard_problematicDefinition", ["threshold": language.percent(definitions.problematicThreshold),
                                                                "days": "\(definitions.problematicWindowSchoolDays)",
                                                                "reduction": language.percent(targets.problematicReduction)]),
            chart: TrendChart.render(
                months: months,
                series: [.init(name: language.text("chart_share"), values: figures.months.map(\.problematicShare), color: "#1a56b0"),
                         .init(name: language.text("chart_target"), values: months.map { _ in problematicTarget }, color: "#8a1c1c", dashed: true)],
                title: "\(language.text("chart_share")) — \(title)", id: "problematic"),
            baseline: percent(figures.baseline?.problematicShare), target: percent(problematicTarget),
            latest: lastMonth.map { "\(percent($0.problematicShare)) (\($0.month))" } ?? "–",
            verdict: Self.verdict(latestShare, problematicTarget, language), hasVerdict: latestShare != nil && problematicTarget != nil)
        let underretningTarget = figures.baseline?.underretningTargetPerMonth
        let thisYear = figures.schoolYears.last
        underretninger = Panel(
            title: language.text("dashboard_underretningerTitle"),
            definition: fill("dashboard_underretningerDefinition", ["reduction": language.percent(targets.underretningReduction)]),
            chart: TrendChart.render(
                months: months,
                series: [.init(name: language.text("chart_underretninger"), values: figures.months.map { $0.hasFigures ? Double($0.underretninger) : nil },
                               color: "#1a56b0"),
                         .init(name: language.text("chart_target"), values: months.map { _ in underretningTarget }, color: "#8a1c1c", dashed: true)],
                title: "\(language.text("chart_underretninger")) — \(title)", id: "underretninger", unit: .count),
            baseline: count(figures.baseline?.underretningerPerMonth), target: count(underretningTarget),
            latest: thisYear.map { "\(count($0.underretningerPerMonth)) (\($0.schoolYear))" } ?? "–",
            verdict: Self.verdict(thisYear?.underretningerPerMonth, underretningTarget, language),
            hasVerdict: thisYear?.underretningerPerMonth != nil && underretningTarget != nil)
        nationalDefinition = fill("dashboard_nationalDefinition", ["share": language.percent(definitions.nationalShare), "year": definitions.nationalSchoolYear])
        national = "\(language.percent(definitions.nationalShare)) (\(definitions.nationalSchoolYear))"
        years = figures.schoolYears.map { year in
            YearRow(schoolYear: year.schoolYear, through: year.through.map { language.date($0) } ?? "–", problematic: percent(year.problematicShare),
                    underretninger: "\(year.underretninger)", perMonth: count(year.underretningerPerMonth), over10: percent(year.over10Share))
        }
        currentYear = thisYear?.schoolYear ?? ""
        rows = dashboard.schools.map { Self.row($0, selected: $0.schoolId == selected, language) }
        self.canSetTargets = canSetTargets
        form = TargetsForm(version: targets.version, baselineFrom: targets.baselineFrom ?? "", baselineTo: targets.baselineTo ?? "",
                           problematicReduction: language.days(targets.problematicReduction * 100),
                           underretningReduction: language.days(targets.underretningReduction * 100))
    }

    /// A count a month to one decimal ("2,4"), or "–".
    static func perMonth(_ value: Double?, _ language: WebLanguage) -> String {
        value.map { language.days(($0 * 10).rounded() / 10) } ?? "–"
    }

    /// Below (or at) the target, or above it.
    static func verdict(_ value: Double?, _ target: Double?, _ language: WebLanguage) -> String {
        guard let value, let target else { return "" }
        return language.text(value <= target + 1e-12 ? "dashboard_onTrack" : "dashboard_offTrack")
    }

    static func row(_ school: SchoolsDashboard.School, selected: Bool, _ language: WebLanguage) -> Row {
        let months = school.figures.months
        let year = school.figures.schoolYears.last
        let share = months.last { $0.hasFigures }?.problematicShare
        return Row(
            href: "/dashboard?schoolId=\(StaffAPI.escape(school.schoolId))", name: school.schoolName, pupils: school.latestPupils,
            problematic: share.map { language.percent($0) } ?? "–",
            sparkline: TrendChart.render(months: months.map(\.month), series: [.init(name: language.text("chart_share"), values: months.map(\.problematicShare),
                                                                                      color: "#1a56b0")],
                                         title: "\(language.text("chart_share")) — \(school.schoolName)", id: "s-\(school.schoolId)", width: 120, height: 32,
                                         sparkline: true),
            underretninger: year.map { "\($0.underretninger) (\(perMonth($0.underretningerPerMonth, language)))" } ?? "–",
            over10: year?.over10Share.map { language.percent($0) } ?? "–", openCases: school.openCases,
            unauthorized: school.latestQuarter.map { "\($0.pupilsUnauthorizedAtLeast15) / \($0.pupils)" } ?? "–",
            daysToCase: school.medianDaysConcernToCase.map { String(Int($0.rounded())) } ?? "–",
            improved: school.improvedShare.map { language.percent($0) } ?? "–", selected: selected)
    }
}
