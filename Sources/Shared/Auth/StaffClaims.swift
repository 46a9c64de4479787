import Foundation
import JWTKit

/// The claims of a staff access token: the OIDC standard ones plus the roles and school-scope
/// claims, whose names the municipality's IdP decides (`AuthConfiguration.rolesClaim`,
/// `schoolsClaim`; handed to decoding through `JSONDecoder.userInfo`).
public struct StaffClaims: JWTPayload, Equatable {
    public static let claimNamesKey = CodingUserInfoKey(rawValue: "fremmoede.claimNames")!

    public struct ClaimNames: Sendable {
        public var roles: String
        public var schools: String
        public init(roles: String = "roles", schools: String = "schools") {
            self.roles = roles
            self.schools = schools
        }
    }

    public var subject: String
    public var issuer: String
    public var audience: [String]
    public var expiresAt: Date
    public var issuedAt: Date?
    public var notBefore: Date?
    public var name: String
    public var email: String
    /// Raw role names as the IdP sent them; unknown ones are ignored when mapped to `StaffRole`.
    public var roles: [String]
    public var schools: [String]

    public init(subject: String, issuer: String, audience: [String], expiresAt: Date, issuedAt: Date? = nil, notBefore: Date? = nil,
                name: String, email: String, roles: [String], schools: [String]) {
        self.subject = subject
        self.issuer = issuer
        self.audience = audience
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.name = name
        self.email = email
        self.roles = roles
        self.schools = schools
    }

    /// Expiry, not-before, issuer and audience are checked by `StaffTokenVerifier`, which knows
    /// the configuration and the clock skew; the signature by jwt-kit before this is called.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    public var principal: StaffPrincipal {
        StaffPrincipal(
            staffId: subject, name: name, email: email,
            roles: Set(roles.compactMap(StaffRole.init(rawValue:))),
            schoolIds: Set(schools.filter { $0 != StaffPrincipal.allSchools }),
            isMunicipalityWide: schools.contains(StaffPrincipal.allSchools))
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let names = decoder.userInfo[Self.claimNamesKey] as? ClaimNames ?? ClaimNames()
        let container = try decoder.container(keyedBy: Key.self)
        subject = try container.decode(String.self, forKey: Key("sub"))
        issuer = try container.decode(String.self, forKey: Key("iss"))
        if let single = try? container.decode(String.self, forKey: Key("aud")) {
            audience = [single]
        } else {
            audience = try container.decodeIfPresent([String].self, forKey: Key("aud")) ?? []
        }
        expiresAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: Key("exp")))
        issuedAt = try container.decodeIfPresent(Double.self, forKey: Key("iat")).map(Date.init(timeIntervalSince1970:))
        notBefore = try container.decodeIfPresent(Double.self, forKey: Key("nbf")).map(Date.init(timeIntervalSince1970:))
        name = try container.decodeIfPresent(String.self, forKey: Key("name")) ?? ""
        email = try container.decodeIfPresent(String.self, forKey: Key("email")) ?? ""
        roles = try Self.stringList(container, Key(names.roles))
        schools = try Self.stringList(container, Key(names.schools))
    }

    /// A claim given as a JSON array of strings or as one space-separated string (both are seen from IdPs).
    private static func stringList(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> [String] {
        if let list = try? container.decode([String].self, forKey: key) { return list }
        guard let single = try container.decodeIfPresent(String.self, forKey: key) else { return [] }
        return single.split(separator: " ").map(String.init)
    }

    public func encode(to encoder: any Encoder) throws {
        let names = encoder.userInfo[Self.claimNamesKey] as? ClaimNames ?? ClaimNames()
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(subject, forKey: Key("sub"))
        try container.encode(issuer, forKey: Key("iss"))
        try container.encode(audience, forKey: Key("aud"))
        try container.encode(Int(expiresAt.timeIntervalSince1970), forKey: Key("exp"))
        try container.encodeIfPresent(issuedAt.map { Int($0.timeIntervalSince1970) }, forKey: Key("iat"))
        try container.encodeIfPresent(notBefore.map { Int($0.timeIntervalSince1970) }, forKey: Key("nbf"))
        try container.encode(name, forKey: Key("name"))
        try container.encode(email, forKey: Key("email"))
        try container.encode(roles, forKey: Key(names.roles))
        try container.encode(schools, forKey: Key(names.schools))
    }
}
