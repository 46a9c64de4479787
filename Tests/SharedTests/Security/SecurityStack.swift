import Foundation
import TestSupport
import XCTest
@testable import Shared

/// The four services of the running test stack (scripts/test), addressed as the security tests need:
/// any credential in the Authorization header (staff JWTs, tampered ones, source keys), and fixtures
/// made through the real APIs and topics.
struct SecurityStack: Sendable {
    let urls: [String: String]
    let issuer: StaffTokenIssuer
    let sourceKey: String
    let adminToken: String?
    let bootstrap: String

    init() throws {
        let environment = ProcessInfo.processInfo.environment
        var urls: [String: String] = [:]
        for service in ["intake", "screening", "planning", "notification"] {
            urls[service] = try TestStack.value("\(service.uppercased())_URL")
        }
        self.urls = urls
        issuer = try StaffTokenIssuer.development()
        sourceKey = try TestStack.value("DEMO_SOURCE_API_KEY")
        adminToken = environment["INTAKE_ADMIN_TOKEN"]
        bootstrap = try TestStack.value("KAFKA_BOOTSTRAP")
    }

    typealias Reply = TestReply

    /// Sends a request; `credential` goes in as `Authorization: Bearer <credential>` when given.
    func send(_ service: String, _ method: String, _ path: String, credential: String?, body: Any? = nil, ifMatch: String? = nil) async throws -> Reply {
        try await TestHTTP.send(method, (urls[service] ?? "") + path, json: body, bearer: credential, headers: ifMatch.map { ["If-Match": $0] } ?? [:])
    }

    func token(_ id: String, _ roles: Set<StaffRole>, schools: Set<String>) async throws -> String {
        try await issuer.token(for: StaffPrincipal(staffId: id, name: "Medarbejder \(id)", email: "\(id)@kommune.example", roles: roles, schoolIds: schools))
    }

    /// Puts staff (as `token` names them) into Planning's staff register, as the administrator's
    /// import of the staff directory does: a case team takes only known staff.
    func knownStaff(_ ids: [String]) async throws {
        let admin = try await token("walk-staff-import", [.municipalityAdmin], schools: [])
        let reply = try await send("planning", "POST", "/v1/admin/staff", credential: admin,
                                   body: ["staff": ids.map { ["staffId": $0, "name": "Medarbejder \($0)", "email": "\($0)@kommune.example"] }])
        XCTAssertEqual(reply.status, 200, reply.text)
    }

    /// A pupil of `school` known to Screening and Planning (published on pupil.directory as Intake
    /// would), with a staff-reported concern triaged into an open case in Planning.
    struct Fixture: Sendable {
        var schoolId: String
        var pupilKey: String
        var concernId: String
        var caseId: String
        var ruleId: String
    }

    static func pupilKey() -> String { TestStack.pupilKey() }

    func publish(_ payloads: [any EventPayload]) async throws { try await TestStack.publish(payloads, clientID: "security-tests") }

    func eventually(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
        try await TestStack.eventually(what, timeout: timeout, condition)
    }

    func makeFixture(school: String) async throws -> Fixture {
        let pupil = Self.pupilKey()
        let enrolled = SchoolDate(dayNumber: Int(Date().timeIntervalSince1970 / 86400) - 400)
        try await publish([PupilDirectoryEntry(pupilKey: pupil, givenName: "Walk", familyName: "Fixture", schoolId: school, schoolName: "Testskole",
                                               className: "6B", grade: 6, enrolledFrom: enrolled, updatedAt: Date())])
        let leader = try await token("walk-leader", [.schoolLeader], schools: [school])
        try await eventually("Planning and Screening know the pupil") {
            let planning = try await send("planning", "GET", "/v1/pupils/\(pupil)", credential: leader)
            let screening = try await send("screening", "GET", "/v1/pupils/\(pupil)/absence", credential: leader)
            return planning.status == 200 && screening.status == 200
        }
        let reported = try await send("planning", "POST", "/v1/schools/\(school)/concerns", credential: leader,
                                      body: ["pupilKey": pupil, "category": "wellbeing", "description": "fixture"])
        XCTAssertEqual(reported.status, 201, reported.text)
        let concernId = try XCTUnwrap(reported.json["concernId"] as? String)
        try await knownStaff(["walk-coordinator"])
        let team: [[String: Any]] = [["staffId": "walk-coordinator", "role": "coordinator", "email": "walk-coordinator@kommune.example"]]
        let opened = try await send("planning", "POST", "/v1/concerns/\(concernId)/triage", credential: leader,
                                    body: ["decision": "open-case", "team": team, "meetingCadenceDays": 14], ifMatch: reported.etag)
        XCTAssertEqual(opened.status, 200, opened.text)
        let caseId = try XCTUnwrap(opened.json["caseId"] as? String, opened.text)
        let admin = try await token("walk-admin", [.municipalityAdmin], schools: [])
        let rule = try await send("notification", "POST", "/v1/routing-rules", credential: admin,
                                  body: ["schoolId": school, "eventType": "concern.raised", "mailboxRole": "walk-\(pupil.prefix(6))",
                                         "mailbox": "walk-\(pupil.prefix(6).lowercased())@kommune.example"])
        XCTAssertEqual(rule.status, 201, rule.text)
        let ruleId = try XCTUnwrap(rule.json["ruleId"] as? String, rule.text)
        return Fixture(schoolId: school, pupilKey: pupil, concernId: concernId, caseId: caseId, ruleId: ruleId)
    }
}
