import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Step 1 — `GET /schools/{schoolId}/contacts[?day=]`: the school's daily contact list, the pupils
/// with unauthorized absence that day, each marked contacted (how, when, by whom) or with a form to
/// record the contact; below, the days before still without a contact. `POST` records a contact
/// through the API. Printable (the forms stay off paper).
struct ContactListPageController: Sendable {
    let app: WebApp
    /// How far back the list (and the start page) looks for days still without a contact.
    static let lookBackDays = 28

    struct Row {
        var index: Int
        var pupilKey: String
        var pupil: String
        var pupilHref: String
        var className: String
        var date: String
        var dateValue: String
        var share: String
        var recorded: String
        var contacted: Bool
        var overdue: Bool
        var contacts: [LegalTrackViews.Contact]
    }

    struct Model {
        var schoolName: String
        var day: String
        var dayValue: String
        var previousHref: String
        var nextHref: String
        var action: String
        var rows: [Row]
        var earlier: [Row]
        var hasRows: Bool
        var hasEarlier: Bool
        var open: Int
        var methods: [LegalTrackViews.Option]
        var printedOn: String
    }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("schools/{schoolId}/contacts") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, school: try context.parameters.text("schoolId"))
        }

        router.post("schools/{schoolId}/contacts") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let school = try context.parameters.text("schoolId")
            let form = try await app.form(request, signedIn)
            let problem = try await app.attempt {
                guard let date = form["date"].flatMap(SchoolDate.accepted) else {
                    throw APIProblem(status: 400, title: "The contact is not valid", detail: "", fields: [.init(index: nil, field: "absenceDate", reason: "is not a date")])
                }
                guard let method = form["method"].flatMap(ContactMethod.init) else {
                    throw APIProblem(status: 400, title: "The contact is not valid", detail: "", fields: [.init(index: nil, field: "method", reason: "choose how")])
                }
                _ = try await app.api(signedIn).send("POST", "/v1/schools/\(StaffAPI.escape(school))/parent-contacts",
                                                     NewParentContact(pupilKey: form["pupil"] ?? "", absenceDate: date, method: method,
                                                                      reached: form["reached"] == "yes", note: form["note"]), as: Ignored.self)
            }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, school: school, message: message.text, details: message.details, status: .unprocessableContent)
            }
            let day = form["day"].flatMap(SchoolDate.accepted)?.description ?? ""
            throw WebRedirect(location: "/schools/\(StaffAPI.escape(school))/contacts?day=\(day)#contacts")
        }
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, school: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let today = SchoolDate(Date())
        let day = request.uri.queryParameters["day"].flatMap { SchoolDate.accepted(String($0)) } ?? today
        let api = app.api(signedIn)
        let base = "/v1/schools/\(StaffAPI.escape(school))/contact-list"
        async let list = api.get(base + "?from=\(day)&to=\(day)", as: ContactList.self)
        async let before = api.get(base + "?from=\(day.adding(days: -Self.lookBackDays))&to=\(day.adding(days: -1))&open=true", as: ContactList.self)
        let (rows, earlier) = (try await list.rows, try await before.rows)
        func row(_ item: ContactList.Row, _ index: Int) -> Row {
            Row(index: index, pupilKey: item.pupilKey, pupil: WebApp.pupilName(item.pupil, fallback: item.pupilKey), pupilHref: WebApp.pupilHref(item.pupilKey),
                className: item.pupil?.className ?? "", date: language.date(item.date), dateValue: item.date.description,
                share: item.periods == ["day"] ? language.text("legal_wholeDay")
                    : "\(language.text("legal_lessons")) \(item.periods.joined(separator: ", "))",
                recorded: language.dateTime(item.firstRecordedAt), contacted: item.contacted, overdue: item.overdue,
                contacts: LegalTrackViews.contacts(item.contacts, language))
        }
        let model = Model(
            schoolName: (rows.first ?? earlier.first)?.pupil?.schoolName ?? school, day: language.date(day), dayValue: day.description,
            previousHref: "/schools/\(StaffAPI.escape(school))/contacts?day=\(Self.weekday(before: day))",
            nextHref: "/schools/\(StaffAPI.escape(school))/contacts?day=\(Self.weekday(after: day))",
            action: "/schools/\(StaffAPI.escape(school))/contacts",
            rows: rows.enumerated().map { row($1, $0) }, earlier: earlier.enumerated().map { row($1, rows.count + $0) },
            hasRows: !rows.isEmpty, hasEarlier: !earlier.isEmpty, open: rows.filter { !$0.contacted }.count + earlier.count,
            methods: LegalTrackViews.options(ContactMethod.self, kind: "contact", language), printedOn: language.date(today))
        return app.render("contacts", model, app.frame(request, signedIn, title: language.text("contacts_title"), current: "contacts", message: message,
                                                         details: details), status: status)
    }

    static func weekday(before day: SchoolDate) -> SchoolDate {
        var date = day.adding(days: -1)
        while date.isWeekend { date = date.adding(days: -1) }
        return date
    }

    static func weekday(after day: SchoolDate) -> SchoolDate { day.addingWeekdays(1) }
}
