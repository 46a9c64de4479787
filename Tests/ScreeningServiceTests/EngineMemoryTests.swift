import Foundation
import Shared
import XCTest
@testable import ScreeningService

/// Screening keeps a pupil's days back to what its rules read (issue 20, finding 10): a school
/// year of registrations leaves the quarter and the windows in memory, not the year, and what it
/// decides is what an engine that kept every day decides.
final class EngineMemoryTests: XCTestCase {
    typealias F = ScreeningFixtures
    let year = F.weekdays(from: "2026-08-10", through: "2027-06-25")

    func engine(keepsEveryDay: Bool = false) -> ScreeningEngine {
        var engine = ScreeningEngine(policy: .standard, policyVersion: 1)
        engine.keepsEveryDay = keepsEveryDay
        engine.now = { Date(timeIntervalSince1970: 1_800_000_000) }
        _ = engine.process([.calendar(F.calendar(year))])
        return engine
    }

    /// A pupil absent (ill or unauthorized) on many days of the year, week by week.
    func week(_ index: Int) -> [ScreeningEngine.Input] {
        year[(index * 5)..<min(year.count, index * 5 + 5)].map { day in
            let absent = day.dayNumber % 3 == 0 || (day.dayNumber % 7 == 1 && day.month >= 11)
            return .attendance(absent ? F.registration("p", day, category: day.dayNumber % 2 == 0 ? .illness : .unauthorized)
                                      : F.registration("p", day, status: .present), partition: 0)
        }
    }

    func testAYearOfRegistrationsLeavesOnlyTheDaysTheRulesRead() throws {
        var engine = engine()
        for index in 0..<(year.count + 4) / 5 { _ = engine.process(week(index)) }
        let days = try XCTUnwrap(engine.pupils["p"]).absence.days
        let registered = year.filter { $0.dayNumber % 3 == 0 || ($0.dayNumber % 7 == 1 && $0.month >= 11) }
        XCTAssertGreaterThan(registered.count, 80, "the pupil was absent on many days of the year")
        // As of 25 June: Q2 began on 1 April; the summary's eight weeks and the 40-school-day windows
        // reach back to early May. Nothing from before April is held.
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(days.first).day, F.date("2027-04-01").dayNumber, "the year's first days are let go")
        XCTAssertLessThan(days.count, registered.count / 2)
    }

    func testWhatItDecidesIsWhatAnEngineKeepingEveryDayDecides() throws {
        var bounded = engine()
        var reference = engine(keepsEveryDay: true)
        for index in 0..<(year.count + 4) / 5 {
            let inputs = week(index)
            let (a, b) = (bounded.process(inputs), reference.process(inputs))
            XCTAssertEqual(a.raised, b.raised, "week \(index)")
            XCTAssertEqual(a.resolved, b.resolved, "week \(index)")
            XCTAssertEqual(a.summaries, b.summaries, "week \(index)")
        }
        XCTAssertGreaterThan(try XCTUnwrap(reference.pupils["p"]).absence.days.count, try XCTUnwrap(bounded.pupils["p"]).absence.days.count)
    }

    func testACorrectionForADayLetGoStartsFromItsStoredPeriods() throws {
        var bounded = engine()
        var reference = engine(keepsEveryDay: true)
        // Lessons 1 and 2 unauthorized on the year's first school day, then the year goes by.
        let first = year[0]
        let lessons: [ScreeningEngine.Input] = [1, 2].map { .attendance(F.registration("q", first, period: .lesson($0), fraction: 1.0 / 6), partition: 0) }
        let rest: [ScreeningEngine.Input] = year.dropFirst().map { .attendance(F.registration("q", $0, status: .present), partition: 0) }
        for inputs in [lessons, rest] {
            _ = bounded.process(inputs)
            _ = reference.process(inputs)
        }
        XCTAssertFalse(try XCTUnwrap(bounded.pupils["q"]).absence.holds(first.dayNumber), "the first day was let go")
        // In June the school corrects lesson 1 to present; lesson 2 stays unauthorized.
        var correction = F.registration("q", first, status: .present, period: .lesson(1), fraction: 1.0 / 6,
                                        recordedAt: Date(timeIntervalSince1970: 1_800_000_000))
        correction.isCorrection = true
        let inputs: [ScreeningEngine.Input] = [.attendance(correction, partition: 0)]
        let wanted = bounded.daysToRestore(inputs)
        XCTAssertEqual(wanted.map(\.day), [first.dayNumber])
        // What storage holds for that day (the reference engine kept it).
        let stored = try XCTUnwrap(reference.pupils["q"]).absence.days(from: first.dayNumber, through: first.dayNumber)
        bounded.restore(["q": Array(stored)])
        let (a, b) = (bounded.process(inputs), reference.process(inputs))
        let day = try XCTUnwrap(a.changedDays["q"]?[first.dayNumber])
        XCTAssertEqual(day, b.changedDays["q"]?[first.dayNumber])
        XCTAssertEqual(day.unauthorized, PupilDay.bit(.lesson(2)), "lesson 2 stays unauthorized")
        XCTAssertEqual(day.present, PupilDay.bit(.lesson(1)))
    }

    func testTheHorizonFollowsThePolicysWindows() {
        var policy = ScreeningPolicy.standard
        XCTAssertEqual(RuleHorizon(policy: policy).schoolDays, 40)
        XCTAssertEqual(RuleHorizon(policy: policy).calendarDays, 42)
        policy.rules[AbsenceRule.beginningAbsence.rawValue]?.window = 60
        policy.rules[AbsenceRule.weekdayPattern.rawValue]?.enabled = false
        XCTAssertEqual(RuleHorizon(policy: policy).schoolDays, 120, "beginning absence reads its window and the one before")
        XCTAssertEqual(RuleHorizon(policy: policy).calendarDays, 0)
        let calendar = SchoolCalendarIndex(days: year.map(\.dayNumber))
        let horizon = RuleHorizon(policy: .standard)
        let asOf = F.date("2026-12-10").dayNumber
        XCTAssertEqual(horizon.firstDay(asOf: asOf, enrolledTo: nil, calendar: calendar), F.date("2026-10-01").dayNumber, "the quarter reaches furthest")
        let left = F.date("2026-09-30").dayNumber
        XCTAssertLessThan(horizon.firstDay(asOf: asOf, enrolledTo: left, calendar: calendar), F.date("2026-08-10").dayNumber + 1,
                          "a pupil who left is judged on the days before leaving")
    }
}
