import Foundation
import XCTest
@testable import PlanningService
@testable import Shared

/// The opsporingsteam's agenda from the inbox's rows (pure): new since the last meeting, watched pupils
/// due by the meeting day, pupils at or above the tier without a decision — each pupil once.
final class OpsporingAgendaTests: XCTestCase {
    let today = SchoolDate("2026-11-20")!
    let lastMeeting = Date(timeIntervalSince1970: 1_795_000_000)

    func finding(_ pupil: String, _ rule: String, raisedDaysAfterMeeting days: Double, rate: Double = 0.2) -> PupilInbox.Finding {
        PupilInbox.Finding(concernId: "\(pupil)-\(rule)", pupilKey: pupil, rule: rule, origin: .rule, asOf: today, rate: rate, threshold: 0.1,
                           schoolDays: 40, unauthorizedDays: nil, raisedAt: lastMeeting.addingTimeInterval(days * 86_400), concernTriage: .new)
    }

    func testTheThreeSectionsEachPupilOnce() {
        let findings = [
            finding("new-severe", "severe-absence", raisedDaysAfterMeeting: 3, rate: 0.6),
            finding("new-pattern", "weekday-pattern", raisedDaysAfterMeeting: 2),
            finding("old-undecided", "concerning-absence", raisedDaysAfterMeeting: -20),
            finding("old-rising", "beginning-absence", raisedDaysAfterMeeting: -20),
            finding("watched-due", "concerning-absence", raisedDaysAfterMeeting: -30),
            finding("watched-later", "concerning-absence", raisedDaysAfterMeeting: -30),
            finding("dismissed", "concerning-absence", raisedDaysAfterMeeting: -30),
            finding("escalated", "unauthorized-quarter-report", raisedDaysAfterMeeting: 1),
        ]
        func decision(_ kind: PupilInbox.Decision.Kind, review: String? = nil, tier: InboxTier = .concerning) -> PupilInbox.Decision {
            .init(kind: kind, tier: tier, reason: "x", reviewDate: review.flatMap(SchoolDate.init), decidedAt: lastMeeting)
        }
        let decisions = ["watched-due": decision(.watching, review: "2026-11-27"), "watched-later": decision(.watching, review: "2027-01-10"),
                         "dismissed": decision(.dismissed), "escalated": decision(.dismissed)]
        let rows = PupilInbox.rows(findings: findings, decisions: decisions, openCases: [:], pupils: [:], today: today)
        let items = OpsporingAgenda.items(rows, lastMeeting: lastMeeting, meetingDay: SchoolDate("2026-11-27")!)
        let bySection = Dictionary(grouping: items, by: \.section).mapValues { $0.map(\.row.pupilKey) }
        XCTAssertEqual(bySection[.newSinceLastMeeting], ["new-severe", "new-pattern"], "new findings since the meeting, in the order of attention")
        XCTAssertEqual(bySection[.reviewDue], ["escalated", "watched-due"], "back by escalation, or a review date by the meeting day")
        XCTAssertEqual(bySection[.undecided], ["old-undecided"], "over the line (concerning or more urgent) and never decided; rising is below it")
        XCTAssertEqual(items.count, Set(items.map(\.row.pupilKey)).count, "each pupil once")
        XCTAssertFalse(items.contains { ["dismissed", "watched-later"].contains($0.row.pupilKey) })
        let lower = OpsporingAgenda.items(rows, lastMeeting: lastMeeting, meetingDay: today, threshold: .rising)
        XCTAssertTrue(lower.contains { $0.row.pupilKey == "old-rising" && $0.section == .undecided }, "the threshold is the team's choice")
        XCTAssertFalse(lower.contains { $0.row.pupilKey == "watched-due" }, "not due yet on the 20th")
        let first = OpsporingAgenda.items(rows, lastMeeting: nil, meetingDay: today)
        XCTAssertEqual(first.filter { $0.section == .newSinceLastMeeting }.count, 4, "without a meeting, every undecided pupil is new")
    }

    // MARK: the API on the test stack

