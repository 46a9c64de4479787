import Foundation
import PlanningAPI
import XCTest
@testable import PlanningService
@testable import Shared

/// Staff input that once trapped PlanningService (issue 16, finding 4): dates far outside the school
/// years, and a meeting attendee line without a name. Each must be refused with a problem naming the
/// field, and the service must go on answering.
final class PlanningInputSafetyTests: XCTestCase {
    /// 9999-12-31T23:00:00Z: the next day in Copenhagen is in year 10000.
    let lastHourOf9999 = Date(timeIntervalSince1970: 253_402_297_200)

    func testDatesOutsideTheAcceptedYearsAreRefusedAndNeverTrap() {
        XCTAssertNil(EventCoding.parseTimestamp("9999-12-31T23:00:00Z"))
        XCTAssertNil(EventCoding.parseTimestamp("0001-01-01T00:00:00Z"))
        XCTAssertNotNil(EventCoding.parseTimestamp("2100-12-31T22:59:59Z"))
        XCTAssertNil(MonthKeys.range(from: "9999-12", to: "9999-12"))
        XCTAssertNil(MonthKeys.month("2100-12", movedBy: 1))
        XCTAssertEqual(MonthKeys.range(from: "2026-11", to: "2027-01"), ["2026-11", "2026-12", "2027-01"])
        // Never trap, whatever reaches the arithmetic.
        XCTAssertEqual(CaseFigures.months(["9999-12"], cases: []).map(\.openCasesAtEnd), [0])
        let figures = SchoolFigures.compute(months: ["9999-12"], schoolYears: ["9999/00"], counts: .init(), targets: .standard) { _ in true }
        XCTAssertEqual(figures.figures.months.map(\.hasFigures), [false])
        XCTAssertNil(MeetingCadence(everyDays: 14).nextMeeting(after: lastHourOf9999))
        XCTAssertEqual(SchoolDate(lastHourOf9999).year, 9999, "a moment past the type's last day is held at its last day")
    }

    func testFarDatesThroughTheAPIAreRefusedAndTheServiceGoesOn() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-in-\(tag)"
        let analyst = stack.staff("analytiker-\(tag)", [.municipalityAnalyst], schools: [], wide: true)
        let detection = stack.staff("opspor-\(tag)", [.detectionTeam], schools: [school])

        for query in ["to=9999-12", "from=0001-01&to=0001-02", "from=2026-01&to=2101-01"] {
            let reply = try await stack.send("GET", "/v1/dashboard?\(query)", as: analyst)
            XCTAssertEqual(reply.status, 400, "\(query): \(reply.text)")
            XCTAssertEqual(reply.headers["content-type"], "application/problem+json", query)
        }

        let team: [[String: Any]] = [["staffId": detection.staffId, "role": "coordinator", "email": detection.email]]
        let (caseId, concernId) = try await stack.openCase(rule: "concerning-absence", pupil: PlanningStack.pupilKey(), school: school,
                                                           by: detection, team: team, meetingCadenceDays: 14)

        let far = try await stack.send("POST", "/v1/cases/\(caseId)/meetings", as: detection,
                                       body: ["heldAt": "9999-12-31T23:00:00Z", "attendees": [["name": "Mor", "role": "forælder"]], "decisions": []])
        XCTAssertEqual(far.status, 400, far.text)
        XCTAssertEqual((far.json["errors"] as? [[String: Any]])?.first?["field"] as? String, "heldAt", far.text)
        let nameless = try await stack.send("POST", "/v1/cases/\(caseId)/meetings", as: detection,
                                            body: ["heldAt": "2026-11-24T13:00:00Z", "attendees": [["name": "", "role": ""]], "decisions": []])
        XCTAssertEqual(nameless.status, 422, nameless.text)
        let farReview = try await stack.send("POST", "/v1/concerns/\(concernId)/triage", as: detection,
                                             body: ["decision": "watch", "reviewDate": "9999-12-31", "reason": "x"], ifMatch: "\"2\"")
        XCTAssertEqual(farReview.status, 400, farReview.text)

        // The service is still up, and the case page's data still reads.
        let detail = try await stack.send("GET", "/v1/cases/\(caseId)", as: detection)
        XCTAssertEqual(detail.status, 200, detail.text)
        XCTAssertNil(detail.json["nextMeetingAt"], "no meeting was stored")
        let (status, output) = try stack.checkOpenAPI()
        XCTAssertEqual(status, 0, output)
    }
}
