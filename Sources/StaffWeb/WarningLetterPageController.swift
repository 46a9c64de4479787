import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Step 2 — `GET /legal-tasks/{taskId}/warning[?language=]`: the warning letter (varslingsbrev)
/// from the municipality's template with the registered days, in each language the municipality has
/// a template in; a form records when and how it was sent (`POST`, through the API), which completes
/// the task. Printing the page prints the letter alone (print CSS), to paper or PDF: the one sent,
/// once it is sent in that language.
struct WarningLetterPageController: Sendable {
    let app: WebApp

    struct Language { var code: String; var label: String; var href: String; var current: Bool }
    struct Sent { var language: String; var when: String; var via: String; var href: String }

    struct Model {
        var pupil: String
        var pupilHref: String
        var period: String
        var due: String
        var letter: String
        var isSent: Bool
        var sentText: String
        var languages: [Language]
        var language: String
        var sent: [Sent]
        var hasSent: Bool
        var days: [LegalTrackViews.Day]
        var action: String
        var deliveries: [LegalTrackViews.Option]
        var canSend: Bool
    }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("legal-tasks/{taskId}/warning") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, taskId: try context.parameters.text("taskId"))
        }

        router.post("legal-tasks/{taskId}/warning") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let taskId = try context.parameters.text("taskId")
            let form = try await app.form(request, signedIn)
            let language = form["language"] ?? "da"
            let problem = try await app.attempt {
                guard let via = form["via"].flatMap(LetterDelivery.init) else {
                    throw APIProblem(status: 400, title: "The letter is not valid", detail: "", fields: [.init(index: nil, field: "sentVia", reason: "choose how")])
                }
                _ = try await app.api(signedIn).send("POST", "/v1/legal-tasks/\(StaffAPI.escape(taskId))/warning-letter",
                                                     WarningLetterSending(language: language, sentVia: via), as: Ignored.self)
            }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, taskId: taskId, message: message.text, details: message.details, status: .unprocessableContent)
            }
            throw WebRedirect(location: "/legal-tasks/\(StaffAPI.escape(taskId))/warning?language=\(StaffAPI.escape(language))&sent=1")
        }
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, taskId: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let wanted = request.uri.queryParameters["language"].map(String.init) ?? language.rawValue
        let path = "/v1/legal-tasks/\(StaffAPI.escape(taskId))/warning-letter"
        let draft = try await app.api(signedIn).get(path + "?language=\(StaffAPI.escape(wanted))", as: WarningLetterDraft.self)
        let sentHere = draft.sent.last { $0.language == draft.language }
        let base = "/legal-tasks/\(StaffAPI.escape(taskId))/warning"
        let model = Model(
            pupil: WebApp.pupilName(draft.pupil, fallback: draft.pupilKey), pupilHref: WebApp.pupilHref(draft.pupilKey), period: draft.period,
            due: language.date(draft.dueDate), letter: sentHere?.text ?? draft.text, isSent: sentHere != nil,
            sentText: sentHere.map { "\(language.text("warning_sentOn")) \(language.dateTime($0.sentAt)) (\(language.name("delivery", $0.sentVia.rawValue)))" } ?? "",
            languages: draft.languages.map {
                Language(code: $0, label: language.name("language", $0), href: base + "?language=\(StaffAPI.escape($0))", current: $0 == draft.language)
            },
            language: draft.language,
            sent: draft.sent.map {
                Sent(language: language.name("language", $0.language), when: language.dateTime($0.sentAt), via: language.name("delivery", $0.sentVia.rawValue),
                     href: base + "?language=\(StaffAPI.escape($0.language))")
            },
            hasSent: !draft.sent.isEmpty, days: LegalTrackViews.days(draft.days, language), action: base,
            deliveries: LegalTrackViews.options(LetterDelivery.self, kind: "delivery", language, selected: .digitalPost),
            canSend: sentHere == nil)
        let saved = request.uri.queryParameters["sent"] != nil ? language.text("warning_recorded") : ""
        return app.render("warning", model, app.frame(request, signedIn, title: language.text("warning_title") + ": " + model.pupil,
                                                        message: message.isEmpty ? saved : message, details: details), status: status)
    }
}
