import Foundation
import Shared
import XCTest
@testable import ScreeningService

/// What the evaluation does to be fast gives what the plain computation gives: every rule at once
/// (one set of windows, the day's periods worked out once, settings by ordinal) equals each rule
/// alone, and a window that does not list its dates sums the same.
final class EvaluationShortcutsTests: XCTestCase {
    typealias F = ScreeningFixtures
    let days = F.weekdays(from: "2026-08-10", through: "2026-12-18", except: ["2026-10-12", "2026-10-13", "2026-10-14", "2026-10-15", "2026-10-16"])
    var calendar: SchoolCalendarIndex { SchoolCalendarIndex(days: days.map(\.dayNumber)) }

    /// Absence of every kind, lessons and lateness, spread unevenly over the term.
    var pupil: PupilAbsence {
        var pupil = PupilAbsence(pupilKey: "p", schoolId: "skole-01")
        let categories: [AbsenceCategory] = [.illness, .unauthorized, .authorized]
        for (index, day) in days.enumerated() {
            switch index % 7 {
            case 0, 3: _ = pupil.apply(F.registration("p", day, category: categories[index % 3]))
            case 5: _ = pupil.apply(F.registration("p", day, status: .late))
            default: if index % 11 == 1 { _ = pupil.apply(F.registration("p", day, category: .unauthorized)) }
            }
        }
        return pupil
    }

    func testRuleOrdinalsAreTheirPlacesInAllCases() {
        XCTAssertEqual(AbsenceRule.allCases.map(\.ordinal), Array(AbsenceRule.allCases.indices))
        XCTAssertEqual(AbsenceRule.allCases.sorted(), AbsenceRule.allCases)
    }

    func testEveryRuleAtOnceEqualsEachRuleAlone() {
        var policy = ScreeningPolicy.standard
        policy.rules[AbsenceRule.quarterAbsenceContact.rawValue]?.enabled = true
        let pupil = pupil
        var compared = 0
        for explain in [false, true] {
            let evaluator = RuleEvaluator(policy: policy, explain: explain)
            for day in days.dropFirst(5) {
                let together = evaluator.evaluate(pupil, calendar: calendar, asOf: day.dayNumber)
                let alone = AbsenceRule.allCases.filter { policy.settings($0).enabled }
                    .compactMap { evaluator.evaluate($0, pupil, calendar: calendar, asOf: day.dayNumber) }
                XCTAssertEqual(together, alone, "as of \(day), explain \(explain)")
                compared += together.count
            }
        }
        XCTAssertGreaterThan(compared, 500, "the rules were evaluated, not skipped")
    }

    func testAChangedPolicyChangesTheSettingsRead() throws {
        var evaluator = RuleEvaluator(policy: .standard, explain: false)
        let asOf = days[60].dayNumber
        XCTAssertNotNil(evaluator.evaluate(pupil, calendar: calendar, asOf: asOf).first { $0.rule == .weekdayPattern })
        evaluator.policy.rules[AbsenceRule.weekdayPattern.rawValue]?.enabled = false
        XCTAssertNil(evaluator.evaluate(pupil, calendar: calendar, asOf: asOf).first { $0.rule == .weekdayPattern })
        evaluator.policy.rules[AbsenceRule.severeAbsence.rawValue]?.threshold = 0.01
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.severeAbsence, pupil, calendar: calendar, asOf: asOf)).state, .met)
    }

    /// The text as it was made before: a formatted string per byte, cut into the UUID's groups.
    func formatted(_ bytes: [UInt8]) -> String {
        let characters = Array(bytes.map { String(format: "%02x", $0) }.joined())
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }

    func testAConcernIdsTextIsWhatFormattingEachByteGave() {
        var generator = SystemRandomNumberGenerator()
        var samples = [[UInt8](repeating: 0, count: 16), [UInt8](repeating: 255, count: 16), (0..<16).map { UInt8($0) }, (240...255).map { UInt8($0) }]
        for _ in 0..<200 { samples.append((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }) }
        for bytes in samples { XCTAssertEqual(ConcernLifecycle.uuidText(bytes), formatted(bytes)) }
        let id = ConcernLifecycle.concernId(pupilKey: "elev-1", rule: .severeAbsence, period: "2026/27", sequence: 0)
        XCTAssertNotNil(UUID(uuidString: id), id)
        XCTAssertEqual(id, id.lowercased())
    }

    func testAWindowWithoutItsDatesSumsTheSame() {
        let pupil = pupil
        for end in stride(from: 10, to: days.count, by: 3) {
            let schoolDays = calendar.lastSchoolDays(20, through: days[end].dayNumber, notBefore: Int.min / 2)
            let listed = AbsenceWindow(pupil: pupil, schoolDays: schoolDays)
            var unlisted = AbsenceWindow(pupil: pupil, schoolDays: schoolDays, dates: false)
            XCTAssertTrue(unlisted.absenceDates.isEmpty)
            XCTAssertFalse(listed.absenceDates.isEmpty)
            unlisted.absenceDates = listed.absenceDates
            XCTAssertEqual(unlisted, listed)
        }
    }
}
