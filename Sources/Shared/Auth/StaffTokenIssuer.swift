import Crypto
import Foundation
import JWTKit

/// Signs staff tokens with an ES256 key and publishes its JWKS. This is the signing half of an
/// IdP, for the development identity provider and for tests — production tokens come from the
/// municipality's own IdP, and services only ever verify.
public struct StaffTokenIssuer: Sendable {
    public let issuer: String
    public let audience: String
    public let keyId: String
    private let privateKeyPEM: String

    /// A new random key.
    public init(issuer: String, audience: String = "fremmoede", keyId: String = "dev-\(UUID().uuidString.prefix(8).lowercased())") {
        self.init(issuer: issuer, audience: audience, keyId: keyId, privateKeyPEM: P256.Signing.PrivateKey().pemRepresentation)
    }

    public init(issuer: String, audience: String = "fremmoede", keyId: String, privateKeyPEM: String) {
        self.issuer = issuer
        self.audience = audience
        self.keyId = keyId
        self.privateKeyPEM = privateKeyPEM
    }

    public var privateKeyPEMRepresentation: String { privateKeyPEM }

    /// The public key as a JWKS document, as an IdP serves it at its `jwks_uri`.
    public func jwksJSON() throws -> String {
        let key = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM).publicKey.x963Representation
        let jwk: [String: String] = [
            "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": keyId,
            "x": Base64URL.encode(key[1..<33]), "y": Base64URL.encode(key[33..<65]),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(["keys": [jwk]]), as: UTF8.self)
    }

    /// A signed access token for `staff`, valid for `lifetime` from `issuedAt`.
    public func token(for staff: StaffPrincipal, issuedAt: Date = Date(), lifetime: TimeInterval = 3600,
                      audience: String? = nil, claimNames: StaffClaims.ClaimNames = .init()) async throws -> String {
        let claims = StaffClaims(
            subject: staff.staffId, issuer: issuer, audience: [audience ?? self.audience],
            expiresAt: issuedAt.addingTimeInterval(lifetime), issuedAt: issuedAt, name: staff.name, email: staff.email,
            roles: staff.roles.map(\.rawValue).sorted(),
            schools: (staff.isMunicipalityWide ? [StaffPrincipal.allSchools] : []) + staff.schoolIds.sorted())
        return try await sign(claims, claimNames: claimNames)
    }

    /// Signs any claims (tests use this for tampered, expired and foreign tokens).
    public func sign(_ claims: StaffClaims, claimNames: StaffClaims.ClaimNames = .init()) async throws -> String {
        let encoder = JSONEncoder()
        encoder.userInfo[StaffClaims.claimNamesKey] = claimNames
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PrivateKey(pem: privateKeyPEM), kid: JWKIdentifier(string: keyId),
                       serializer: DefaultJWTSerializer(jsonEncoder: encoder))
        return try await keys.sign(claims, kid: JWKIdentifier(string: keyId))
    }
}

extension StaffTokenIssuer {
    /// The one-machine stack's development issuer, from `.run/stack.env`'s `AUTH_ISSUER`,
    /// `AUTH_SIGNING_KEY_FILE` and `AUTH_KEY_ID` (tests and the demo sign tokens with it).
    public static func development(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StaffTokenIssuer {
        guard let issuer = environment["AUTH_ISSUER"], let keyFile = environment["AUTH_SIGNING_KEY_FILE"] else {
            throw StaffTokenError("AUTH_ISSUER and AUTH_SIGNING_KEY_FILE are not set: source the stack's stack.env")
        }
        guard let pem = FileManager.default.contents(atPath: keyFile) else { throw StaffTokenError("cannot read \(keyFile)") }
        return StaffTokenIssuer(issuer: issuer, keyId: environment["AUTH_KEY_ID"] ?? "dev-1", privateKeyPEM: String(decoding: pem, as: UTF8.self))
    }
}
