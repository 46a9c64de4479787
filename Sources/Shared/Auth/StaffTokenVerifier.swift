import Foundation
import JWTKit
import Logging

/// Why a bearer token was refused. The reason goes to the log and to the 401's detail; it names
/// the check, never the token.
public struct StaffTokenError: Error, CustomStringConvertible, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Verifies staff bearer tokens against the IdP's JWKS: an allowed algorithm (never `none`, never
/// HMAC — a public key must not double as a shared secret), a key the IdP published, the
/// signature, the issuer, our audience, expiry and not-before with a small clock skew. Keys are
/// loaded at first use and reloaded (at most once a minute) when a token names an unknown key id,
/// so the IdP can rotate keys without a restart.
public actor StaffTokenVerifier {
    public let configuration: AuthConfiguration
    private let logger: Logger
    private var keys: JWTKeyCollection?
    private var knownKeyIds: Set<String> = []
    private var lastLoad: Date = .distantPast
    private let now: @Sendable () -> Date

    public init(configuration: AuthConfiguration, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    public func verify(_ token: String) async throws -> StaffPrincipal {
        let header = try Self.header(of: token)
        guard let algorithm = header.alg, configuration.algorithms.contains(algorithm) else {
            throw StaffTokenError("algorithm '\(header.alg ?? "none")' is not allowed")
        }
        var collection = try await keyCollection()
        if let kid = header.kid, !knownKeyIds.contains(kid), now().timeIntervalSince(lastLoad) > 60 {
            collection = try await loadKeys()
        }
        let claims: StaffClaims
        do {
            claims = try await collection.verify(token, as: StaffClaims.self)
        } catch {
            throw StaffTokenError("signature or claims invalid: \(Self.describe(error))")
        }
        let current = now()
        guard claims.issuer == configuration.issuer else { throw StaffTokenError("issuer is not \(configuration.issuer)") }
        guard claims.audience.contains(configuration.audience) else { throw StaffTokenError("audience does not include \(configuration.audience)") }
        guard claims.expiresAt.addingTimeInterval(configuration.clockSkew) > current else { throw StaffTokenError("token expired") }
        if let notBefore = claims.notBefore, notBefore.addingTimeInterval(-configuration.clockSkew) > current {
            throw StaffTokenError("token not valid yet")
        }
        guard !claims.subject.isEmpty else { throw StaffTokenError("token has no subject") }
        return claims.principal
    }

    private func keyCollection() async throws -> JWTKeyCollection {
        if let keys { return keys }
        return try await loadKeys()
    }

    private func loadKeys() async throws -> JWTKeyCollection {
        lastLoad = now()
        let json: String
        switch configuration.keys {
        case .file(let path):
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw StaffTokenError("the signing keys file \(path) cannot be read")
            }
            json = String(decoding: contents, as: UTF8.self)
        case .url(let url):
            do {
                let answer = try await HTTPExchange.send("GET", url.absoluteString, timeout: .seconds(10), limit: 1 << 20)
                guard answer.status == 200 else { throw StaffTokenError("the IdP's JWKS answered \(answer.status)") }
                json = answer.text
            } catch let error as StaffTokenError {
                throw error
            } catch {
                throw StaffTokenError("the IdP's JWKS cannot be fetched: \(error)")
            }
        }
        let decoder = JSONDecoder()
        decoder.userInfo[StaffClaims.claimNamesKey] = StaffClaims.ClaimNames(roles: configuration.rolesClaim, schools: configuration.schoolsClaim)
        let collection = JWTKeyCollection(defaultJWTParser: DefaultJWTParser(jsonDecoder: decoder))
        do {
            let jwks = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))
            try await collection.add(jwks: jwks)
            knownKeyIds = Set(jwks.keys.compactMap { $0.keyIdentifier?.string })
        } catch {
            throw StaffTokenError("the signing keys are not a valid JWKS: \(Self.describe(error))")
        }
        keys = collection
        logger.info("staff signing keys loaded", metadata: ["auth.keys": "\(knownKeyIds.count)"])
        return collection
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    private static func header(of token: String) throws -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(String(parts[0])),
              let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw StaffTokenError("not a signed JWT")
        }
        return header
    }

    private static func describe(_ error: any Error) -> String {
        if let jwt = error as? JWTError { return jwt.reason ?? "\(jwt.errorType)" }
        return "\(error)"
    }
}

/// Base64url without padding (RFC 7515 section 2).
public enum Base64URL {
    public static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    public static func encode(_ data: some Sequence<UInt8>) -> String {
        Data(data).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
