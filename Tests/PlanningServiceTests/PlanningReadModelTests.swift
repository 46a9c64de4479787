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
}
