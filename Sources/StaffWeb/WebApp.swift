import Foundation
import Hummingbird
import Logging
import PlanningAPI
import Shared

/// The signed-in person behind a page request, and their session.
struct WebSignedIn: Sendable {
    var staff: StaffPrincipal
    var session: WebSession
}

/// What every page controller needs: the templates, the session cookie, the access token check
/// (the same `StaffTokenVerifier` as the API), the APIs, the language and the CSRF check.
struct WebApp: Sendable {
    let configuration: WebConfiguration
    let renderer: WebRenderer
    let sealer: SessionSealer
    let verifier: StaffTokenVerifier
    let logger: Logger

    func language(_ request: Request) -> WebLanguage {
        request.cookies[WebLanguage.cookieName].flatMap { WebLanguage(rawValue: $0.value) } ?? .da
    }

    /// The person signed in on this request: a session cookie that opens, has not ended, and whose
    /// access token the verifier still accepts.
    func signedIn(_ request: Request) async -> WebSignedIn? {
        guard let cookie = request.cookies[WebSession.cookieName],
              let session = sealer.open(WebSession.self, from: cookie.value, purpose: WebSession.cookieName),
              session.expiresAt > Date(),
              let staff = try? await verifier.verify(session.accessToken) else { return nil }
        return WebSignedIn(staff: staff, session: session)
    }

    /// The signed-in person, or a redirect to the sign-in that comes back here.
    func requireSignIn(_ request: Request) async throws -> WebSignedIn {
        if let signedIn = await signedIn(request) { return signedIn }
        let here = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        throw WebRedirect(location: "/auth/sign-in?returnTo=" + StaffAPI.escape(request.method == .get ? here : "/"))
    }

    func api(_ signedIn: WebSignedIn) -> StaffAPI {
        StaffAPI(planningURL: configuration.apiBaseURL, screeningURL: configuration.screeningURL, token: signedIn.session.accessToken)
    }

    /// The form of a POST, after checking its CSRF token against the session's.
    func form(_ request: Request, _ signedIn: WebSignedIn) async throws -> FormFields {
        var request = request
        let bytes = try await request.collectBody(upTo: 256 * 1024)
        let form: FormFields
        do {
            form = try FormFields(String(buffer: bytes))
        } catch {
            throw APIProblem(status: 400, title: "The form could not be read", detail: "\(error)", fields: [])
        }
        guard let token = form["csrf"], PKCE.constantTimeEqual(token, signedIn.session.csrfToken) else {
            throw APIProblem(status: 403, title: "CSRF", detail: "the form's CSRF token is missing or wrong", fields: [])
        }
        return form
    }

    func frame(_ request: Request, _ signedIn: WebSignedIn?, title: String, current: String = "", message: String = "",
               details: [String] = []) -> PageFrame {
        let language = language(request)
        var nav: [PageFrame.Link] = []
        if let staff = signedIn?.staff {
            nav.append(.init(href: "/", label: language.text("nav_start"), current: current == "start"))
            if let school = WebApp.inboxSchools(staff).first {
                nav.append(.init(href: "/schools/\(StaffAPI.escape(school))/inbox", label: language.text("nav_inbox"), current: current == "inbox"))
            }
            if let school = staff.schoolIds.sorted().first(where: { WebApp.allows(.contactParents, staff, .school($0)) }) {
                nav.append(.init(href: "/schools/\(StaffAPI.escape(school))/contacts", label: language.text("contacts_title"), current: current == "contacts"))
            }
            if WebApp.allows(.viewUnderretning, staff, .municipality)
                || staff.schoolIds.contains(where: { WebApp.allows(.viewUnderretning, staff, .school($0)) }) {
                nav.append(.init(href: "/underretninger", label: language.text("underretning_queue"), current: current == "underretninger"))
            }
            if WebApp.seesFigures(staff) {
                nav.append(.init(href: "/dashboard", label: language.text("nav_dashboard"), current: current == "dashboard"))
            }
            if WebApp.allows(.viewMunicipalityFigures, staff, .municipality) {
                nav.append(.init(href: "/flag-quality", label: language.text("nav_quality"), current: current == "quality"))
            }
            if staff.has(.dataProtectionOfficer) {
                nav.append(.init(href: "/audit", label: language.text("nav_audit"), current: current == "audit"))
            }
        }
        let other: WebLanguage = language == .da ? .en : .da
        let here = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        return PageFrame(
            language: language, lang: language.rawValue, title: title, signedIn: signedIn != nil, userName: signedIn?.staff.name ?? "",
            csrf: signedIn?.session.csrfToken ?? "", nav: nav,
            otherLanguage: other.rawValue, otherLanguageHref: "/language?lang=\(other.rawValue)&returnTo=\(StaffAPI.escape(request.method == .get ? here : "/"))",
            otherLanguageLabel: other == .en ? "English" : "Dansk", message: message, hasMessage: !message.isEmpty,
            messageDetails: details)
    }

    func render(_ template: String, _ model: Any, _ frame: PageFrame, status: HTTPResponse.Status = .ok) -> Response {
        renderer.page(template, model: model, frame: frame, status: status)
    }

    /// The schools whose concern inbox this person may open.
    static func inboxSchools(_ staff: StaffPrincipal) -> [String] {
        staff.schoolIds.sorted().filter {
            if case .allow = AccessPolicy.decide(.viewInbox, by: staff, on: .school($0)) { return true }
            return false
        }
    }

    static func seesFigures(_ staff: StaffPrincipal) -> Bool { AccessPolicy.seesFigures(staff) }

    static func allows(_ action: AccessPolicy.Action, _ staff: StaffPrincipal, _ resource: AccessPolicy.Resource) -> Bool {
        if case .allow = AccessPolicy.decide(action, by: staff, on: resource) { return true }
        return false
    }
}
