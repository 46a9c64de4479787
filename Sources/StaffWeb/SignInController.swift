import Foundation
import Hummingbird
import Shared

/// Sign-in with OpenID Connect (authorization code flow, PKCE S256, state and nonce), sign-out and
/// the language choice: `GET /auth/sign-in`, `GET /auth/callback`, `POST /auth/sign-out`, `GET /language`.
struct SignInController: Sendable {
    let app: WebApp
    let oidc: OIDCClient
    /// Verifies ID tokens: the provider's keys and issuer, our client id as the audience.
    let idTokenVerifier: StaffTokenVerifier

    var redirectURI: String { app.configuration.publicBaseURL + "/auth/callback" }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("auth/sign-in") { request, _ -> Response in
            let pending = PendingSignIn(state: PKCE.randomToken(), nonce: PKCE.randomToken(), codeVerifier: PKCE.randomToken(bytes: 48),
                                        returnTo: PKCE.safeReturnPath(request.uri.queryParameters["returnTo"].map(String.init)),
                                        expiresAt: Date().addingTimeInterval(600))
            let location = try await oidc.authorizationURL(redirectURI: redirectURI, state: pending.state, nonce: pending.nonce,
                                                           codeChallenge: PKCE.challenge(for: pending.codeVerifier))
            var response = WebRedirect(location: location).response
            response.setCookie(cookie(PendingSignIn.cookieName, try app.sealer.seal(pending, purpose: PendingSignIn.cookieName), maxAge: 600, path: "/auth"))
            return response
        }

        router.get("auth/callback") { request, context -> Response in
            let query = request.uri.queryParameters
            guard let sealed = request.cookies[PendingSignIn.cookieName]?.value,
                  let pending = app.sealer.open(PendingSignIn.self, from: sealed, purpose: PendingSignIn.cookieName), pending.expiresAt > Date() else {
                // No sign-in under way in this browser (expired, or the callback was replayed): start again.
                return WebRedirect(location: "/auth/sign-in").response
            }
            guard let state = query["state"].map(String.init), PKCE.constantTimeEqual(state, pending.state) else {
                throw APIProblem(status: 400, title: "The sign-in answer does not match the request (state)", detail: "", fields: [])
            }
            guard let code = query["code"].map(String.init) else {
                context.logger.notice("sign-in refused by the identity provider", metadata: ["oidc.error": "\(query["error"] ?? "none")"])
                return WebRedirect(location: "/").response
            }
            let tokens = try await oidc.exchange(code: code, codeVerifier: pending.codeVerifier, redirectURI: redirectURI)
            let staff: StaffPrincipal
            do {
                staff = try await app.verifier.verify(tokens.accessToken)
                guard let idToken = tokens.idToken else { throw StaffTokenError("the provider sent no ID token") }
                _ = try await idTokenVerifier.verify(idToken)
                guard let nonce = OIDCClient.nonce(ofIDToken: idToken), PKCE.constantTimeEqual(nonce, pending.nonce) else {
                    throw StaffTokenError("the ID token's nonce does not match the sign-in request")
                }
            } catch let error as StaffTokenError {
                context.logger.notice("sign-in token refused", metadata: ["auth.reason": "\(error.reason)"])
                throw APIProblem(status: 403, title: "The sign-in was refused", detail: error.reason, fields: [])
            }
            let lifetime = min(app.configuration.sessionLifetime, TimeInterval(tokens.expiresIn ?? 3600))
            let session = WebSession(accessToken: tokens.accessToken, csrfToken: PKCE.randomToken(), expiresAt: Date().addingTimeInterval(lifetime))
            context.logger.info("staff signed in to the web app", metadata: ["staff.id": "\(staff.staffId)"])
            var response = WebRedirect(location: pending.returnTo).response
            response.setCookie(cookie(WebSession.cookieName, try app.sealer.seal(session, purpose: WebSession.cookieName), maxAge: Int(lifetime), path: "/"))
            response.setCookie(cookie(PendingSignIn.cookieName, "", maxAge: 0, path: "/auth"))
            return response
        }

        router.post("auth/sign-out") { request, _ -> Response in
            if let signedIn = await app.signedIn(request) { _ = try await app.form(request, signedIn) }
            var response = WebRedirect(location: "/").response
            response.setCookie(cookie(WebSession.cookieName, "", maxAge: 0, path: "/"))
            return response
        }

        router.get("language") { request, _ -> Response in
            let language = request.uri.queryParameters["lang"].flatMap { WebLanguage(rawValue: String($0)) } ?? .da
            var response = WebRedirect(location: PKCE.safeReturnPath(request.uri.queryParameters["returnTo"].map(String.init))).response
            response.setCookie(cookie(WebLanguage.cookieName, language.rawValue, maxAge: 365 * 86400, path: "/", httpOnly: false))
            return response
        }
    }

    /// HttpOnly, SameSite=Lax, Secure when the app is reached over https.
    private func cookie(_ name: String, _ value: String, maxAge: Int, path: String, httpOnly: Bool = true) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: app.configuration.secureCookies, httpOnly: httpOnly, sameSite: .lax)
    }
}
