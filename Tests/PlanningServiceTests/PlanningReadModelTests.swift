import Foundation
import XCTest
@testable import PlanningService
@testable import Shared

/// The read models under replays and events out of order: one legal task per pupil, kind and quarter
/// however often its concern arrives, and a concern withdrawn by a correction before it even arrived
/// leaves no open task.
final class PlanningReadModelTests: XCTestCase {
    func testReplaysAndOutOfOrderEventsEndInTheSameState() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-rm-\(tag)"
        let pupil = PlanningStack.pupilKey(), other = PlanningStack.pupilKey()
        let now = Date()
        let today = SchoolDate(now)
        func raised(_ id: String, _ key: String, _ rule: String) -> ConcernRaised {
            ConcernRaised(concernId: id, pupilKey: key, schoolId: school, origin: .rule, rule: rule, windowStart: today, windowEnd: today,
                          period: today.quarterKey, raisedAt: now)
        }
        let warning = raised("w-\(tag)", pupil, "unauthorized-quarter-warning")
        let withdrawn = raised("x-\(tag)", other, "unauthorized-quarter-report")
        try await stack.publish([
            ConcernResolved(concernId: withdrawn.concernId, pupilKey: other, schoolId: school, rule: withdrawn.rule,
                            reason: .withdrawnByCorrection, resolvedAt: now),
            warning, warning, withdrawn,
            // A second warning concern in the same quarter (e.g. raised again after a resolve) makes no second task.
            raised("w2-\(tag)", pupil, "unauthorized-quarter-warning"),
        ])
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [school])
        var inbox: [[String: Any]] = []
        try await stack.eventually("the inbox shows the three concerns") {
            inbox = try await stack.send("GET", "/v1/schools/\(school)/concerns", as: leader).json["concerns"] as? [[String: Any]] ?? []
            return inbox.count == 3
        }
        XCTAssertEqual(inbox.first { $0["concernId"] as? String == withdrawn.concernId }?["resolvedReason"] as? String, "withdrawn-by-correction")
        XCTAssertNil(inbox.first { $0["concernId"] as? String == warning.concernId }?["pupil"], "no directory entry yet: no name")
        let tasks = try await stack.send("GET", "/v1/schools/\(school)/legal-tasks", as: leader).json["tasks"] as? [[String: Any]] ?? []
        XCTAssertEqual(tasks.count, 1, "\(tasks)")
        XCTAssertEqual(tasks.first?["pupilKey"] as? String, pupil)
        XCTAssertEqual(tasks.first?["kind"] as? String, "warn-parents")
    }

    /// A quarter concern withdrawn by a correction cancels its task; when the pupil's absence reaches the
    /// count again in the same quarter, the new concern gets a live task (the cancelled one does not hold its place).
    func testAConcernRaisedAgainAfterAWithdrawalGetsItsTask() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-rw-\(tag)"
        let pupil = PlanningStack.pupilKey()
        let now = Date()
        let today = SchoolDate(now)
        func raised(_ id: String) -> ConcernRaised {
            ConcernRaised(concernId: id, pupilKey: pupil, schoolId: school, origin: .rule, rule: "unauthorized-quarter-report",
                          windowStart: today, windowEnd: today, period: today.quarterKey, raisedAt: now)
        }
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [school])
        func tasks() async throws -> [[String: Any]] {
            try await stack.send("GET", "/v1/schools/\(school)/legal-tasks", as: leader).json["tasks"] as? [[String: Any]] ?? []
        }
        let first = raised("r1-\(tag)")
        try await stack.publish([first])
        try await stack.eventually("the first concern's task") { try await tasks().count == 1 }
        try await stack.publish([ConcernResolved(concernId: first.concernId, pupilKey: pupil, schoolId: school, rule: first.rule,
                                                 reason: .withdrawnByCorrection, resolvedAt: now)])
        try await stack.eventually("the withdrawal cancels it") { try await tasks().isEmpty }
        let again = raised("r2-\(tag)")
        try await stack.publish([again, again, first])
        try await stack.eventually("the concern raised again has its task") { try await tasks().count == 1 }
        let open = try await tasks()
        XCTAssertEqual(open.first?["concernId"] as? String, again.concernId, "\(open)")
        XCTAssertEqual(open.first?["kind"] as? String, "notify-municipality")
    }

    /// A pupil who moves: the new school sees what is recorded from its own enrolment on, never what the
    /// old school recorded (concerns, staff reports, legal tasks, cases) — issue 16, finding 1.
    func testAfterAMoveTheNewSchoolSeesOnlyWhatItRecorded() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let (old, new) = ("skole-fra-\(tag)", "skole-til-\(tag)")
        let pupil = PlanningStack.pupilKey()
        let now = Date()
        let today = SchoolDate(now)
        func entry(_ school: String, at time: Date) -> PupilDirectoryEntry {
            PupilDirectoryEntry(pupilKey: pupil, givenName: "Flytte", familyName: "Elev-\(tag)", schoolId: school, schoolName: school,
                                className: "5A", grade: 5, enrolledFrom: SchoolDate("2020-08-10")!, updatedAt: time)
        }
        func concern(_ id: String, _ school: String, _ rule: String) -> ConcernRaised {
            ConcernRaised(concernId: id, pupilKey: pupil, schoolId: school, origin: .rule, rule: rule, windowStart: today, windowEnd: today,
                          period: today.quarterKey, raisedAt: now)
        }
        let oldLeader = stack.staff("leder-fra-\(tag)", [.schoolLeader], schools: [old])
        let newLeader = stack.staff("leder-til-\(tag)", [.schoolLeader], schools: [new])
        try await stack.publish([entry(old, at: now.addingTimeInterval(-60)), concern("mv-old-\(tag)", old, "unauthorized-quarter-report")])
        try await stack.eventually("the old school sees its concern and legal task") {
            let overview = try await stack.send("GET", "/v1/pupils/\(pupil)", as: oldLeader).json
            return (overview["concerns"] as? [Any])?.count == 1 && (overview["legalTasks"] as? [Any])?.count == 1
        }
        let report = try await stack.send("POST", "/v1/schools/\(old)/concerns", as: oldLeader,
                                          body: ["pupilKey": pupil, "category": "family", "description": "Uro i hjemmet \(tag)"])
        XCTAssertEqual(report.status, 201, report.text)

        try await stack.publish([entry(new, at: now), concern("mv-new-\(tag)", new, "concerning-absence")])
        var seen: [String: Any] = [:]
        try await stack.eventually("the new school sees its own concern") {
            let reply = try await stack.send("GET", "/v1/pupils/\(pupil)", as: newLeader)
            seen = reply.json
            return reply.status == 200 && (seen["concerns"] as? [[String: Any]])?.contains { $0["concernId"] as? String == "mv-new-\(tag)" } == true
        }
        XCTAssertEqual((seen["concerns"] as? [[String: Any]])?.compactMap { $0["concernId"] as? String }, ["mv-new-\(tag)"], "\(seen)")
        XCTAssertEqual((seen["legalTasks"] as? [Any])?.count, 0, "the old school's underretning task is not the new school's")
        XCTAssertFalse(String(describing: seen).contains("Uro i hjemmet"), "the old school's staff report stays there")
        let oldNow = try await stack.send("GET", "/v1/pupils/\(pupil)", as: oldLeader)
        XCTAssertEqual(oldNow.status, 403, "the old school no longer reads the pupil")
    }

    /// The erasure epoch (issue 20, finding 12): after an erasure, what was made before it stays out —
    /// an older directory entry, an event stamped before the erasure — and a pupil who re-enrols
    /// afterwards (a newer directory entry) is let in again.
    func testAnErasedPupilWhoReEnrolsIsLetInAndOlderEventsAreNot() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-ep-\(tag)"
        let pupil = PlanningStack.pupilKey()
        let leader = stack.staff("leder-ep-\(tag)", [.schoolLeader], schools: [school])
        let erasedAt = Date()
        func entry(_ name: String, at time: Date) -> PupilDirectoryEntry {
            PupilDirectoryEntry(pupilKey: pupil, givenName: name, familyName: "Epoke-\(tag)", schoolId: school, schoolName: school,
                                className: "3B", grade: 3, enrolledFrom: SchoolDate("2023-08-10")!, updatedAt: time)
        }
        func send(_ payload: any EventPayload, madeAt time: Date) async throws {
            let event = try CloudEvent(payload, source: "/fremmoede/tests", time: time)
            _ = try await stack.producer.send([event.kafkaMessage(topic: event.topic!)])
        }
        try await send(entry("Før", at: erasedAt.addingTimeInterval(-120)), madeAt: erasedAt.addingTimeInterval(-120))
        try await stack.eventually("Planning knows the pupil") { try await stack.send("GET", "/v1/pupils/\(pupil)", as: leader).status == 200 }
        try await send(PupilErased(erasureId: "e-\(tag)", pupilKey: pupil, requestedBy: "dpo-\(tag)", requestedAt: erasedAt), madeAt: erasedAt)
        try await stack.eventually("the pupil is erased") { try await stack.send("GET", "/v1/pupils/\(pupil)", as: leader).status != 200 }
        // In flight from before the erasure: an entry stamped earlier, and a concern made before it.
        try await send(entry("Gammel", at: erasedAt.addingTimeInterval(-60)), madeAt: erasedAt.addingTimeInterval(-60))
        let stale = ConcernRaised(concernId: "ep-old-\(tag)", pupilKey: pupil, schoolId: school, origin: .rule, rule: "concerning-absence",
                                  windowStart: SchoolDate(erasedAt), windowEnd: SchoolDate(erasedAt), period: SchoolDate(erasedAt).quarterKey,
                                  raisedAt: erasedAt.addingTimeInterval(-30))
        try await send(stale, madeAt: erasedAt.addingTimeInterval(-30))
        // The pupil re-enrols after the erasure.
        let back = Date().addingTimeInterval(1)
        try await send(entry("Igen", at: back), madeAt: back)
        var overview: [String: Any] = [:]
        try await stack.eventually("the re-enrolled pupil is back") {
            let reply = try await stack.send("GET", "/v1/pupils/\(pupil)", as: leader)
            overview = reply.json
            return reply.status == 200
        }
        XCTAssertEqual((overview["pupil"] as? [String: Any])?["givenName"] as? String, "Igen")
        XCTAssertEqual((overview["concerns"] as? [Any])?.count, 0, "the concern made before the erasure did not come back: \(overview)")
    }
}
