import Foundation
import XCTest
@testable import IntakeService
@testable import Shared

/// A source once took over another school's pupil by sending the pupil's CPR number with its own
/// school (issue 16, finding 1): the upsert moved the pupil, and the new school read what the old one
/// recorded. A source no longer moves a pupil away from a school it does not serve: the move is held for
/// the municipality's administrator, who applies or rejects it.
final class IntakePupilMoveTests: XCTestCase {
    typealias S = IntakeStack

    func testASourceDoesNotTakeOverAPupilOfASchoolItDoesNotServe() async throws {
        let stack = try IntakeStack()
        let (keyB, schoolsB) = try await stack.newSource()
        let (keyA, schoolsA) = try await stack.newSource(schools: 2)
        let cpr = "0312\(Int.random(in: 10...99))\(Int.random(in: 1000...9999))"
        let atB = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil(cpr, school: schoolsB[0])]), key: keyB)
        XCTAssertEqual(atB.status, 200, String(decoding: atB.body, as: UTF8.self))

        let takeover = try await stack.send("POST", "/v1/registrations", body: stack.json([
            "pupils": [S.pupil(cpr, school: schoolsA[0], given: "Overtaget")],
            "registrations": [S.registration("take-1", pupil: cpr, school: schoolsA[0])],
        ]), key: keyA)
        XCTAssertEqual(takeover.status, 422, String(decoding: takeover.body, as: UTF8.self))
        XCTAssertEqual(Set(takeover.errors.compactMap { $0["field"] as? String }), ["pupils[0].schoolId", "schoolId"])
        XCTAssertEqual(takeover.json["pupils"] as? Int, 0)
        XCTAssertEqual(takeover.json["accepted"] as? Int, 0)
        let directory = try await stack.events(.pupilDirectory, schools: [schoolsA[0]], atLeast: 1, timeout: .seconds(5))
        XCTAssertTrue(directory.isEmpty, "no directory entry moved the pupil to the other source's school")
        XCTAssertTrue((takeover.errors.first { $0["field"] as? String == "pupils[0].schoolId" }?["reason"] as? String ?? "").contains("held"),
                      takeover.text)

        // The move waits for the administrator, who sees the schools and the source, never the name or the id.
        let held = try await stack.send("GET", "/v1/admin/pupil-moves", body: nil, key: stack.adminToken)
        XCTAssertEqual(held.status, 200, held.text)
        let heldMove = try XCTUnwrap((held.json["moves"] as? [[String: Any]])?.first { $0["toSchool"] as? String == schoolsA[0] }, held.text)
        XCTAssertEqual(heldMove["fromSchool"] as? String, schoolsB[0])
        XCTAssertFalse(held.text.contains("Overtaget") || held.text.contains(cpr), "no name or CPR number in the list")
        let moveId = try XCTUnwrap(heldMove["moveId"] as? String)
        let notAdmin = try await stack.send("GET", "/v1/admin/pupil-moves", body: nil, key: keyA)
        XCTAssertEqual(notAdmin.status, 401, "a source key is not the administrator")
        let applied = try await stack.send("POST", "/v1/admin/pupil-moves/\(moveId)/apply", body: nil, key: stack.adminToken)
        XCTAssertEqual(applied.status, 200, applied.text)
        XCTAssertEqual(applied.json["status"] as? String, "applied")
        let moved = try await stack.events(.pupilDirectory, schools: [schoolsA[0]], atLeast: 1)
        XCTAssertEqual(try moved.map { try $0.decode(PupilDirectoryEntry.self).givenName }, ["Overtaget"], "the applied move enrols the pupil at the new school")
        let again = try await stack.send("POST", "/v1/admin/pupil-moves/\(moveId)/reject", body: nil, key: stack.adminToken)
        XCTAssertEqual(again.status, 404, "a decided move is decided")

        // A source moves its own pupils between the schools it serves.
        let own = "0412\(Int.random(in: 10...99))\(Int.random(in: 1000...9999))"
        _ = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil(own, school: schoolsA[0])]), key: keyA)
        let move = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil(own, school: schoolsA[1])]), key: keyA)
        XCTAssertEqual(move.status, 200, String(decoding: move.body, as: UTF8.self))
    }

    /// Two school systems that both number their pupils `elev-1` send two children, not one: neither
    /// is refused as the other's pupil, and each registration is its own pupil's.
    func testTwoSourcesLocalIdsAreTwoPupils() async throws {
        let stack = try IntakeStack()
        let (keyA, schoolsA) = try await stack.newSource()
        let (keyB, schoolsB) = try await stack.newSource()
        let local = "elev-\(Int.random(in: 1...99))"
        for (key, school, id) in [(keyA, schoolsA[0], "la-1"), (keyB, schoolsB[0], "lb-1")] {
            let reply = try await stack.send("POST", "/v1/registrations", body: stack.json([
                "pupils": [S.pupil(local, school: school)], "registrations": [S.registration(id, pupil: local, school: school)],
            ]), key: key)
            XCTAssertEqual(reply.status, 200, reply.text)
            XCTAssertEqual(reply.json["accepted"] as? Int, 1, reply.text)
        }
        let ingested = try await stack.events(.attendanceIngested, schools: schoolsA + schoolsB, atLeast: 2)
        let keys = Set(try ingested.map { try $0.decode(AttendanceIngested.self).pupilKey })
        XCTAssertEqual(keys.count, 2, "one pupil key per source for the same local id")
    }
}
