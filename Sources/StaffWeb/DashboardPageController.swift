import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /dashboard[?schoolId=]`: the municipality's (or one school's) share of pupils with
/// concerning absence month by month against the target as an SVG chart, and a table of schools
/// with a trend line each, open cases, unauthorized ≥ 15 % in the quarter, days from concern to
/// case and improved at close. Figures only, read through `GET /v1/dashboard/schools` with the
/// person's token: the API decides who sees which schools (the municipality's analyst and
/// administrator every school, a school leader their own schools).
struct DashboardPageController: Sendable {
    let app: WebApp

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

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("dashboard") { request, _ -> Response in
            let signedIn = try await app.requireSignIn(request)
            let language = app.language(request)
            let municipal = WebApp.allows(.viewMunicipalityFigures, signedIn.staff, .municipality)
            let dashboard = try await app.api(signedIn).get("/v1/dashboard/schools", as: SchoolsDashboard.self)
            let schools = dashboard.schools
            guard municipal || !schools.isEmpty else { throw APIProblem(status: 403, title: "Forbidden", detail: "", fields: []) }
            let selected = request.uri.queryParameters["schoolId"].map(String.init).flatMap { id in schools.contains { $0.schoolId == id } ? id : nil }
                ?? (municipal ? nil : schools.first?.schoolId)
            let school = selected.flatMap { id in schools.first { $0.schoolId == id } }
            let heading = school?.schoolName ?? language.text("dashboard_municipality")
            let model = Model(heading: heading, chart: chart(school?.months ?? dashboard.overall, title: heading, language, id: "main", sparkline: false),
                              rows: schools.map { row($0, selected: $0.schoolId == selected, language) },
                              targetReduction: language.percent(dashboard.targetReduction))
            return app.render("dashboard", model, app.frame(request, signedIn, title: language.text("dashboard_title"), current: "dashboard"))
        }
    }

    func row(_ school: SchoolsDashboard.School, selected: Bool, _ language: WebLanguage) -> Row {
        let share = school.months.last { $0.concerningShare != nil }?.concerningShare
        let target = school.months.last { $0.targetShare != nil }?.targetShare
        return Row(href: "/dashboard?schoolId=\(StaffAPI.escape(school.schoolId))", name: school.schoolName, pupils: school.latestPupils,
                   share: share.map { language.percent($0) } ?? "–", target: target.map { language.percent($0) } ?? "–",
                   sparkline: chart(school.months, title: school.schoolName, language, id: "s-\(school.schoolId)", sparkline: true), openCases: school.openCases,
                   unauthorized: school.latestQuarter.map { "\($0.pupilsUnauthorizedAtLeast15) / \($0.pupils)" } ?? "–",
                   daysToCase: school.medianDaysConcernToCase.map { String(Int($0.rounded())) } ?? "–",
                   improved: school.improvedShare.map { language.percent($0) } ?? "–", selected: selected)
    }

    func chart(_ months: [SchoolsDashboard.Month], title: String, _ language: WebLanguage, id: String, sparkline: Bool) -> String {
        TrendChart.render(
            months: months.map(\.month),
            series: [
                .init(name: language.text("chart_share"), values: months.map(\.concerningShare), color: "#1a56b0"),
                .init(name: language.text("chart_target"), values: months.map(\.targetShare), color: "#8a1c1c", dashed: true),
            ],
            title: "\(language.text("chart_share")) — \(title)", id: id, width: sparkline ? 120 : 640, height: sparkline ? 32 : 220, sparkline: sparkline)
    }
}
