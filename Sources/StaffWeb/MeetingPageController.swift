import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// The opsporingsteam's meeting per school: `GET /schools/{schoolId}/meeting` — the agenda in three
/// sections (new since the last meeting, watched pupils due, at or above the tier without a decision)
/// with one decision per pupil in one form; `POST` sends them all at once with the meeting
/// (`POST /v1/schools/{id}/opsporing-meetings`: all or none); `GET …/meeting/agenda` is the printable
/// agenda — names, class, tier, the rules and their figures, no free text (no reasons, no staff
/// report's words or category: nothing about family or health on paper).
struct MeetingPageController: Sendable {
    let app: WebApp

    struct Section { var code: String; var title: String; var pupils: [PupilRowView]; var count: Int; var isEmpty: Bool }
    struct Option { var value: String; var label: String; var selected: Bool }

    struct Model {
        var schoolName: String
        var sections: [Section]
        var lastMeeting: String
        var hasLastMeeting: Bool
        var threshold: String
        var thresholds: [Option]
        var action: String
        var agendaHref: String
        var today: String
        var canDecide: Bool
        var decisions: [Option]
        var total: Int
        var printedOn: String
    }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("schools/{schoolId}/meeting") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, school: try context.parameters.text("schoolId"), template: "meeting")
        }
        router.get("schools/{schoolId}/meeting/agenda") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, school: try context.parameters.text("schoolId"), template: "agenda")
        }
        router.post("schools/{schoolId}/meeting") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let school = try context.parameters.text("schoolId")
            let form = try await app.form(request, signedIn)
            let staff = signedIn.staff
            // The pupils with a decision chosen, in the form's order: their place is the decision's index in the batch.
            let chosen = form.all("pupil").enumerated().compactMap { index, key in form["decision-\(index)"].map { (index, key, $0) } }
            let problem = try await app.attempt {
                var decisions: [OpsporingDecision] = []
                for (position, (index, key, choice)) in chosen.enumerated() {
                    var item = OpsporingDecision(pupilKey: key, decision: try WebApp.decision(choice, field: "decision", index: position), reason: form["reason-\(index)"])
                    switch item.decision {
                    case .watch, .contactParents: item.reviewDate = form["review-\(index)"].flatMap(SchoolDate.init)
                    case .openCase: item.team = [CaseTeam.Member(staffId: staff.staffId, role: .coordinator, email: staff.email, name: staff.name)]
                    case .dismiss: break
                    }
                    decisions.append(item)
                }
                _ = try await app.api(signedIn).send("POST", "/v1/schools/\(StaffAPI.escape(school))/opsporing-meetings",
                                                     OpsporingMeetingHeld(decisions: decisions), as: Ignored.self)
            }
            if let problem {
                let language = app.language(request)
                var message = app.message(problem, language)
                // The API names a decision by its place in the batch; the page names the pupil.
                let names = Dictionary(zip(form.all("pupil"), form.all("name")), uniquingKeysWith: { first, _ in first })
                message.details = problem.fields.map { field in
                    let pupil = field.index.flatMap { $0 < chosen.count ? names[chosen[$0].1] : nil } ?? ""
                    return (pupil.isEmpty ? "" : pupil + " — ") + "\(field.field): \(field.reason)"
                }
                if message.details.isEmpty { message.details = [problem.detail] }
                return try await page(request, signedIn, school: school, template: "meeting", message: message.text, details: message.details,
                                      status: .unprocessableContent)
            }
            throw WebRedirect(location: "/schools/\(StaffAPI.escape(school))/meeting?held=\(chosen.count)")
        }
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, school: String, template: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let query = request.uri.queryParameters
        let threshold = query["threshold"].map(String.init) ?? "concerning"
        let agenda = try await app.api(signedIn).get(
            "/v1/schools/\(StaffAPI.escape(school))/opsporing-meeting?threshold=\(StaffAPI.escape(threshold))", as: OpsporingAgendaView.self)
        let canDecide = WebApp.allows(.triageConcern, signedIn.staff, .school(school))
        var index = 0
        let sections = agenda.sections.map { section -> Section in
            let pupils = section.pupils.map { row -> PupilRowView in
                defer { index += 1 }
                return PupilRowView(row, language, canDecide: canDecide, printable: true, index: index)
            }
            return Section(code: section.section.rawValue, title: language.text("meeting_" + section.section.rawValue.replacingOccurrences(of: "-", with: "_")),
                           pupils: pupils, count: pupils.count, isEmpty: pupils.isEmpty)
        }
        let held = query["held"].map(String.init)
        let model = Model(
            schoolName: agenda.sections.lazy.flatMap(\.pupils).first?.pupil?.schoolName ?? school,
            sections: sections, lastMeeting: agenda.lastMeeting.map { language.dateTime($0.heldAt) } ?? "", hasLastMeeting: agenda.lastMeeting != nil,
            threshold: threshold,
            thresholds: ["underretning", "warning", "severe", "concerning", "rising", "pattern"].map {
                Option(value: $0, label: language.name("tier", $0), selected: $0 == threshold)
            },
            action: "/schools/\(StaffAPI.escape(school))/meeting", agendaHref: "/schools/\(StaffAPI.escape(school))/meeting/agenda?threshold=\(StaffAPI.escape(threshold))",
            today: SchoolDate(Date()).description, canDecide: canDecide,
            decisions: [("", "meeting_noDecision"), ("watch", "triage_watch"), ("contact-parents", "triage_contact"), ("dismiss", "triage_dismiss"),
                        ("open-case", "triage_openCase")].map { Option(value: $0.0, label: language.text($0.1), selected: false) },
            total: index, printedOn: language.date(SchoolDate(Date())))
        let saved = held.map { language.text("meeting_held").replacingOccurrences(of: "{count}", with: $0) } ?? ""
        return app.render(template, model, app.frame(request, signedIn, title: language.text("meeting_title"), current: "inbox",
                                                     message: message.isEmpty ? saved : message, details: details), status: status)
    }
}
