import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /dashboard[?schoolId=]`: the municipality's (or one school's) targets — særligt problematisk
/// fravær and underretninger month by month against the baseline period the municipality chose, the
/// school years, the share over 10 % absence beside the national figure — and a table of schools.
/// Figures only, read through `GET /v1/dashboard/schools` with the person's token: the API decides
/// who sees which schools (the municipality's analyst and administrator every school, a school
/// leader their own schools). `POST /dashboard/targets`: the administrator's form for the targets,
/// through `PUT /v1/dashboard/targets` with the version shown as If-Match.
struct DashboardPageController: Sendable {
    let app: WebApp

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("dashboard") { request, _ -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn)
        }

        router.post("dashboard/targets") { request, _ -> Response in
            let signedIn = try await app.requireSignIn(request)
            let form = try await app.form(request, signedIn)
            let problem = try await app.attempt {
                let change = DashboardTargetsChange(
                    baselineFrom: form["baselineFrom"] ?? "", baselineTo: form["baselineTo"] ?? "",
                    problematicReduction: try Self.share(form["problematicReduction"], field: "problematicReduction"),
                    underretningReduction: try Self.share(form["underretningReduction"], field: "underretningReduction"))
                _ = try await app.api(signedIn).send("PUT", "/v1/dashboard/targets", change, ifMatch: "\"\(form["version"] ?? "")\"", as: DashboardTargets.self)
            }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, message: message.text, details: message.details, status: .unprocessableContent)
            }
            throw WebRedirect(location: "/dashboard#targets")
        }
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let municipal = WebApp.allows(.viewMunicipalityFigures, signedIn.staff, .municipality)
        let dashboard = try await app.api(signedIn).get("/v1/dashboard/schools", as: SchoolsDashboard.self)
        let schools = dashboard.schools
        guard municipal || !schools.isEmpty else { throw APIProblem(status: 403, title: "Forbidden", detail: "", fields: []) }
        let selected = request.uri.queryParameters["schoolId"].map(String.init).flatMap { id in schools.contains { $0.schoolId == id } ? id : nil }
            ?? (municipal ? nil : schools.first?.schoolId)
        let model = DashboardPageModel(dashboard, selected: selected, canSetTargets: WebApp.allows(.setDashboardTargets, signedIn.staff, .municipality),
                                       language: language)
        return app.render("dashboard", model, app.frame(request, signedIn, title: language.text("dashboard_title"), current: "dashboard",
                                                        message: message, details: details), status: status)
    }

    /// A percentage from the form ("15" or "12,5") as the API's share (0.15); one that is no number is
    /// refused here as the API would refuse it, naming the field.
    static func share(_ value: String?, field: String) throws -> Double {
        guard let text = value?.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."), let percent = Double(text), percent.isFinite else {
            throw APIProblem(status: 422, title: "The request is not valid", detail: "", fields: [.init(index: nil, field: field, reason: "must be a percentage from 0 to 100")])
        }
        return percent / 100
    }
}
