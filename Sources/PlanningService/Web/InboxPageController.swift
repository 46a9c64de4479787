import Foundation
import Hummingbird
import Shared

/// Opsporing: `GET /schools/{schoolId}/inbox` — the school's new and watched concerns, each with
/// its triage (dismiss with a reason, keep watching until a date, open a case with the person as
/// tovholder) — and `POST /schools/{schoolId}/inbox/{concernId}`, which triages through the API.
struct InboxPageController: Sendable {
    let app: WebApp
    static let shown = 100

    struct Row {
        var concernId: String
        var version: Int
        var pupil: String
        var pupilHref: String
        var className: String
        var rule: String
        var summary: String
        var raised: String
        var triage: String
        var isNew: Bool
        var caseHref: String
        var hasCase: Bool
    }

    struct Model {
        var schoolName: String
        var rows: [Row]
        var total: Int
        var shown: Int
        var canTriage: Bool
        var today: String
        var action: String
        var isEmpty = false
        var isCut = false
    }

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("schools/{schoolId}/inbox") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, school: try context.parameters.text("schoolId"))
        }

        router.post("schools/{schoolId}/inbox/{concernId}") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let school = try context.parameters.text("schoolId")
            let concernId = try context.parameters.text("concernId")
            let form = try await app.form(request, signedIn)
            let staff = signedIn.staff
            var triage = WebModels.Triage(decision: form["decision"] ?? "", reason: form["reason"])
            switch triage.decision {
            case "watch": triage.reviewDate = form["reviewDate"].flatMap(SchoolDate.init)
            case "open-case":
                triage.team = [CaseTeam.Member(staffId: staff.staffId, role: .coordinator, email: staff.email, name: staff.name)]
                triage.meetingCadenceDays = form["cadence"].flatMap { Int($0) }
            default: break
            }
            var triaged: WebModels.Triaged?
            let problem = try await app.attempt {
                triaged = try await app.api(signedIn).send("POST", "/v1/concerns/\(StaffAPI.escape(concernId))/triage", triage,
                                                           ifMatch: form["version"].map { "\"\($0)\"" }, as: WebModels.Triaged.self)
            }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, school: school, message: message.text, details: message.details, status: .unprocessableContent)
            }
            if let caseId = triaged?.caseId { throw WebRedirect(location: WebApp.caseHref(caseId)) }
            throw WebRedirect(location: "/schools/\(StaffAPI.escape(school))/inbox")
        }
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, school: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let triageStates = request.uri.queryParameters["show"] == "all" ? "new,watching,dismissed,case" : "new,watching"
        let inbox = try await app.api(signedIn).get("/v1/schools/\(StaffAPI.escape(school))/concerns?triage=\(triageStates)", as: WebModels.Inbox.self)
        let rows = inbox.concerns.prefix(Self.shown).map { concern in
            Row(concernId: concern.concernId, version: concern.version, pupil: WebApp.pupilName(concern.pupil, fallback: concern.pupilKey),
                pupilHref: WebApp.pupilHref(concern.pupilKey), className: concern.pupil?.className ?? "", rule: language.name("rule", concern.rule),
                summary: concern.explanation.map { "\(language.figure($0.rate, against: $0.threshold)), \($0.schoolDays) \(language.text("pupil_schoolDays"))" } ?? "",
                raised: language.date(concern.raisedAt), triage: language.name("triage", concern.triage.rawValue),
                isNew: concern.triage == .new || concern.triage == .watching,
                caseHref: concern.caseId.map(WebApp.caseHref) ?? "", hasCase: concern.caseId != nil)
        }
        var model = Model(
            schoolName: inbox.concerns.first?.pupil?.schoolName ?? school, rows: Array(rows), total: inbox.concerns.count, shown: rows.count,
            canTriage: WebApp.allows(.triageConcern, signedIn.staff, .school(school)), today: SchoolDate(Date()).description,
            action: "/schools/\(StaffAPI.escape(school))/inbox/")
        (model.isEmpty, model.isCut) = (model.rows.isEmpty, model.total > model.shown)
        return app.render("inbox", model, app.frame(request, signedIn, title: language.text("inbox_title"), current: "inbox", message: message, details: details),
                          status: status)
    }
}
