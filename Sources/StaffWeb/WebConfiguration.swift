import Crypto
import Foundation
import Logging
import Shared

/// The staff web app's settings: where the app is reached (`PUBLIC_BASE_URL`: https there makes the
/// cookies Secure), its OpenID Connect client (`WEB_CLIENT_ID`, optional `WEB_CLIENT_SECRET`; the
/// provider is `AUTH_ISSUER`, found through its discovery document), the keys that seal session
/// cookies (`WEB_SESSION_KEY` or `WEB_SESSION_KEY_FILE`: 32 bytes base64, or several separated by
/// commas or line breaks for rotation — the first seals, every one opens), how long a session lasts,
/// and where the APIs the pages read are (`WEB_API_URL`, default this service's own port;
/// `SCREENING_URL` for a pupil's daily absence). Outside development (`FREMMOEDE_ENV`) the address
/// and the session key must be given: replicas with keys of their own would each refuse the others'
/// cookies, and a loopback address would break every sign-in.
struct WebConfiguration: Sendable {
    var publicBaseURL: String
    var clientId: String
    var clientSecret: String?
    var issuer: String
    /// Seals new session cookies; the previous keys (of before a rotation) still open theirs.
    var sessionKey: SymmetricKey
    var previousSessionKeys: [SymmetricKey]
    var secureCookies: Bool
    var apiBaseURL: String
    var screeningURL: String?
    var sessionLifetime: TimeInterval

    init(settings: Settings, httpPort: Int, issuer: String, logger: Logger) throws {
        let development = try settings.deploymentEnvironment() == .development
        publicBaseURL = (development
            ? settings.string("PUBLIC_BASE_URL", default: "http://127.0.0.1:\(httpPort)")
            : try settings.requiredString("PUBLIC_BASE_URL")).trimmingSuffix("/")
        guard let url = URL(string: publicBaseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw ConfigurationError(variable: "PUBLIC_BASE_URL", reason: "expected an http(s) URL, got '\(publicBaseURL)'")
        }
        clientId = settings.string("WEB_CLIENT_ID", default: "fremmoede-web")
        clientSecret = try settings.secret("WEB_CLIENT_SECRET")
        self.issuer = issuer
        secureCookies = publicBaseURL.lowercased().hasPrefix("https://")
        apiBaseURL = settings.string("WEB_API_URL", default: "http://127.0.0.1:\(httpPort)").trimmingSuffix("/")
        screeningURL = settings.optionalString("SCREENING_URL")?.trimmingSuffix("/")
        sessionLifetime = TimeInterval(try settings.int("WEB_SESSION_MINUTES", default: 480, range: 5...24 * 60) * 60)
        if let encoded = try settings.secret("WEB_SESSION_KEY") {
            (sessionKey, previousSessionKeys) = try Self.sessionKeys(from: encoded)
        } else if development {
            logger.warning("WEB_SESSION_KEY is not set: a random key is used, so web sessions end when the service restarts")
            (sessionKey, previousSessionKeys) = (SymmetricKey(size: .bits256), [])
        } else {
            throw ConfigurationError(variable: "WEB_SESSION_KEY", reason: "is required (or WEB_SESSION_KEY_FILE): only FREMMOEDE_ENV=development makes a random one")
        }
    }

    static func sessionKeys(from text: String) throws -> (current: SymmetricKey, previous: [SymmetricKey]) {
        let parts = text.split(whereSeparator: { $0 == "," || $0.isNewline }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let keys = try parts.enumerated().map { index, part in
            guard let bytes = Data(base64Encoded: part), bytes.count == 32 else {
                throw ConfigurationError(variable: "WEB_SESSION_KEY", reason: "key \(index + 1): expected 32 bytes, base64-encoded")
            }
            return SymmetricKey(data: bytes)
        }
        guard let current = keys.first else { throw ConfigurationError(variable: "WEB_SESSION_KEY", reason: "expected 32 bytes, base64-encoded") }
        return (current, Array(keys.dropFirst()))
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
