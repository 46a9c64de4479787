import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Step 3 — `GET /legal-tasks/{taskId}/underretning`: what the underretning will carry (the quarter's
/// count, the registered days with their history, the contacts with the family, the warning letters)
/// and the school leader's assessment; `POST` makes it through the API, and the page goes on to the
/// underretning as the municipality receives it.
struct UnderretningDraftPageController: Sendable {
    let app: WebApp

    struct Model {
        var pupil: String
        var pupilHref: String
        var period: String
        var due: String
        var figure: String
        var days: [LegalTrackViews.Day]
        var contacts: [LegalTrackViews.Contact]
        var hasContacts: Bool
        var warnings: [String]
        var hasWarnings: Bool
        var action: String
    }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("legal-tasks/{taskId}/underretning") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, taskId: try context.parameters.text("taskId"))
        }

        router.post("legal-tasks/{taskId}/underretning") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let taskId = try context.parameters.text("taskId")
            let form = try await app.form(request, signedIn)
            var made: UnderretningView?
            let problem = try await app.attempt {
                made = try await app.api(signedIn).send("POST", "/v1/legal-tasks/\(StaffAPI.escape(taskId))/underretning",
                                                        NewUnderretning(assessment: form["assessment"] ?? ""), as: UnderretningView.self)
            }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, taskId: taskId, message: message.text, details: message.details, status: .unprocessableContent)
            }
            throw WebRedirect(location: made.map { WebApp.underretningHref($0.underretningId) } ?? "/")
        }
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, taskId: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let draft = try await app.api(signedIn).get("/v1/legal-tasks/\(StaffAPI.escape(taskId))/underretning", as: UnderretningDraft.self)
        if let made = draft.underretningId { throw WebRedirect(location: WebApp.underretningHref(made)) }
        let evidence = draft.evidence
        let model = Model(
            pupil: WebApp.pupilName(draft.pupil, fallback: draft.pupilKey), pupilHref: WebApp.pupilHref(draft.pupilKey), period: draft.period,
            due: language.date(draft.dueDate), figure: UnderretningPageController.figure(evidence, language),
            days: LegalTrackViews.days(evidence.days, language), contacts: LegalTrackViews.contacts(evidence.contacts, language),
            hasContacts: !evidence.contacts.isEmpty,
            warnings: evidence.warnings.map { "\(language.dateTime($0.sentAt)) (\(language.name("delivery", $0.sentVia.rawValue)), \(language.name("language", $0.language)))" },
            hasWarnings: !evidence.warnings.isEmpty, action: "/legal-tasks/\(StaffAPI.escape(taskId))/underretning")
        return app.render("underretning-draft", model, app.frame(request, signedIn, title: language.text("underretning_new") + ": " + model.pupil,
                                                                   message: message, details: details), status: status)
    }
}
