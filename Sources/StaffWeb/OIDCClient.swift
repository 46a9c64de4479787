import Foundation
import Shared

/// The web app as an OpenID Connect client of `AUTH_ISSUER`: its discovery document (fetched once),
/// the authorization request (code flow, PKCE S256, state, nonce) and the code exchange.
actor OIDCClient {
    struct Discovery: Decodable, Sendable {
        var issuer: String
        var authorizationEndpoint: String
        var tokenEndpoint: String

        enum CodingKeys: String, CodingKey {
            case issuer, authorizationEndpoint = "authorization_endpoint", tokenEndpoint = "token_endpoint"
        }
    }

    struct Tokens: Decodable, Sendable {
        var accessToken: String
        var idToken: String?
        var expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", idToken = "id_token", expiresIn = "expires_in"
        }
    }

    let issuer: String
    let clientId: String
    let clientSecret: String?
    private var discovery: Discovery?

    init(issuer: String, clientId: String, clientSecret: String?) {
        self.issuer = issuer.trimmingSuffix("/")
        self.clientId = clientId
        self.clientSecret = clientSecret
    }

    func configuration() async throws -> Discovery {
        if let discovery { return discovery }
        let found = try await HTTPJSON.exchange("GET", issuer + "/.well-known/openid-configuration", as: Discovery.self).value
        guard found.issuer.trimmingSuffix("/") == issuer else {
            throw APIProblem(status: 502, title: "The identity provider's discovery names another issuer", detail: found.issuer, fields: [])
        }
        discovery = found
        return found
    }

    func authorizationURL(redirectURI: String, state: String, nonce: String, codeChallenge: String) async throws -> String {
        let endpoint = try await configuration().authorizationEndpoint
        let query = HTTPJSON.formBody([
            ("response_type", "code"), ("client_id", clientId), ("redirect_uri", redirectURI), ("scope", "openid profile email"),
            ("state", state), ("nonce", nonce), ("code_challenge", codeChallenge), ("code_challenge_method", "S256"),
        ])
        return endpoint + (endpoint.contains("?") ? "&" : "?") + String(decoding: query, as: UTF8.self)
    }

    func exchange(code: String, codeVerifier: String, redirectURI: String) async throws -> Tokens {
        let endpoint = try await configuration().tokenEndpoint
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("client_id", clientId),
                      ("code_verifier", codeVerifier)]
        if let clientSecret { fields.append(("client_secret", clientSecret)) }
        return try await HTTPJSON.exchange("POST", endpoint, headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                                           body: HTTPJSON.formBody(fields), as: Tokens.self).value
    }

    /// The `nonce` claim of an ID token whose signature the caller has verified.
    static func nonce(ofIDToken token: String) -> String? {
        struct Claims: Decodable { var nonce: String? }
        let parts = token.split(separator: ".")
        guard parts.count == 3, let data = Base64URL.decode(String(parts[1])) else { return nil }
        return (try? JSONDecoder().decode(Claims.self, from: data))?.nonce
    }
}
