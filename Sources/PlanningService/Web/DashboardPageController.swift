import Foundation
import Hummingbird
import Shared

/// `GET /dashboard[?schoolId=]`: the municipality's (or one school's) share of pupils with
/// concerning absence month by month against the target as an SVG chart, and a table of schools
/// with a trend line each, open cases, unauthorized ≥ 15 % in the quarter, days from concern to
/// case and improved at close. Figures only. Who sees what follows the access policy of
/// `GET /v1/dashboard`: the municipality's analyst and administrator every school, a school
/// leader their own schools.
struct DashboardPageController: Sendable {
    let app: WebApp
    let readings: DashboardReadings
    let settings: DashboardFigures.Settings

    struct Row {
        var href: String
        var name: String
        var pupils: Int
        var share: String
        var target: String
        var sparkline: String
        var openCases: Int
        var unauthorized: String
        var daysToCase: String
        var improved: String
        var selected: Bool
    }

    struct Model {
        var heading: String
        var chart: String
        var rows: [Row]
        var targetReduction: String
    }

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("dashboard") { request, _ -> Response in
            let signedIn = try await app.requireSignIn(request)
            let language = app.language(request)
            let staff = signedIn.staff
            let municipal = WebApp.allows(.viewMunicipalityFigures, staff, .municipality)
            let schools = try await readings.schools().filter { municipal || WebApp.allows(.viewSchoolFigures, staff, .school($0.schoolId)) }
            guard municipal || !schools.isEmpty else { throw APIProblem(status: 403, title: "Forbidden", detail: "", fields: []) }
            let to = SchoolDate(Date()).monthKey
            let months = DashboardFigures.monthKeys(from: DashboardFigures.month(to, movedBy: -11) ?? to, to: to) ?? [to]
            async let counts = readings.months(months, concerningThreshold: settings.concerningThreshold)
            async let quarters = readings.quarters(months, unauthorizedThreshold: settings.unauthorizedQuarterThreshold)
            async let cases = readings.cases()
            let (monthCounts, quarterCounts, caseFacts) = (try await counts, try await quarters, try await cases)
            func figures(_ include: (String) -> Bool) -> SchoolFigures {
                SchoolFigures.compute(months: months, counts: monthCounts, quarters: quarterCounts, cases: caseFacts,
                                      targetReduction: settings.targetReduction, include: include)
            }
            let allowed = Set(schools.map(\.schoolId))
            let selected = request.uri.queryParameters["schoolId"].map(String.init).flatMap { allowed.contains($0) ? $0 : nil }
                ?? (municipal ? nil : schools.first?.schoolId)
            let heading = selected.flatMap { id in schools.first { $0.schoolId == id }?.name } ?? language.text("dashboard_municipality")
            let main = figures { selected == nil ? allowed.contains($0) : $0 == selected }
            let rows = schools.map { school in
                row(school, figures { $0 == school.schoolId }, selected: school.schoolId == selected, language)
            }
            let model = Model(heading: heading, chart: chart(main, title: heading, language, id: "main", sparkline: false), rows: rows,
                              targetReduction: language.percent(settings.targetReduction))
            return app.render("dashboard", model, app.frame(request, signedIn, title: language.text("dashboard_title"), current: "dashboard"))
        }
    }

    func row(_ school: (schoolId: String, name: String), _ figures: SchoolFigures, selected: Bool, _ language: WebLanguage) -> Row {
        Row(href: "/dashboard?schoolId=\(StaffAPI.escape(school.schoolId))", name: school.name, pupils: figures.latestPupils,
            share: figures.latestShare.map { language.percent($0) } ?? "–", target: figures.latestTarget.map { language.percent($0) } ?? "–",
            sparkline: chart(figures, title: school.name, language, id: "s-\(school.schoolId)", sparkline: true), openCases: figures.openCases,
            unauthorized: figures.latestQuarter.map { "\($0.unauthorized) / \($0.pupils)" } ?? "–",
            daysToCase: figures.medianDaysConcernToCase.map { String(Int($0.rounded())) } ?? "–",
            improved: figures.improvedShare.map { language.percent($0) } ?? "–", selected: selected)
    }

    func chart(_ figures: SchoolFigures, title: String, _ language: WebLanguage, id: String, sparkline: Bool) -> String {
        TrendChart.render(
            months: figures.months,
            series: [
                .init(name: language.text("chart_share"), values: figures.shares, color: "#1a56b0"),
                .init(name: language.text("chart_target"), values: figures.targets, color: "#8a1c1c", dashed: true),
            ],
            title: "\(language.text("chart_share")) — \(title)", id: id, width: sparkline ? 120 : 640, height: sparkline ? 32 : 220, sparkline: sparkline)
    }
}
