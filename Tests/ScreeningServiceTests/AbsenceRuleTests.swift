import Foundation
import Shared
import XCTest
@testable import ScreeningService

/// Each rule of architecture §4 at its boundary, computed by the pure evaluator and engine.
final class AbsenceRuleTests: XCTestCase {
    typealias F = ScreeningFixtures
    // Q4 2026 with the autumn break (week 42) as holidays.
    let autumnBreak: Set<String> = ["2026-10-12", "2026-10-13", "2026-10-14", "2026-10-15", "2026-10-16"]
    var q4: [SchoolDate] { F.weekdays(from: "2026-10-01", through: "2026-12-18", except: autumnBreak) }
    var calendar: SchoolCalendarIndex { SchoolCalendarIndex(days: (F.weekdays(from: "2026-08-10", through: "2026-09-30") + q4).map(\.dayNumber)) }
    let evaluator = RuleEvaluator(policy: .standard)

    func pupil(absent days: [SchoolDate], category: AbsenceCategory = .unauthorized, enrolledFrom: SchoolDate? = nil) -> PupilAbsence {
        var pupil = PupilAbsence(pupilKey: "p", schoolId: "skole-01", enrolledFrom: enrolledFrom?.dayNumber)
        for day in days { _ = pupil.apply(F.registration("p", day, category: category)) }
        return pupil
    }

