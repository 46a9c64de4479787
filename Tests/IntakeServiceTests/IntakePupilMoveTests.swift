import Foundation
import XCTest
@testable import IntakeService
@testable import Shared

/// A source once took over another school's pupil by sending the pupil's CPR number with its own
/// school (issue 16, finding 1): the upsert moved the pupil, and the new school read what the old one
/// recorded. A source no longer moves a pupil away from a school it does not serve.
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

        // A source moves its own pupils between the schools it serves.
        let own = "0412\(Int.random(in: 10...99))\(Int.random(in: 1000...9999))"
        _ = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil(own, school: schoolsA[0])]), key: keyA)
        let move = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil(own, school: schoolsA[1])]), key: keyA)
        XCTAssertEqual(move.status, 200, String(decoding: move.body, as: UTF8.self))
    }
}
