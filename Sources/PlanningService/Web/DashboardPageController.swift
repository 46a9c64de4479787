import Foundation
import Hummingbird
import Shared

/// `GET /dashboard[?schoolId=]`: the municipality's and each school's share of pupils with
/// concerning absence month by month against the target, as SVG charts, and a table of schools
/// (open cases, unauthorized ≥ 15 % in the quarter, days from concern to case, improved at close).
/// Figures only, through `GET /v1/dashboard`: a school leader sees their own schools.
struct DashboardPageController: Sendable {
    let app: WebApp
    let directory: SchoolDirectory

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
        var hasChart: Bool
        var rows: [Row]
        var latest: String
        var targetReduction: String
    }

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("dashboard") { request, _ -> Response in
            let signedIn = try await app.requireSignIn(request)
            let language = app.language(request)
            let staff = signedIn.staff
            let api = app.api(signedIn)
            let municipal = WebApp.allows(.viewMunicipalityFigures, staff, .municipality)
            let known = try await directory.schools()
            let schools = municipal ? known : known.filter { WebApp.allows(.viewSchoolFigures, staff, .school($0.schoolId)) }
            guard municipal || !schools.isEmpty else { throw APIProblem(status: 403, title: "Forbidden", detail: "", fields: []) }
            let selected = request.uri.queryParameters["schoolId"].map(String.init)
            let figures = try await WebApp.concurrently(schools) { school in
                try await api.get("/v1/dashboard?schoolId=\(StaffAPI.escape(school.schoolId))", as: WebModels.Dashboard.self).figures
            }
            let main: (String, DashboardFigures)?
            if let selected, let index = schools.firstIndex(where: { $0.schoolId == selected }) {
                main = (schools[index].name, figures[index])
            } else if municipal {
                main = (language.text("dashboard_municipality"), try await api.get("/v1/dashboard", as: WebModels.Dashboard.self).figures)
            } else {
                main = schools.first.map { ($0.name, figures[0]) }
            }
            let rows = zip(schools, figures).map { school, figures in row(school, figures, selected: school.schoolId == selected, language) }
            let model = Model(
                heading: main?.0 ?? "", chart: main.map { chart($0.1, title: $0.0, language, id: "main", sparkline: false) } ?? "", hasChart: main != nil,
                rows: rows, latest: main?.1.months.last?.month ?? "", targetReduction: language.percent(main?.1.targetReduction ?? 0))
            return app.render("dashboard", model, app.frame(request, signedIn, title: language.text("dashboard_title"), current: "dashboard"))
        }
    }

    func row(_ school: SchoolDirectory.School, _ figures: DashboardFigures, selected: Bool, _ language: WebLanguage) -> Row {
        let latest = figures.months.last { $0.concerningShare != nil } ?? figures.months.last
        let closed = figures.months.reduce(0) { $0 + $1.casesClosed }
        let improved = figures.months.compactMap { month in month.improvedShare.map { $0 * Double(month.casesClosed) } }.reduce(0, +)
        let days = figures.months.compactMap(\.medianDaysConcernToCase)
        return Row(
            href: "/dashboard?schoolId=\(StaffAPI.escape(school.schoolId))", name: school.name, pupils: latest?.pupils ?? 0,
            share: latest?.concerningShare.map { language.percent($0) } ?? "–", target: latest?.targetShare.map { language.percent($0) } ?? "–",
            sparkline: chart(figures, title: school.name, language, id: "s-\(school.schoolId)", sparkline: true), openCases: figures.openCases,
            unauthorized: figures.quarters.last.map { "\($0.pupilsUnauthorizedAtLeast15) / \($0.pupils)" } ?? "–",
            daysToCase: days.isEmpty ? "–" : String(format: "%.0f", DashboardFigures.median(days) ?? 0),
            improved: closed == 0 ? "–" : language.percent(improved / Double(closed)), selected: selected)
    }

    func chart(_ figures: DashboardFigures, title: String, _ language: WebLanguage, id: String, sparkline: Bool) -> String {
        TrendChart.render(
            months: figures.months.map(\.month),
            series: [
                .init(name: language.text("chart_share"), values: figures.months.map(\.concerningShare), color: "#1a56b0"),
                .init(name: language.text("chart_target"), values: figures.months.map(\.targetShare), color: "#8a1c1c", dashed: true),
            ],
            title: "\(language.text("chart_share")) — \(title)", id: id, width: sparkline ? 120 : 640, height: sparkline ? 32 : 220, sparkline: sparkline)
    }
}
