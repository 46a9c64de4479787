import Foundation

/// A signed-in person's web session, sealed in the `fm_session` cookie (no server-side table): the
/// access token the pages call the APIs with, the CSRF token every form carries, and the end.
struct WebSession: Codable, Sendable {
    static let cookieName = "fm_session"

    var accessToken: String
    var csrfToken: String
    var expiresAt: Date
}

/// A sign-in under way, sealed in the short-lived `fm_signin` cookie between the redirect to the
/// identity provider and its callback: the state and nonce to check and the PKCE code verifier.
struct PendingSignIn: Codable, Sendable {
    static let cookieName = "fm_signin"

    var state: String
    var nonce: String
    var codeVerifier: String
    var returnTo: String
    var expiresAt: Date
}
