import Foundation
import Hummingbird
import Logging
import Shared

/// The staff web app, mounted on PlanningService's HTTP port (`App+build.swift`): sign-in, the
/// pages, and the style sheet. Every page reads and changes through the staff APIs (`StaffAPI`),
/// never a service's storage. Every page route is behind `WebErrorMiddleware`, so failures answer
/// as pages, never as JSON.
public enum WebRoutes {
    public static func add<Context: RequestContext>(to router: Router<Context>, settings: Settings, httpPort: Int, auth: AuthConfiguration,
                                                    verifier: StaffTokenVerifier, logger: Logger) throws {
        let configuration = try WebConfiguration(settings: settings, httpPort: httpPort, issuer: auth.issuer, logger: logger)
        let app = WebApp(configuration: configuration, renderer: try WebRenderer(), sealer: SessionSealer(key: configuration.sessionKey, previousKeys: configuration.previousSessionKeys),
                         verifier: verifier, logger: logger)
        var idTokens = auth
        idTokens.audience = configuration.clientId
        let errors = WebErrorMiddleware<Context>(app: app)
        router.middlewares.add(WebNotFoundMiddleware(pages: errors))
        let pages = router.group().add(middleware: errors)
        SignInController(app: app, oidc: OIDCClient(issuer: auth.issuer, clientId: configuration.clientId, clientSecret: configuration.clientSecret),
                         idTokenVerifier: StaffTokenVerifier(configuration: idTokens, logger: logger)).add(to: pages)
        StartPageController(app: app).add(to: pages)
        InboxPageController(app: app).add(to: pages)
        MeetingPageController(app: app).add(to: pages)
        FlagQualityPageController(app: app).add(to: pages)
        AuditPageController(app: app).add(to: pages)
        PupilPageController(app: app).add(to: pages)
        MailLinkController(app: app).add(to: pages)
        CasePageController(app: app).add(to: pages)
        DashboardPageController(app: app).add(to: pages)
        ContactListPageController(app: app).add(to: pages)
        WarningLetterPageController(app: app).add(to: pages)
        UnderretningDraftPageController(app: app).add(to: pages)
        UnderretningPageController(app: app).add(to: pages)

        let css = try WebRenderer.bundledDirectory.map { try Data(contentsOf: $0.appendingPathComponent("app.css")) } ?? Data()
        router.get("static/app.css") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(bytes: css)))
        }
    }
}
