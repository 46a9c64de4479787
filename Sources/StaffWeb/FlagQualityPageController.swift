import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /flag-quality[?schoolYear=&schoolId=]`: the analyst's table of flag quality per rule, read
/// through `GET /v1/flag-quality` with the person's token (figures only).
struct FlagQualityPageController: Sendable {
    let app: WebApp

    struct Row { var rule: String; var code: String; var pupils: Int; var reached: String; var belowAgain: String; var gotCase: String }
    struct Model {
        var schoolYear: String
        var scope: String
        var rows: [Row]
        var isEmpty: Bool
        var action: String
        var years: [String]
    }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("flag-quality") { request, _ -> Response in
            let signedIn = try await app.requireSignIn(request)
            let language = app.language(request)
            let query = request.uri.queryParameters
            let year = query["schoolYear"].map(String.init) ?? SchoolDate(Date()).schoolYear
            var path = "/v1/flag-quality?schoolYear=\(StaffAPI.escape(year))"
            if let school = query["schoolId"].map(String.init), !school.isEmpty { path += "&schoolId=\(StaffAPI.escape(school))" }
            let quality = try await app.api(signedIn).get(path, as: FlagQuality.self)
            func cell(_ count: Int, _ share: Double) -> String { "\(count) (\(language.percent(share)))" }
            let rows = quality.rules.map {
                Row(rule: language.name("rule", $0.rule), code: $0.rule, pupils: $0.pupils, reached: cell($0.reachedConcerning, $0.reachedConcerningShare),
                    belowAgain: cell($0.belowAgainWithin8Weeks, $0.belowAgainShare), gotCase: cell($0.gotCase, $0.caseShare))
            }
            let thisYear = SchoolDate(Date()).schoolYear
            let start = Int(thisYear.prefix(4)) ?? 2026
            let model = Model(schoolYear: quality.schoolYear, scope: quality.schoolId ?? language.text("dashboard_municipality"), rows: rows, isEmpty: rows.isEmpty,
                              action: "/flag-quality", years: (0..<3).map { SchoolDate(year: start - $0, month: 9, day: 1)?.schoolYear ?? thisYear })
            return app.render("flagquality", model, app.frame(request, signedIn, title: language.text("quality_title"), current: "quality"))
        }
    }
}
