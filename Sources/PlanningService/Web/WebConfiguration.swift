import Crypto
import Foundation
import Logging
import Shared

/// The staff web app's settings: where the app is reached (`PUBLIC_BASE_URL`: https there makes the
/// cookies Secure), its OpenID Connect client (`WEB_CLIENT_ID`, optional `WEB_CLIENT_SECRET`; the
/// provider is `AUTH_ISSUER`, found through its discovery document), the key that seals session
/// cookies (`WEB_SESSION_KEY` or `WEB_SESSION_KEY_FILE`: 32 bytes, base64), how long a session lasts,
/// and where the APIs the pages read are (`WEB_API_URL`, default this service's own port;
/// `SCREENING_URL` for a pupil's daily absence).
struct WebConfiguration: Sendable {
    var publicBaseURL: String
    var clientId: String
    var clientSecret: String?
    var issuer: String
    var sessionKey: SymmetricKey
    var secureCookies: Bool
    var apiBaseURL: String
    var screeningURL: String?
    var sessionLifetime: TimeInterval

    init(settings: Settings, httpPort: Int, issuer: String, logger: Logger) throws {
        publicBaseURL = settings.string("PUBLIC_BASE_URL", default: "http://127.0.0.1:\(httpPort)").trimmingSuffix("/")
        clientId = settings.string("WEB_CLIENT_ID", default: "fremmoede-web")
        clientSecret = try settings.secret("WEB_CLIENT_SECRET")
        self.issuer = issuer
        secureCookies = publicBaseURL.lowercased().hasPrefix("https://")
        apiBaseURL = settings.string("WEB_API_URL", default: "http://127.0.0.1:\(httpPort)").trimmingSuffix("/")
        screeningURL = settings.optionalString("SCREENING_URL")?.trimmingSuffix("/")
        sessionLifetime = TimeInterval(try settings.int("WEB_SESSION_MINUTES", default: 480, range: 5...24 * 60) * 60)
        if let encoded = try settings.secret("WEB_SESSION_KEY") {
            guard let bytes = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
                throw ConfigurationError(variable: "WEB_SESSION_KEY", reason: "expected 32 bytes, base64-encoded")
            }
            sessionKey = SymmetricKey(data: bytes)
        } else {
            logger.warning("WEB_SESSION_KEY is not set: a random key is used, so web sessions end when the service restarts")
            sessionKey = SymmetricKey(size: .bits256)
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
