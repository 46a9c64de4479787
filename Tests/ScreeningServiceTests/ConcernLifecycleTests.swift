import Foundation
import Shared
import XCTest
@testable import ScreeningService

/// The concern lifecycle through the engine: raise once, escalate, resolve with the margin,
/// withdraw by correction, end with the quarter — and the same concerns however events are batched.
final class ConcernLifecycleTests: XCTestCase {
    typealias F = ScreeningFixtures
    let q4 = F.weekdays(from: "2026-10-01", through: "2026-12-18")

    func engine(policy: ScreeningPolicy = .standard) -> ScreeningEngine {
        var engine = ScreeningEngine(policy: policy, policyVersion: 1)
        _ = engine.process([.calendar(F.calendar(F.weekdays(from: "2026-08-10", through: "2026-12-18")))])
        return engine
    }

    /// A full feed for one pupil: absent (unauthorized) on `absent`, present on the other days.
    func feed(_ pupil: String, days: ArraySlice<SchoolDate>, absent: Set<SchoolDate>) -> [ScreeningEngine.Input] {
        days.map { day in
            .attendance(absent.contains(day) ? F.registration(pupil, day) : F.registration(pupil, day, status: .present), partition: 0)
        }
    }

    func testRaisesOnceEscalatesAndResolvesBelowTheMargin() {
        var engine = engine(policy: F.shareSoFar)
        // Absent on 3 of the first 20 days of Q4: 15 % on day 20.
        let absent: Set<SchoolDate> = [q4[15], q4[17], q4[19]]
        let first = engine.process(feed("p", days: q4[0..<20], absent: absent))
        let rules = first.raised.map(\.event.rule)
        XCTAssertEqual(rules.filter { $0 == "unauthorized-quarter-warning" }.count, 1)
        XCTAssertEqual(rules.filter { $0 == "unauthorized-quarter-report" }.count, 1)
        let warning = first.raised.first { $0.event.rule == "unauthorized-quarter-warning" }!
        let report = first.raised.first { $0.event.rule == "unauthorized-quarter-report" }!
        XCTAssertEqual(report.event.escalatesConcernId, warning.event.concernId)
        XCTAssertEqual(report.event.explanation?.dates, [q4[15], q4[17], q4[19]], "a raised concern carries the days that counted")
        XCTAssertEqual(report.event.explanation?.absentDays, ["unauthorized": 3])
        XCTAssertTrue(report.event.explanation?.summary.contains("3.0 of 20 school days (15.0 %)") ?? false, report.event.explanation?.summary ?? "")
        XCTAssertLessThan(warning.asOf, report.asOf, "10 % on day 18 (2/18 = 11 %), 15 % on day 20")
        // Present every day: 3/22 = 13.6 % holds the report (≥ 13 %); 3/24 = 12.5 % resolves it; 3/30 = 10 % keeps the warning.
        let next = engine.process(feed("p", days: q4[20..<30], absent: []))
        XCTAssertTrue(next.raised.isEmpty, "nothing is raised twice")
        let resolved = next.resolved.map { ($0.event.rule, $0.asOf) }
        XCTAssertEqual(resolved.map(\.0), ["unauthorized-quarter-report"])
        XCTAssertEqual(resolved.first?.1, q4[23].dayNumber)
        XCTAssertEqual(next.resolved.first?.event.reason, .belowThreshold)
        let later = engine.process(feed("p", days: q4[30..<38], absent: []))
        XCTAssertEqual(later.resolved.map(\.event.rule).sorted(), ["beginning-absence", "unauthorized-quarter-warning"],
                       "3/38 = 7.9 % < 8 %; and 1 of the last 20 days (5 %) is below beginning-absence's 8 %")
        XCTAssertEqual(later.resolved.first { $0.event.rule == "unauthorized-quarter-warning" }?.asOf, q4[37].dayNumber)
    }

    func testACorrectionWithdrawsTheConcern() {
        var engine = engine(policy: F.shareSoFar)
        let day = q4[11]
        let original = engine.process(feed("p", days: q4[0..<12], absent: [q4[10], day]))
        // 2 of 12 days: both quarter rules. The doctor's note leaves 1 of 12 (8.3 %): the report is
        // withdrawn, the warning holds (above 10 % − 2 %).
        let report = original.raised.first { $0.event.rule == "unauthorized-quarter-report" }
        XCTAssertNotNil(report)
        XCTAssertTrue(original.raised.contains { $0.event.rule == "unauthorized-quarter-warning" })
        let doctorsNote = F.registration("p", day, category: .illness, recordedAt: Date(timeIntervalSince1970: Double(q4[12].dayNumber) * 86_400), replaces: "x")
        let corrected = engine.process([.attendance(doctorsNote, partition: 0)])
        XCTAssertEqual(corrected.resolved.map(\.event.concernId), [report!.event.concernId])
        XCTAssertEqual(corrected.resolved.first?.event.reason, .withdrawnByCorrection)
    }

