import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import XCTest
@testable import Shared

/// Bearer JWT verification (architecture §6): a good token gives the principal; tampered, foreign,
/// expired, unsigned and mis-addressed tokens are refused; the middleware answers 401 before any route.
final class StaffTokenVerifierTests: XCTestCase {
    static let issuer = "https://idp.example.dk/realms/kommune"
    let issuer = StaffTokenIssuer(issuer: StaffTokenVerifierTests.issuer, keyId: "k1")
    let staff = StaffPrincipal(staffId: "s-1", name: "Åse Ørnsholt", email: "aase@kommune.dk",
                               roles: [.teacher, .detectionTeam], schoolIds: ["skole-01"])

    func verifier(_ jwks: String, algorithms: Set<String> = ["ES256"], now: Date = Date()) throws -> StaffTokenVerifier {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json")
        try jwks.write(to: file, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: file) }
        return StaffTokenVerifier(
            configuration: AuthConfiguration(issuer: Self.issuer, keys: .file(file.path), algorithms: algorithms),
            logger: Logger(label: "test"), now: { now })
    }

    func assertRefused(_ token: String, by verifier: StaffTokenVerifier, containing reason: String, file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await verifier.verify(token)
            XCTFail("token accepted", file: file, line: line)
        } catch let error as StaffTokenError {
            XCTAssertTrue(error.reason.contains(reason), "\(error.reason)", file: file, line: line)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }

    func testAGoodTokenGivesThePrincipalWithRolesAndSchools() async throws {
        let verifier = try verifier(try issuer.jwksJSON())
        let principal = try await verifier.verify(try await issuer.token(for: staff))
        XCTAssertEqual(principal, staff)
        XCTAssertTrue(principal.worksAt("skole-01"))
        XCTAssertFalse(principal.worksAt("skole-02"))
    }

    func testTheMunicipalityWideScopeAndUnknownRoles() async throws {
        let verifier = try verifier(try issuer.jwksJSON())
        let claims = StaffClaims(subject: "a-1", issuer: Self.issuer, audience: ["fremmoede", "other"], expiresAt: Date().addingTimeInterval(600),
                                 name: "Analytiker", email: "a@kommune.dk", roles: ["municipality-analyst", "coffee-maker"], schools: ["*"])
        let principal = try await verifier.verify(try await issuer.sign(claims))
        XCTAssertEqual(principal.roles, [.municipalityAnalyst])
        XCTAssertTrue(principal.isMunicipalityWide)
        XCTAssertTrue(principal.worksAt("skole-17"))
    }

    func testConfiguredClaimNames() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json")
        try issuer.jwksJSON().write(to: file, atomically: true, encoding: .utf8)
        let verifier = StaffTokenVerifier(
            configuration: AuthConfiguration(issuer: Self.issuer, keys: .file(file.path), algorithms: ["ES256"], rolesClaim: "fremmoede_roles", schoolsClaim: "skoler"),
            logger: Logger(label: "test"))
        let token = try await issuer.token(for: staff, claimNames: .init(roles: "fremmoede_roles", schools: "skoler"))
        let principal = try await verifier.verify(token)
        XCTAssertEqual(principal.roles, staff.roles)
        XCTAssertEqual(principal.schoolIds, ["skole-01"])
    }

    func testTamperedPayloadIsRefused() async throws {
        let verifier = try verifier(try issuer.jwksJSON())
        let token = try await issuer.token(for: staff)
        var parts = token.split(separator: ".").map(String.init)
        var payload = try XCTUnwrap(String(data: XCTUnwrap(Base64URL.decode(parts[1])), encoding: .utf8))
        payload = payload.replacingOccurrences(of: "skole-01", with: "*")
        parts[1] = Base64URL.encode(Data(payload.utf8))
        await assertRefused(parts.joined(separator: "."), by: verifier, containing: "signature")
    }

    func testAlgNoneIsRefused() async throws {
        let verifier = try verifier(try issuer.jwksJSON())
        let token = try await issuer.token(for: staff)
        let parts = token.split(separator: ".").map(String.init)
        let header = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT","kid":"k1"}"#.utf8))
        await assertRefused("\(header).\(parts[1]).", by: verifier, containing: "algorithm 'none'")
    }

    func testAnAlgorithmOutsideTheAllowedListIsRefused() async throws {
        let verifier = try verifier(try issuer.jwksJSON(), algorithms: ["RS256"])
        await assertRefused(try await issuer.token(for: staff), by: verifier, containing: "algorithm 'ES256' is not allowed")
    }

    func testATokenFromAnotherKeyIsRefused() async throws {
        let verifier = try verifier(try issuer.jwksJSON())
        let stranger = StaffTokenIssuer(issuer: Self.issuer, keyId: "k1")
        await assertRefused(try await stranger.token(for: staff), by: verifier, containing: "signature")
    }

    func testExpiredWrongAudienceWrongIssuerAndNotYetValidAreRefused() async throws {
        let verifier = try verifier(try issuer.jwksJSON())
        let expired = try await issuer.token(for: staff, issuedAt: Date().addingTimeInterval(-7200), lifetime: 3600)
        await assertRefused(expired, by: verifier, containing: "expired")
        await assertRefused(try await issuer.token(for: staff, audience: "another-app"), by: verifier, containing: "audience")
        let foreign = StaffTokenIssuer(issuer: "https://evil.example", keyId: "k1", privateKeyPEM: issuer.privateKeyPEMRepresentation)
        await assertRefused(try await foreign.token(for: staff), by: verifier, containing: "issuer")
        let future = StaffClaims(subject: "s-1", issuer: Self.issuer, audience: ["fremmoede"], expiresAt: Date().addingTimeInterval(7200),
                                 notBefore: Date().addingTimeInterval(3600), name: "", email: "", roles: [], schools: [])
        await assertRefused(try await issuer.sign(future), by: verifier, containing: "not valid yet")
    }

    func testGarbageIsRefused() async throws {
        let verifier = try verifier(try issuer.jwksJSON())
        await assertRefused("not-a-token", by: verifier, containing: "not a signed JWT")
    }

    func testTheMiddlewareAnswers401BeforeAnyRoute() async throws {
        let verifier = try verifier(try issuer.jwksJSON())
        let router = Router(context: StaffRequestContext.self)
        router.middlewares.add(ProblemMiddleware())
        router.middlewares.add(StaffAuthMiddleware(verifier: verifier))
        router.get("/v1/me") { _, context in try context.requireStaff().staffId }
        let token = try await issuer.token(for: staff)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get) { response in
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertEqual(response.headers[.wwwAuthenticate], "Bearer realm=\"fremmoede\"")
                XCTAssertEqual(response.headers[.contentType], "application/problem+json")
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(token)x"]) { response in
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertTrue(response.headers[.wwwAuthenticate]?.contains("invalid_token") ?? false)
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(String(buffer: response.body), "s-1")
            }
        }
    }

    /// The stack's key (openssl PKCS#8) and JWKS (scripts/stack) fit together.
    func testTheStackDevelopmentKeysVerify() async throws {
        let jwks = try TestStack.value("AUTH_JWKS_FILE")
        let development = try StaffTokenIssuer.development()
        let verifier = StaffTokenVerifier(
            configuration: AuthConfiguration(issuer: development.issuer, keys: .file(jwks), algorithms: ["ES256"]),
            logger: Logger(label: "test"))
        let principal = try await verifier.verify(try await development.token(for: staff))
        XCTAssertEqual(principal.staffId, "s-1")
    }
}
