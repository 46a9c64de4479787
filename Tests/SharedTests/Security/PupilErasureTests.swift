import Foundation
import XCTest
@testable import Shared

/// A pupil's data across the four services of the running stack (DESIGN section 3): the data
/// protection officer finds the pupil key from the school-system id, exports what each service
/// holds, erases the pupil at Intake, and then finds nothing left anywhere — every export empty,
/// the erasure in every service's audit log.
final class PupilErasureTests: XCTestCase {
    func testExportThenEraseOnePupilAcrossAllServices() async throws {
        let stack = try SecurityStack()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let school = "sletning-\(tag)"
        let dpo = try await stack.token("dpo-\(tag)", [.dataProtectionOfficer], schools: [])
        let admin = try await stack.token("admin-\(tag)", [.municipalityAdmin], schools: [])
        let leader = try await stack.token("leader-\(tag)", [.schoolLeader], schools: [school])

        // An attendance system for the school, registered by the municipality's administrator.
        let source = try await stack.send("intake", "POST", "/v1/admin/sources", credential: admin,
                                          body: ["sourceSystem": "sletning-\(tag)", "schools": [school]])
        XCTAssertEqual(source.status, 201, source.text)
        let key = try XCTUnwrap(source.json["apiKey"] as? String)
        let days = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-23"]
        let calendar = try await stack.send("intake", "PUT", "/v1/schools/\(school)/calendar", credential: key,
                                            body: ["schoolName": "Sletteskolen", "schoolYear": "2026/27", "schoolDays": days, "lessonsPerDay": 6])
        XCTAssertEqual(calendar.status, 200, calendar.text)
        let sourceId = "241114-\(String(Int.random(in: 1000...9999)))"
        let pupils = try await stack.send("intake", "POST", "/v1/pupils", credential: key, body: [[
            "sourceId": sourceId, "givenName": "Erasmus", "familyName": "Sletmig\(tag)", "schoolId": school, "className": "4B", "grade": 4,
            "enrolledFrom": "2022-08-08",
        ]])
        XCTAssertEqual(pupils.status, 200, pupils.text)
        let registrations = days.prefix(3).enumerated().map { index, date -> [String: Any] in
            ["sourceRegistrationId": "r-\(tag)-\(index)", "pupilSourceId": sourceId, "schoolId": school, "date": date, "status": "absent",
             "absenceCategory": "unauthorized", "recordedAt": "\(date)T08:00:00Z", "period": "day"]
        }
        let registered = try await stack.send("intake", "POST", "/v1/registrations", credential: key, body: registrations)
        XCTAssertEqual(registered.status, 200, registered.text)

        let resolved = try await stack.send("intake", "POST", "/v1/pupil-keys", credential: dpo, body: ["sourceId": sourceId])
        XCTAssertEqual(resolved.status, 200, resolved.text)
        let pupil = try XCTUnwrap(resolved.json["pupilKey"] as? String)
        let other = try await stack.send("intake", "POST", "/v1/pupil-keys", credential: leader, body: ["sourceId": sourceId])
        XCTAssertEqual(other.status, 403, "only the data protection officer resolves ids")

        // Planning: a concern and a case with a team, so Notification mails the team.
        try await stack.eventually("Planning knows the pupil") {
            try await stack.send("planning", "GET", "/v1/pupils/\(pupil)", credential: leader).status == 200
        }
        let reported = try await stack.send("planning", "POST", "/v1/schools/\(school)/concerns", credential: leader,
                                            body: ["pupilKey": pupil, "category": "wellbeing", "description": "trist i frikvartererne"])
        XCTAssertEqual(reported.status, 201, reported.text)
        let concernId = try XCTUnwrap(reported.json["concernId"] as? String)
        let team: [[String: Any]] = [["staffId": "coord-\(tag)", "role": "coordinator", "email": "coord-\(tag)@kommune.example"]]
        let opened = try await stack.send("planning", "POST", "/v1/concerns/\(concernId)/triage", credential: leader,
                                          body: ["decision": "open-case", "team": team], ifMatch: reported.etag)
        XCTAssertEqual(opened.status, 200, opened.text)

        // Export: every service holds something of the pupil.
        func export(_ service: String) async throws -> [String: [Any]] {
            let reply = try await stack.send(service, "GET", "/v1/pupils/\(pupil)/export", credential: dpo)
            XCTAssertEqual(reply.status, 200, "\(service): \(reply.text)")
            XCTAssertEqual(reply.json["pupilKey"] as? String, pupil)
            return reply.json["parts"] as? [String: [Any]] ?? [:]
        }
        let expected: [String: [String]] = [
            "intake": ["pupils", "registrations"], "screening": ["pupils", "pupil_days"],
            "planning": ["pupils", "concerns", "cases", "case_team"], "notification": ["pupil_events", "emails"],
        ]
        try await stack.eventually("every service holds the pupil's data") {
            for (service, parts) in expected {
                let exported = try await export(service)
                if parts.contains(where: { exported[$0]?.isEmpty ?? true }) { return false }
            }
            return true
        }
        let intakeExport = try await stack.send("intake", "GET", "/v1/pupils/\(pupil)/export", credential: dpo)
        XCTAssertTrue(intakeExport.text.contains("Sletmig\(tag)"), "Intake's export holds the name")
        XCTAssertFalse(intakeExport.text.contains(sourceId), "the school-system id is exported encrypted only")
        let denied = try await stack.send("planning", "GET", "/v1/pupils/\(pupil)/export", credential: leader)
        XCTAssertEqual(denied.status, 403)

        // Erasure at Intake, carried to the others by pupil.erased.
        let noReason = try await stack.send("intake", "POST", "/v1/pupils/\(pupil)/erasure", credential: dpo, body: ["reason": " "])
        XCTAssertEqual(noReason.status, 400, noReason.text)
        let erased = try await stack.send("intake", "POST", "/v1/pupils/\(pupil)/erasure", credential: dpo, body: ["reason": "anmodning j.nr. 2026-17"])
        XCTAssertEqual(erased.status, 202, erased.text)
        XCTAssertGreaterThan(erased.json["intakeRowsDeleted"] as? Int ?? 0, 3)
        var left: [String] = []
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            left = []
            for service in expected.keys.sorted() {
                for (part, rows) in try await export(service) where !rows.isEmpty { left.append("\(service).\(part): \(rows.count)") }
            }
            if left.isEmpty { break }
            try await Task.sleep(for: .milliseconds(300))
        } while ContinuousClock.now < deadline
        XCTAssertEqual(left, [], "what is left of the pupil after the erasure")
        for service in expected.keys.sorted() {
            let audit = try await stack.send(service, "GET", "/v1/audit?pupilKey=\(pupil)", credential: dpo)
            XCTAssertEqual(audit.status, 200, audit.text)
            let actions = (audit.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            XCTAssertTrue(actions.contains("erase-pupil"), "\(service) logged the erasure: \(actions)")
            XCTAssertTrue(actions.contains("export-pupil"), "\(service) logged the export: \(actions)")
        }
        let planningPupil = try await stack.send("planning", "GET", "/v1/pupils/\(pupil)", credential: leader)
        XCTAssertNotEqual(planningPupil.status, 200, "the erased pupil is gone from the school's view")
    }
}
