import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /`: for a visitor, the sign-in; for a signed-in person, what needs them today — the pupils
/// new in each school's inbox by tier, legal deadlines at their schools, their cases, the next meetings and the plan
/// actions they own that fall due within two weeks; for the data protection officer, the audit log.
struct StartPageController: Sendable {
    let app: WebApp

    struct PupilRow { var pupil: String; var href: String; var className: String; var tier: String; var tierCode: String; var rule: String; var asOf: String }
    struct TierLink { var label: String; var code: String; var count: Int; var href: String }
    struct LegalRow { var what: String; var pupil: String; var due: String; var overdue: Bool; var href: String }
    /// A school's new pupils (not findings) by tier, each tier linking to its part of the inbox.
    struct School {
        var schoolId: String; var inboxHref: String; var newCount: Int; var tiers: [TierLink]; var pupils: [PupilRow]; var legal: [LegalRow]
        var hasPupils: Bool; var hasLegal: Bool
        /// Days of unauthorized absence (the last four weeks) whose parents nobody has contacted yet: the daily contact list.
        var openContacts: Int; var contactsHref: String; var hasOpenContacts: Bool
    }
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

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("/") { request, _ -> Response in
            let language = app.language(request)
            guard let signedIn = await app.signedIn(request) else {
                return app.render("welcome", [String: String](), app.frame(request, nil, title: language.text("welcome_title")))
            }
            // The data protection officer has no inbox, cases or meetings: their start is the audit log.
            if signedIn.staff.roles.count == 1, signedIn.staff.has(.dataProtectionOfficer) { throw WebRedirect(location: "/audit") }
            let model = try await load(signedIn, language)
            return app.render("start", model, app.frame(request, signedIn, title: language.text("start_title"), current: "start"))
        }
    }

    func load(_ signedIn: WebSignedIn, _ language: WebLanguage) async throws -> Model {
        let api = app.api(signedIn)
        let today = SchoolDate(Date())
        let schools = try await WebApp.concurrently(Array(WebApp.inboxSchools(signedIn.staff).prefix(6))) { school -> School in
            let inboxHref = "/schools/\(StaffAPI.escape(school))/inbox"
            async let inbox = api.get(inboxHref.replacingOccurrences(of: "/schools/", with: "/v1/schools/") + "?state=new&limit=5", as: InboxView.self)
            async let legal = api.get("/v1/schools/\(StaffAPI.escape(school))/legal-tasks", as: LegalTaskList.self)
            async let contacts = api.get("/v1/schools/\(StaffAPI.escape(school))/contact-list?from=\(today.adding(days: -ContactListPageController.lookBackDays))&to=\(today)&open=true",
                                         as: ContactList.self)
            let rows = try await inbox
            let tasks = try await legal.tasks.filter(\.isOpen).sorted { $0.dueDate < $1.dueDate }
            let names = Dictionary(rows.pupils.map { ($0.pupilKey, WebApp.pupilName($0.pupil, fallback: $0.pupilKey)) }, uniquingKeysWith: { first, _ in first })
            return School(
                schoolId: rows.pupils.first?.pupil?.schoolName ?? school, inboxHref: inboxHref, newCount: rows.total,
                tiers: rows.tiers.filter { $0.count > 0 }.map {
                    TierLink(label: language.name("tier", $0.tier), code: $0.tier, count: $0.count, href: inboxHref + "?state=new&tier=" + $0.tier)
                },
                pupils: rows.pupils.map { row in
                    PupilRow(pupil: WebApp.pupilName(row.pupil, fallback: row.pupilKey), href: WebApp.pupilHref(row.pupilKey),
                             className: row.pupil?.className ?? "", tier: language.name("tier", row.tier), tierCode: row.tier,
                             rule: row.findings.first.map { language.name("rule", $0.rule) } ?? "",
                             asOf: row.findings.first.map { language.date($0.asOf) } ?? "")
                },
                legal: tasks.prefix(5).map {
                    LegalRow(what: language.name("legal", $0.kind.rawValue), pupil: names[$0.pupilKey] ?? language.text("pupil"), due: language.date($0.dueDate), overdue: $0.dueDate < today,
                             href: WebApp.legalTaskHref($0))
                },
                hasPupils: !rows.pupils.isEmpty, hasLegal: !tasks.isEmpty,
                openContacts: try await contacts.open, contactsHref: "/schools/\(StaffAPI.escape(school))/contacts", hasOpenContacts: try await contacts.open > 0)
        }
        let cases = try await api.get("/v1/cases", as: CaseList.self).cases
        let recent = Array(cases.prefix(6))
        let staffId = signedIn.staff.staffId
        let details = try await WebApp.concurrently(recent) { summary -> (CaseView, PlanRevision) in
            async let detail = api.get("/v1/cases/\(StaffAPI.escape(summary.caseId))", as: CaseView.self)
            async let plan = api.get("/v1/cases/\(StaffAPI.escape(summary.caseId))/plan", as: PlanRevision.self)
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
