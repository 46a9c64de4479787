import Hummingbird
import PlanningAPI
import Shared

/// The pages NotificationService's e-mails link to that are not pages of their own:
/// `/concerns/{concernId}` (a "Ny bekymring" mail) opens the pupil's page at that concern, and
/// `/cases/{caseId}/plan` (a plan mail) the case page at its plan (other parts: 404). Both ask for sign-in first, so
/// the sign-in returns to the mail's link; the API's access rule then decides (403/404 pages).
struct MailLinkController: Sendable {
    let app: WebApp

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("concerns/{concernId}") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let id = try context.parameters.text("concernId")
            let concern = try await app.api(signedIn).get("/v1/concerns/\(StaffAPI.escape(id))", as: Concern.self)
            return WebRedirect(location: WebApp.pupilHref(concern.pupilKey) + "#concern-\(StaffAPI.escape(concern.concernId))").response
        }
        // The same path pattern as the case page's forms (POST `cases/{caseId}/{part}`): a literal
        // `cases/{caseId}/plan` route would take the POST of the plan form away from it.
        router.get("cases/{caseId}/{part}") { request, context -> Response in
            _ = try await app.requireSignIn(request)
            let id = try context.parameters.text("caseId")
            guard try context.parameters.text("part") == "plan" else { throw HTTPError(.notFound) }
            return WebRedirect(location: WebApp.caseHref(id) + "#plan").response
        }
    }
}
