import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Opsporing: `GET /schools/{schoolId}/inbox` — one row per pupil with all of its open findings, in
/// the order of attention (legal duties first), the count per tier, filters and paging — and
/// `POST /schools/{schoolId}/inbox/{pupilKey}`, a decision on the pupil through the API (open a
/// case with the person as tovholder, watch until a date, contact the parents, dismiss with a reason).
struct InboxPageController: Sendable {
    let app: WebApp
    static let pageSize = 25

    struct Option { var value: String; var label: String; var selected: Bool }
    struct TierCount { var label: String; var code: String; var count: Int; var href: String; var selected: Bool }

    struct Model {
        var schoolName: String
        var rows: [PupilRowView]
        var tiers: [TierCount]
        var total: Int
        var from: Int
        var to: Int
        var canTriage: Bool
        var today: String
        var action: String
        var filterAction: String
        var states: [Option]
        var rules: [Option]
        var hasCaseOptions: [Option]
        var className: String
        var grade: String
        var tier: String
        var meetingHref: String
        var previousHref: String
        var nextHref: String
        var isEmpty = false
        var hasPrevious = false
        var hasNext = false
    }

    static let rules = ["unauthorized-quarter-report", "unauthorized-quarter-warning", "unauthorized-quarter-so-far", "severe-absence",
                        "concerning-absence", "prolonged-illness", "quarter-absence-support-plan", "quarter-absence-contact", "staff-report",
                        "beginning-absence", "weekday-pattern", "absence-streak", "repeated-lateness"]

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("schools/{schoolId}/inbox") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, school: try context.parameters.text("schoolId"))
        }

        router.post("schools/{schoolId}/inbox/{pupilKey}") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let school = try context.parameters.text("schoolId")
            let pupilKey = try context.parameters.text("pupilKey")
            let form = try await app.form(request, signedIn)
            let staff = signedIn.staff
            var triaged: PupilTriaged?
            var opensCase = false
            let problem = try await app.attempt {
                var triage = PupilTriage(decision: try WebApp.decision(form["decision"], field: "decision"), reason: form["reason"].flatMap { $0.isEmpty ? nil : $0 })
                switch triage.decision {
                case .watch, .contactParents: triage.reviewDate = form["reviewDate"].flatMap(SchoolDate.init)
                case .openCase:
                    triage.team = [CaseTeam.Member(staffId: staff.staffId, role: .coordinator, email: staff.email, name: staff.name)]
                    triage.meetingCadenceDays = form["cadence"].flatMap { Int($0) }
                    opensCase = true
                case .dismiss: break
                }
                triaged = try await app.api(signedIn).send("POST", "/v1/schools/\(StaffAPI.escape(school))/pupils/\(StaffAPI.escape(pupilKey))/triage",
                                                           triage, as: PupilTriaged.self)
            }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, school: school, message: message.text, details: message.details, status: .unprocessableContent)
            }
            if let caseId = triaged?.caseId, opensCase { throw WebRedirect(location: WebApp.caseHref(caseId)) }
            let back = form["back"].map { PKCE.safeReturnPath($0) } ?? "/schools/\(StaffAPI.escape(school))/inbox"
            throw WebRedirect(location: back)
        }
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, school: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let query = request.uri.queryParameters
        func value(_ name: String) -> String { query[Substring(name)].map(String.init) ?? "" }
        let state = value("state").isEmpty ? "new" : value("state")
        let pageNumber = max(1, Int(value("page")) ?? 1)
        var parameters: [(String, String)] = [("state", state)]
        for name in ["class", "grade", "rule", "hasCase", "tier"] where !value(name).isEmpty { parameters.append((name, value(name))) }
        func encoded(_ items: [(String, String)]) -> String { items.map { "\($0.0)=\(StaffAPI.escape($0.1))" }.joined(separator: "&") }
        let api = "/v1/schools/\(StaffAPI.escape(school))/inbox?" + encoded(parameters + [("offset", "\((pageNumber - 1) * Self.pageSize)"), ("limit", "\(Self.pageSize)")])
        let inbox = try await app.api(signedIn).get(api, as: InboxView.self)
        let canTriage = WebApp.allows(.triageConcern, signedIn.staff, .school(school))
        let rows = inbox.pupils.map { PupilRowView($0, language, canDecide: canTriage) }
        let base = "/schools/\(StaffAPI.escape(school))/inbox"
        var model = Model(
            schoolName: inbox.pupils.first?.pupil?.schoolName ?? school, rows: rows,
            tiers: inbox.tiers.map { tier in
                TierCount(label: language.name("tier", tier.tier), code: tier.tier, count: tier.count,
                          href: base + "?" + encoded(parameters.filter { $0.0 != "tier" } + (tier.tier == value("tier") ? [] : [("tier", tier.tier)])),
                          selected: tier.tier == value("tier"))
            },
            total: inbox.total, from: inbox.total == 0 ? 0 : inbox.offset + 1, to: inbox.offset + rows.count, canTriage: canTriage,
            today: SchoolDate(Date()).description, action: base + "/", filterAction: base,
            states: (["new", "watching", "contacting", "dismissed", "case", "all"]).map { Option(value: $0, label: language.name("triage", $0), selected: $0 == state) },
            rules: [Option(value: "", label: language.text("inbox_anyRule"), selected: value("rule").isEmpty)]
                + Self.rules.map { Option(value: $0, label: language.name("rule", $0), selected: $0 == value("rule")) },
            hasCaseOptions: [("", "inbox_any"), ("true", "inbox_yes"), ("false", "inbox_no")].map {
                Option(value: $0.0, label: language.text($0.1), selected: $0.0 == value("hasCase"))
            },
            className: value("class"), grade: value("grade"), tier: value("tier"), meetingHref: base.replacingOccurrences(of: "/inbox", with: "/meeting"),
            previousHref: base + "?" + encoded(parameters + [("page", "\(pageNumber - 1)")]),
            nextHref: base + "?" + encoded(parameters + [("page", "\(pageNumber + 1)")]))
        (model.isEmpty, model.hasPrevious, model.hasNext) = (rows.isEmpty, pageNumber > 1, inbox.offset + rows.count < inbox.total)
        return app.render("inbox", model, app.frame(request, signedIn, title: language.text("inbox_title"), current: "inbox", message: message, details: details),
                          status: status)
    }
}
