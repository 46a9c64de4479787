import Foundation
import XCTest
@testable import IntakeService
@testable import Shared

/// An Ed-Fi event without `id` once got the registration id `edfi:<studentUniqueId>:…`: with a CPR
/// number as the student id, the CPR number was stored as the source's registration id and, for a
/// refused event, published on `attendance.rejected` (issue 16, finding 3).
final class IntakeEdFiPrivacyTests: XCTestCase {
    typealias S = IntakeStack

    func testAnEdFiEventWithoutIdCarriesNoStudentIdOnAnyTopic() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let school = schools[0]
        let known = "2411\(Int.random(in: 10...99))\(Int.random(in: 1000...9999))"  // CPR-shaped: DDMMYY and four digits
        let unknown = "2511\(Int.random(in: 10...99))\(Int.random(in: 1000...9999))"
        _ = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil(known, school: school)]), key: key)
        func event(_ student: String, _ date: String) -> [String: Any] {
            ["attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence",
             "eventDate": date, "schoolReference": ["schoolId": school], "studentReference": ["studentUniqueId": student]]
        }
        let reply = try await stack.send("POST", "/v1/ed-fi/studentSchoolAttendanceEvents",
                                         body: stack.json([event(known, "2026-11-18"), event(unknown, "2026-11-19")]), key: key)
        XCTAssertEqual(reply.status, 422, String(decoding: reply.body, as: UTF8.self))
        XCTAssertEqual(reply.json["accepted"] as? Int, 1)
        let rejected = try await stack.events(.attendanceRejected, schools: [school], atLeast: 1)
        XCTAssertEqual(rejected.count, 1)
        for event in rejected {
            let text = String(decoding: try EventCoding.encoder().encode(event.decode(AttendanceRejected.self)), as: UTF8.self)
            XCTAssertFalse(text.contains(unknown), "the refused student's id is on attendance.rejected: \(text)")
            XCTAssertTrue(try event.decode(AttendanceRejected.self).sourceRegistrationId?.hasPrefix("edfi:") ?? false, text)
        }
        let ingested = try await stack.events(.attendanceIngested, schools: [school], atLeast: 1)
        for event in ingested {
            let text = String(decoding: try EventCoding.encoder().encode(event.decode(AttendanceIngested.self)), as: UTF8.self)
            XCTAssertFalse(text.contains(known), "the student's id is on attendance.ingested: \(text)")
        }
        // A replay of the same event is the same registration (the fallback id is stable).
        let again = try await stack.send("POST", "/v1/ed-fi/studentSchoolAttendanceEvents", body: stack.json([event(known, "2026-11-18")]), key: key)
        XCTAssertEqual(again.json["duplicates"] as? Int, 1, String(decoding: again.body, as: UTF8.self))
    }
}
