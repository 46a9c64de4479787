import Foundation
import TestSupport
import XCTest
@testable import Shared

/// Tampered staff tokens against the four running services (StaffTokenVerifierTests has the same
/// cases without a server): each refused with 401, where the genuine token is taken.
final class TokenTamperTests: XCTestCase {
    /// One staff endpoint per service that the token's role may call.
    static let probes = [
        ("intake", "/v1/audit?staffId=tamper-probe"), ("screening", "/v1/policy"),
        ("planning", "/v1/catalogue/actions"), ("notification", "/v1/me/preferences"),
    ]

    func testTamperedTokensAreRefusedByEveryService() async throws {
        let stack = try SecurityStack()
        let issuer = stack.issuer
        let staff = StaffPrincipal(staffId: "tamper-\(UUID().uuidString.prefix(6))", name: "T", email: "t@kommune.example",
                                   roles: [.dataProtectionOfficer, .schoolLeader], schoolIds: ["skole-01"])
        let genuine = try await issuer.token(for: staff)
        let parts = genuine.split(separator: ".").map(String.init)
        func header(_ json: String) -> String { Base64URL.encode(Data(json.utf8)) }
        func claims(issuer name: String? = nil, audience: String = "fremmoede", expires: Date = Date().addingTimeInterval(600),
                    notBefore: Date? = nil) -> StaffClaims {
            StaffClaims(subject: staff.staffId, issuer: name ?? issuer.issuer, audience: [audience], expiresAt: expires, issuedAt: Date(),
                        notBefore: notBefore, name: "T", email: staff.email, roles: ["data-protection-officer", "school-leader"], schools: ["skole-01"])
        }
        // HS256 signed with the IdP's public keys as the shared secret (the classic key-confusion attack).
        let jwks = try String(contentsOfFile: try TestStack.value("AUTH_JWKS_FILE"), encoding: .utf8)
        let hsInput = header(#"{"alg":"HS256","typ":"JWT","kid":"dev-1"}"#) + "." + parts[1]
        let hmac = try TestStack.run("/usr/bin/python3", ["-c", """
            import base64, hashlib, hmac, sys
            key, message = sys.argv[1].encode(), sys.argv[2].encode()
            print(base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()).rstrip(b"=").decode())
            """, jwks, hsInput])
        XCTAssertEqual(hmac.status, 0, hmac.stderr)
        var tamperedPayload = try XCTUnwrap(String(data: XCTUnwrap(Base64URL.decode(parts[1])), encoding: .utf8))
        tamperedPayload = tamperedPayload.replacingOccurrences(of: "skole-01", with: "*")

        let stranger = StaffTokenIssuer(issuer: issuer.issuer, keyId: issuer.keyId)
        let unknownKid = StaffTokenIssuer(issuer: issuer.issuer, keyId: "rotated-\(UUID().uuidString.prefix(6))")
        let forged: [(String, String)] = [
            ("alg none", header(#"{"alg":"none","typ":"JWT"}"#) + "." + parts[1] + "."),
            ("HS256 with the public keys as secret", hsInput + "." + hmac.stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
            ("another key under the IdP's key id", try await stranger.token(for: staff)),
            ("an unknown key id", try await unknownKid.token(for: staff)),
            ("expired", try await issuer.sign(claims(expires: Date().addingTimeInterval(-3600)))),
            ("not yet valid", try await issuer.sign(claims(notBefore: Date().addingTimeInterval(3600)))),
            ("wrong audience", try await issuer.sign(claims(audience: "another-app"))),
            ("wrong issuer", try await issuer.sign(claims(issuer: "https://idp.evil.example"))),
            ("payload changed after signing", parts[0] + "." + Base64URL.encode(Data(tamperedPayload.utf8)) + "." + parts[2]),
            ("signature removed", parts[0] + "." + parts[1] + "."),
        ]
        for (service, path) in Self.probes {
            let accepted = try await stack.send(service, "GET", path, credential: genuine)
            XCTAssertEqual(accepted.status, 200, "\(service) takes the genuine token: \(accepted.text)")
            for (what, token) in forged {
                let reply = try await stack.send(service, "GET", path, credential: token)
                XCTAssertEqual(reply.status, 401, "\(service) with \(what): \(reply.text)")
            }
        }
    }
}