    func testAnOlderRegistrationDeliveredAgainDoesNotUndoACorrection() {
        var engine = engine()
        let day = q4[11]
        let original = F.registration("p", day)
        _ = engine.process(feed("p", days: q4[0..<11], absent: [q4[10]]) + [.attendance(original, partition: 0)])
        let correction = F.registration("p", day, category: .illness, recordedAt: original.recordedAt.addingTimeInterval(3600), replaces: original.registrationId)
        _ = engine.process([.attendance(correction, partition: 0)])
        let redelivered = engine.process([.attendance(original, partition: 0)])
        XCTAssertTrue(redelivered.changedDays.isEmpty)
        XCTAssertEqual(engine.pupils["p"]?.absence.days.last?.illnessShare, 1)
    }

    func testTheFourOfTenCaseRaisesOnlyTheEarlyWarningThroughTheWholeQuarter() {
        // Q4 has 57 school days here: 10 % allows 5.7 days. 4 unauthorized days in the first 10, then present.
        var engine = engine()
        let output = engine.process(feed("p", days: q4[0...], absent: Set(q4[0..<4])))
        let quarterRules = output.raised.filter { $0.event.rule.hasPrefix("unauthorized-quarter") }
        XCTAssertEqual(quarterRules.map(\.event.rule), ["unauthorized-quarter-so-far"], "no legal rule; only the early warning")
        XCTAssertEqual(quarterRules.first?.asOf, q4[9].dayNumber, "judged from the quarter's tenth school day")
        XCTAssertTrue(output.resolved.contains { $0.event.rule == "unauthorized-quarter-so-far" && $0.event.reason == .belowThreshold },
                      "the early warning resolves as the share so far falls")
    }

    func testReachingTheCountOnTheQuartersLastDayRaisesTheUnderretningThen() {
        // 15 % of 57 is 8.55: the 9th unauthorized day, on the quarter's last school day, reaches it.
        var engine = engine()
        let absent = Set(q4[0..<8]).union([q4[56]])
        let output = engine.process(feed("p", days: q4[0...], absent: absent))
        let report = output.raised.first { $0.event.rule == "unauthorized-quarter-report" }
        XCTAssertEqual(report?.asOf, q4[56].dayNumber)
        XCTAssertEqual(report?.event.explanation?.schoolDays, 57)
        let warning = output.raised.first { $0.event.rule == "unauthorized-quarter-warning" }
        XCTAssertEqual(warning?.asOf, q4[5].dayNumber, "6 of the 5.7 days on the sixth day")
        XCTAssertEqual(report?.event.escalatesConcernId, warning?.event.concernId)
        XCTAssertFalse(output.resolved.contains { $0.event.rule.hasPrefix("unauthorized-quarter-warning") },
                       "a count once reached is not undone by more school days passing")
    }

    func testQuarterConcernsEndWithTheQuarter() {
        var engine = engine()
        let september = F.weekdays(from: "2026-09-01", through: "2026-09-30")
        let inputs: [ScreeningEngine.Input] = september.map { .attendance(F.registration("p", $0, status: $0.day % 3 == 0 ? .absent : .present), partition: 0) }
        let q3 = engine.process(inputs)
        XCTAssertTrue(q3.raised.contains { $0.event.period == "2026-Q3" })
        let october = engine.process([.attendance(F.registration("p", q4[0], status: .present), partition: 0)])
        XCTAssertTrue(october.resolved.contains { $0.event.reason == .periodEnded })
    }

    func testAbsenceOnlyFeedsResolveAsSchoolDaysPass() {
        // Pupil "p" sends only absences; pupil "q" at the same school keeps the school's day moving.
        var engine = engine(policy: F.shareSoFar)
        var inputs: [ScreeningEngine.Input] = []
        for (index, day) in q4[0..<40].enumerated() {
            if [5, 7, 9].contains(index) { inputs.append(.attendance(F.registration("p", day), partition: 0)) }
            inputs.append(.attendance(F.registration("q", day, status: .present), partition: 0))
        }
        let output = engine.process(inputs)
        XCTAssertTrue(output.raised.contains { $0.event.pupilKey == "p" && $0.event.rule == "unauthorized-quarter-report" })
        XCTAssertTrue(output.resolved.contains { $0.event.pupilKey == "p" && $0.event.rule == "unauthorized-quarter-report" },
                      "with no registrations of its own, the pupil's rate falls as the school's days pass")
    }

