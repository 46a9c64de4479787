import Foundation

/// How staff bearer tokens are verified (architecture §6): the IdP's issuer, the audience the
/// services accept, where the signing keys (JWKS) come from, which algorithms are allowed and which
/// claims carry roles and school scope.
///
/// `AUTH_ISSUER`, `AUTH_AUDIENCE` (default `fremmoede`), `AUTH_JWKS_URL` or `AUTH_JWKS_FILE`,
/// `AUTH_ALGORITHMS` (default `RS256,ES256`), `AUTH_ROLES_CLAIM` (default `roles`),
/// `AUTH_SCHOOLS_CLAIM` (default `schools`), `AUTH_CLOCK_SKEW_SECONDS` (default 60).
public struct AuthConfiguration: Sendable {
    public enum KeySource: Sendable, Equatable {
        case file(String)
        case url(URL)
    }

    public static let supportedAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA"]

    public var issuer: String
    public var audience: String
    public var keys: KeySource
    public var algorithms: Set<String>
    public var rolesClaim: String
    public var schoolsClaim: String
    public var clockSkew: TimeInterval

    public init(issuer: String, audience: String = "fremmoede", keys: KeySource, algorithms: Set<String> = ["RS256", "ES256"],
                rolesClaim: String = "roles", schoolsClaim: String = "schools", clockSkew: TimeInterval = 60) {
        self.issuer = issuer
        self.audience = audience
        self.keys = keys
        self.algorithms = algorithms
        self.rolesClaim = rolesClaim
        self.schoolsClaim = schoolsClaim
        self.clockSkew = clockSkew
    }

    /// Reads the settings; a service that serves staff cannot start without an issuer and keys.
    public init(settings: Settings) throws {
        guard let issuer = settings.optionalString("AUTH_ISSUER"), !issuer.isEmpty else {
            throw ConfigurationError(variable: "AUTH_ISSUER", reason: "is required: the OpenID Connect issuer whose tokens staff sign in with")
        }
        let keys: KeySource
        if let url = settings.optionalString("AUTH_JWKS_URL"), !url.isEmpty {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? "") else {
                throw ConfigurationError(variable: "AUTH_JWKS_URL", reason: "expected an http(s) URL, got '\(url)'")
            }
            keys = .url(parsed)
        } else if let file = settings.optionalString("AUTH_JWKS_FILE"), !file.isEmpty {
            keys = .file(file)
        } else {
            throw ConfigurationError(variable: "AUTH_JWKS_URL", reason: "is required (or AUTH_JWKS_FILE): where the IdP's signing keys are")
        }
        let algorithms = Set(settings.string("AUTH_ALGORITHMS", default: "RS256,ES256").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        if let unknown = algorithms.first(where: { !Self.supportedAlgorithms.contains($0) }) {
            throw ConfigurationError(variable: "AUTH_ALGORITHMS", reason: "'\(unknown)' is not one of \(Self.supportedAlgorithms.sorted().joined(separator: ", "))")
        }
        self.init(
            issuer: issuer,
            audience: settings.string("AUTH_AUDIENCE", default: "fremmoede"),
            keys: keys,
            algorithms: algorithms,
            rolesClaim: settings.string("AUTH_ROLES_CLAIM", default: "roles"),
            schoolsClaim: settings.string("AUTH_SCHOOLS_CLAIM", default: "schools"),
            clockSkew: TimeInterval(try settings.int("AUTH_CLOCK_SKEW_SECONDS", default: 60, range: 0...600)))
    }
}