    func testQuarterWarningAtExactlyTenPercentAndNotJustUnder() throws {
        let pupil = pupil(absent: [q4[0], q4[1]])
        let atTwenty = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[19].dayNumber))
        XCTAssertEqual(atTwenty.state, .met)
        XCTAssertEqual(atTwenty.explanation.schoolDays, 20)
        XCTAssertEqual(atTwenty.explanation.rate, 0.1)
        XCTAssertEqual(atTwenty.explanation.absentDays, ["unauthorized": 2])
        XCTAssertEqual(atTwenty.explanation.dates, [q4[0], q4[1]])
        XCTAssertEqual(atTwenty.period, "2026-Q4")
        let atTwentyOne = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[20].dayNumber))
        XCTAssertNotEqual(atTwentyOne.state, .met, "2 of 21 days is 9.5 %")
        let report = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterReport, pupil, calendar: calendar, asOf: q4[19].dayNumber))
        XCTAssertEqual(report.state, .clear)
    }

    func testHolidaysAndWeekendsAreNotSchoolDays() throws {
        // As of the Monday after the autumn break: 7 October school days before it, none during it.
        let asOf = F.date("2026-10-19")
        let finding = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil(absent: [q4[0]]), calendar: calendar,
                                                      asOf: F.date("2026-10-26").dayNumber))
        XCTAssertEqual(finding.explanation.schoolDays, 13, "Oct 1–9 (7) + Oct 19–26 (6)")
        XCTAssertNil(evaluator.evaluate(.unauthorizedQuarterWarning, pupil(absent: [q4[0]]), calendar: calendar, asOf: asOf.dayNumber),
                     "8 school days: too few to judge")
    }

    func testFewerThanTenSchoolDaysRaiseNothing() {
        let pupil = pupil(absent: Array(q4[0..<5]))
        XCTAssertNil(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[8].dayNumber))
        XCTAssertNotNil(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[9].dayNumber))
    }

    func testQuarterBoundaryStartsAfresh() throws {
        let september = F.weekdays(from: "2026-09-21", through: "2026-09-30")
        let pupil = pupil(absent: september)
        let q3 = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterReport, pupil, calendar: calendar, asOf: F.date("2026-09-30").dayNumber))
        XCTAssertEqual(q3.state, .met)
        XCTAssertEqual(q3.period, "2026-Q3")
        let q4Finding = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[12].dayNumber))
        XCTAssertEqual(q4Finding.explanation.rate, 0)
        XCTAssertEqual(q4Finding.state, .clear)
    }

    func testAPupilEnrolledMidQuarterIsMeasuredFromEnrolment() throws {
        let enrolled = q4[30]
        let pupil = pupil(absent: [q4[31], q4[32]], enrolledFrom: enrolled)
        let finding = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[49].dayNumber))
        XCTAssertEqual(finding.explanation.schoolDays, 20)
        XCTAssertEqual(finding.state, .met)
        XCTAssertEqual(finding.windowStart, enrolled.dayNumber)
    }

    func testLessonRegistrationsCountAsDayFractions() throws {
        var pupil = PupilAbsence(pupilKey: "p", schoolId: "skole-01")
        for day in q4[0..<4] {
            for lesson in 1...3 { _ = pupil.apply(F.registration("p", day, period: .lesson(lesson), fraction: 1.0 / 6)) }
        }
        let finding = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[19].dayNumber))
        XCTAssertEqual(finding.explanation.absentDays["unauthorized"], 2, "4 half days")
        XCTAssertEqual(finding.state, .met)
    }

    func testConcerningSevereAndBeginningAbsence() throws {
        let illness = pupil(absent: Array(q4[20..<24]), category: .illness)
        let concerning = try XCTUnwrap(evaluator.evaluate(.concerningAbsence, illness, calendar: calendar, asOf: q4[39].dayNumber))
        XCTAssertEqual(concerning.state, .met, "4 of 40 = 10 %")
        XCTAssertEqual(concerning.explanation.absentDays, ["illness": 4])
        let beginning = try XCTUnwrap(evaluator.evaluate(.beginningAbsence, illness, calendar: calendar, asOf: q4[39].dayNumber))
        XCTAssertEqual(beginning.state, .met, "4 of the last 20 (20 %), none in the 20 before: rising")
        let later = try XCTUnwrap(evaluator.evaluate(.beginningAbsence, illness, calendar: calendar, asOf: q4[41].dayNumber))
        XCTAssertEqual(later.state, .held, "2 of 20 now and 2 of 20 before: not rising")
        let severe = pupil(absent: Array(q4[10..<20]))
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.severeAbsence, severe, calendar: calendar, asOf: q4[19].dayNumber)).state, .met)
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.severeAbsence, severe, calendar: calendar, asOf: q4[29].dayNumber)).state, .met)
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.severeAbsence, severe, calendar: calendar, asOf: q4[30].dayNumber)).state, .clear,
                       "9 of 20 = 45 %: below 50 % minus the margin")
    }

    func testWeekdayPatternStreakAndLateness() throws {
        let mondays = q4.filter { $0.isoWeekday == 1 }
        let weekday = pupil(absent: Array(mondays[2..<5]))
        let pattern = try XCTUnwrap(evaluator.evaluate(.weekdayPattern, weekday, calendar: calendar, asOf: mondays[4].dayNumber))
        XCTAssertEqual(pattern.state, .met)
        XCTAssertEqual(pattern.explanation.dates, Array(mondays[2..<5]))
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.weekdayPattern, pupil(absent: Array(mondays[2..<4])), calendar: calendar,
                                                        asOf: mondays[4].dayNumber)).state, .clear)
        let streak = pupil(absent: Array(q4[20..<23]), category: .illness)
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.absenceStreak, streak, calendar: calendar, asOf: q4[25].dayNumber)).state, .met)
        let authorized = pupil(absent: Array(q4[20..<23]), category: .authorized)
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.absenceStreak, authorized, calendar: calendar, asOf: q4[25].dayNumber)).state, .clear,
                       "approved leave is not a streak")
        var late = PupilAbsence(pupilKey: "p", schoolId: "skole-01")
        for day in q4[10..<15] { _ = late.apply(F.registration("p", day, status: .late)) }
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.repeatedLateness, late, calendar: calendar, asOf: q4[19].dayNumber)).state, .met)
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.repeatedLateness, late, calendar: calendar, asOf: q4[30].dayNumber)).state, .clear)
    }
}
