import Foundation
import XCTest
@testable import Shared

/// A pupil's data across the four services of the running stack (architecture §3): the data
/// protection officer finds the pupil key from the school-system id, exports what each service
/// holds, erases the pupil at Intake, and then finds nothing left anywhere — every export empty,
/// the erasure in every service's audit log.
final class PupilErasureTests: XCTestCase {
    func testExportThenEraseOnePupilAcrossAllServices() async throws {
        let stack = try SecurityStack()
        let fixture = try await PupilAcrossServices.make(stack)
        let (pupil, dpo, leader, tag, sourceId) = (fixture.pupil, fixture.dpo, fixture.leader, fixture.tag, fixture.sourceId)
        let other = try await stack.send("intake", "POST", "/v1/pupil-keys", credential: leader, body: ["sourceId": sourceId])
        XCTAssertEqual(other.status, 403, "only the data protection officer resolves ids")

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
