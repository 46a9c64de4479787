import Foundation
import Hummingbird
import Shared

/// `GET /`: for a visitor, the sign-in; for a signed-in person, what needs them today — new
/// concerns and legal deadlines at their schools, their cases, the next meetings and the plan
/// actions they own that fall due within two weeks.
struct StartPageController: Sendable {
    let app: WebApp

    struct ConcernRow { var pupil: String; var href: String; var className: String; var rule: String; var raised: String }
    struct LegalRow { var what: String; var pupil: String; var due: String; var overdue: Bool; var href: String }
    struct School { var schoolId: String; var inboxHref: String; var newCount: Int; var concerns: [ConcernRow]; var legal: [LegalRow]; var hasConcerns: Bool; var hasLegal: Bool }
    struct CaseRow { var href: String; var pupil: String; var className: String; var status: String; var opened: String }
    struct DueRow { var when: String; var what: String; var href: String; var pupil: String }
    struct Model {
        var schools: [School]
        var cases: [CaseRow]
        var meetings: [DueRow]
        var actions: [DueRow]
        // Stored, not computed: Mustache reads properties through Mirror, which sees stored ones only.
        var hasCases: Bool
        var hasMeetings: Bool
        var hasActions: Bool

        init(schools: [School], cases: [CaseRow], meetings: [DueRow], actions: [DueRow]) {
            (self.schools, self.cases, self.meetings, self.actions) = (schools, cases, meetings, actions)
            (hasCases, hasMeetings, hasActions) = (!cases.isEmpty, !meetings.isEmpty, !actions.isEmpty)
        }
    }

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("/") { request, _ -> Response in
            let language = app.language(request)
            guard let signedIn = await app.signedIn(request) else {
                return app.render("welcome", [String: String](), app.frame(request, nil, title: language.text("welcome_title")))
            }
            let model = try await load(signedIn, language)
            return app.render("start", model, app.frame(request, signedIn, title: language.text("start_title"), current: "start"))
        }
    }

    func load(_ signedIn: WebSignedIn, _ language: WebLanguage) async throws -> Model {
        let api = app.api(signedIn)
        let today = SchoolDate(Date())
        let schools = try await WebApp.concurrently(Array(WebApp.inboxSchools(signedIn.staff).prefix(6))) { school -> School in
            async let inbox = api.get("/v1/schools/\(StaffAPI.escape(school))/concerns?triage=new", as: WebModels.Inbox.self)
            async let legal = api.get("/v1/schools/\(StaffAPI.escape(school))/legal-tasks", as: WebModels.LegalTasks.self)
            let concerns = try await inbox.concerns
            let tasks = try await legal.tasks.filter(\.isOpen).sorted { $0.dueDate < $1.dueDate }
            let names = Dictionary(concerns.map { ($0.pupilKey, WebApp.pupilName($0.pupil, fallback: $0.pupilKey)) }, uniquingKeysWith: { first, _ in first })
            return School(
                schoolId: concerns.first?.pupil?.schoolName ?? school, inboxHref: "/schools/\(StaffAPI.escape(school))/inbox", newCount: concerns.count,
                concerns: concerns.prefix(5).map {
                    ConcernRow(pupil: WebApp.pupilName($0.pupil, fallback: $0.pupilKey), href: WebApp.pupilHref($0.pupilKey),
                               className: $0.pupil?.className ?? "", rule: language.name("rule", $0.rule), raised: language.date($0.raisedAt))
                },
                legal: tasks.prefix(5).map {
                    LegalRow(what: language.name("legal", $0.kind.rawValue), pupil: names[$0.pupilKey] ?? language.text("pupil"), due: language.date($0.dueDate), overdue: $0.dueDate < today,
                             href: WebApp.pupilHref($0.pupilKey))
                },
                hasConcerns: !concerns.isEmpty, hasLegal: !tasks.isEmpty)
        }
        let cases = try await api.get("/v1/cases", as: WebModels.Cases.self).cases
        let recent = Array(cases.prefix(6))
        let staffId = signedIn.staff.staffId
        let details = try await WebApp.concurrently(recent) { summary -> (WebModels.Case, PlanStore.Revision) in
            async let detail = api.get("/v1/cases/\(StaffAPI.escape(summary.caseId))", as: WebModels.Case.self)
            async let plan = api.get("/v1/cases/\(StaffAPI.escape(summary.caseId))/plan", as: PlanStore.Revision.self)
            return (try await detail, try await plan)
        }
        let horizon = Date().addingTimeInterval(14 * 86400)
        var meetings: [DueRow] = []
        var actions: [DueRow] = []
        for (detail, plan) in details {
            let pupil = WebApp.pupilName(detail.pupil, fallback: detail.pupilKey)
            if let next = detail.nextMeetingAt, next < horizon {
                meetings.append(DueRow(when: language.dateTime(next), what: language.text("case_meetings"), href: WebApp.caseHref(detail.caseId), pupil: pupil))
            }
            for action in plan.plan.actions where action.ownerStaffId == staffId && [.planned, .active].contains(action.status) {
                guard let due = action.dueDate, due <= SchoolDate(horizon) else { continue }
                actions.append(DueRow(when: language.date(due), what: action.title ?? action.catalogueCode, href: WebApp.caseHref(detail.caseId), pupil: pupil))
            }
        }
        return Model(
            schools: schools,
            cases: cases.prefix(10).map {
                CaseRow(href: WebApp.caseHref($0.caseId), pupil: "\($0.givenName ?? "") \($0.familyName ?? "")", className: $0.className ?? "",
                        status: language.name("status", $0.status.rawValue), opened: language.date($0.openedAt))
            },
            meetings: meetings, actions: actions)
    }
}