    /// The agenda and a meeting's decisions in one pass: all or none, access by role.
    func testTheMeetingAPIDecidesInOnePassAllOrNone() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-mo-\(tag)"
        let detection = stack.staff("opspor-\(tag)", [.detectionTeam], schools: [school])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [school])
        let keys = (0..<3).map { _ in PlanningStack.pupilKey() }
        let now = Date()
        let today = SchoolDate(now)
        var events: [any EventPayload] = []
        for (index, key) in keys.enumerated() {
            events.append(PupilDirectoryEntry(pupilKey: key, givenName: "P\(index)", familyName: "Møde-\(tag)", schoolId: school, schoolName: "Mødeskolen",
                                              className: "5A", grade: 5, enrolledFrom: SchoolDate("2020-08-10")!, updatedAt: now))
            events.append(ConcernRaised(concernId: "concerning-absence-\(key)", pupilKey: key, schoolId: school, origin: .rule, rule: "concerning-absence",
                                        windowStart: today.adding(days: -40), windowEnd: today, period: "2026/27",
                                        explanation: .init(schoolDays: 40, absentDays: ["illness": 5], rate: 0.125 + Double(index) / 100, threshold: 0.1,
                                                           dates: [], summary: "x"), policyVersion: 1, raisedAt: now))
        }
        try await stack.publish(events)
        var agenda: [String: Any] = [:]
        func section(_ name: String) -> [String] {
            ((agenda["sections"] as? [[String: Any]] ?? []).first { $0["section"] as? String == name }?["pupils"] as? [[String: Any]] ?? [])
                .compactMap { $0["pupilKey"] as? String }
        }
        try await stack.eventually("three new pupils on the agenda") {
            agenda = try await stack.send("GET", "/v1/schools/\(school)/opsporing-meeting", as: detection).json
            return section("new-since-last-meeting").count == 3
        }
        XCTAssertNil(agenda["lastMeeting"], "no meeting held yet")
        XCTAssertEqual(section("new-since-last-meeting"), keys.reversed(), "in the order of attention: the highest rate first")
        let refused = try await stack.send("GET", "/v1/schools/\(school)/opsporing-meeting", as: teacher)
        XCTAssertEqual(refused.status, 403, "a teacher sees no agenda")
        let badThreshold = try await stack.send("GET", "/v1/schools/\(school)/opsporing-meeting?threshold=loud", as: detection)
        XCTAssertEqual(badThreshold.status, 400)
        let teacherMeeting = try await stack.send("POST", "/v1/schools/\(school)/opsporing-meetings", as: teacher, body: ["decisions": [] as [Any]])
        XCTAssertEqual(teacherMeeting.status, 403, "a teacher holds no meeting")

        // A bad decision refuses the whole meeting, naming its place; nothing was decided.
        let bad = try await stack.send("POST", "/v1/schools/\(school)/opsporing-meetings", as: detection, body: ["decisions": [
            ["pupilKey": keys[0], "decision": "watch", "reviewDate": today.adding(days: 30).description],
            ["pupilKey": keys[1], "decision": "dismiss"],
        ]])
        XCTAssertEqual(bad.status, 422, bad.text)
        let errors = bad.json["errors"] as? [[String: Any]] ?? []
        XCTAssertEqual(errors.first?["index"] as? Int, 1)
        XCTAssertEqual(errors.first?["field"] as? String, "reason")
        let unknown = try await stack.send("POST", "/v1/schools/\(school)/opsporing-meetings", as: detection, body: ["decisions": [
            ["pupilKey": keys[0], "decision": "watch", "reviewDate": today.adding(days: 30).description],
            ["pupilKey": "not-a-pupil-\(tag)", "decision": "dismiss", "reason": "x"],
        ]])
        XCTAssertEqual(unknown.status, 404, "an unknown pupil refuses the meeting")
        agenda = try await stack.send("GET", "/v1/schools/\(school)/opsporing-meeting", as: detection).json
        XCTAssertEqual(section("new-since-last-meeting").count, 3, "all or none: the first pupil's watch was rolled back")

        let held = try await stack.send("POST", "/v1/schools/\(school)/opsporing-meetings", as: detection, body: ["decisions": [
            ["pupilKey": keys[0], "decision": "watch", "reviewDate": today.adding(days: 30).description],
            ["pupilKey": keys[1], "decision": "dismiss", "reason": "kendt sygdomsforløb"],
        ]])
        XCTAssertEqual(held.status, 201, held.text)
        XCTAssertEqual((held.json["decided"] as? [[String: Any]])?.compactMap { $0["state"] as? String }, ["watching", "dismissed"])
        agenda = try await stack.send("GET", "/v1/schools/\(school)/opsporing-meeting", as: detection).json
        XCTAssertNotNil(agenda["lastMeeting"])
        XCTAssertEqual(section("new-since-last-meeting"), [], "nothing new since the meeting")
        XCTAssertEqual(section("undecided-over-threshold"), [keys[2]], "the pupil left without a decision is still over the line")
        XCTAssertEqual(section("review-due"), [], "the watch's date is after today")
        let later = try await stack.send("GET", "/v1/schools/\(school)/opsporing-meeting?day=\(today.adding(days: 31))", as: detection).json
        agenda = later
        XCTAssertEqual(section("review-due"), [keys[0]], "a meeting on a later day has the watched pupil due")
    }
}