    func testASparseAbsenceOnlyFeedIsJudgedOnTheQuartersTenthSchoolDay() {
        // Found by the end-to-end test: a school that sends only absences, and a partition that
        // hears of it on the quarter's 2nd school day and next on its 14th. One day of ten is 10 %
        // on the 10th school day, so the warning is due then — not skipped with the silent days.
        var engine = engine(policy: F.shareSoFar)
        let output = engine.process([
            .attendance(F.registration("p", q4[1]), partition: 0),
            .attendance(F.registration("q", q4[13], status: .late, category: nil), partition: 0),
        ])
        let warning = output.raised.first { $0.event.pupilKey == "p" && $0.event.rule == "unauthorized-quarter-warning" }
        XCTAssertEqual(warning?.asOf, q4[9].dayNumber, "raised as of the quarter's tenth school day")
        XCTAssertEqual(warning?.event.period, "2026-Q4")
        XCTAssertTrue(output.resolved.contains { $0.event.concernId == warning?.event.concernId && $0.asOf == q4[12].dayNumber },
                      "and resolved when 1 of 13 days (7.7 %) is below the line minus the margin")
    }

    func testACalendarArrivingAfterTheRegistrationsJudgesTheSchoolAgain() {
        // Found by the browser test: school.calendar and attendance.ingested are separate topics, so
        // registrations may be judged under the school's old calendar (here: none for the autumn).
        var engine = ScreeningEngine(policy: F.shareSoFar, policyVersion: 1)
        _ = engine.process([.calendar(F.calendar(F.weekdays(from: "2026-08-10", through: "2026-09-30")))])
        let before = engine.process(feed("p", days: q4[0..<12], absent: [q4[3], q4[8]]))
        XCTAssertFalse(before.raised.contains { $0.event.rule == "unauthorized-quarter-warning" }, "no Q4 school days known yet")
        let after = engine.process([.calendar(F.calendar(F.weekdays(from: "2026-08-10", through: "2026-12-18")))])
        let warning = after.raised.first { $0.event.pupilKey == "p" && $0.event.rule == "unauthorized-quarter-warning" }
        XCTAssertEqual(warning?.event.period, "2026-Q4", "2 of 12 school days once the calendar has them")
    }

    /// Replaying the same events in other batch sizes gives the same concerns (determinism).
    func testTheSameConcernsWhateverTheBatching() {
        var generator = SystemRandomNumberGenerator()
        _ = generator.next()
        var seed: UInt64 = 42
        func random() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(seed >> 11) / Double(1 << 53)
        }
        let days = F.weekdays(from: "2026-08-10", through: "2026-12-18")
        var inputs: [ScreeningEngine.Input] = []
        for day in days {
            for pupil in 0..<40 {
                let rate = pupil % 4 == 0 ? 0.25 : 0.04
                let roll = random()
                let registration: AttendanceIngested
                if roll < rate {
                    registration = F.registration("p\(pupil)", day, category: roll < rate / 2 ? .unauthorized : .illness)
                } else if roll < rate + 0.03 {
                    registration = F.registration("p\(pupil)", day, status: .late)
                } else {
                    registration = F.registration("p\(pupil)", day, status: .present)
                }
                inputs.append(.attendance(registration, partition: Int32(pupil % 3)))
            }
        }
        func run(batch size: Int) -> [String] {
            var engine = engine()
            var concerns: [String] = []
            var start = 0
            while start < inputs.count {
                let output = engine.process(Array(inputs[start..<min(start + size, inputs.count)]))
                concerns += output.raised.map { "raise \($0.event.concernId) \($0.asOf) \($0.event.explanation!.summary)" }
                concerns += output.resolved.map { "resolve \($0.event.concernId) \($0.asOf) \($0.event.reason)" }
                start += size
            }
            return concerns.sorted()
        }
        let live = run(batch: 1)
        XCTAssertGreaterThan(live.count, 20)
        XCTAssertEqual(run(batch: 37), live)
        XCTAssertEqual(run(batch: 5000), live)
    }
}
