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
    /// The quarter rules in the other reading: the share of the quarter's school days so far.
    let soFar = RuleEvaluator(policy: F.shareSoFar)

    func pupil(absent days: [SchoolDate], category: AbsenceCategory = .unauthorized, enrolledFrom: SchoolDate? = nil) -> PupilAbsence {
        var pupil = PupilAbsence(pupilKey: "p", schoolId: "skole-01", enrolledFrom: enrolledFrom?.dayNumber)
        for day in days { _ = pupil.apply(F.registration("p", day, category: category)) }
        return pupil
    }

    func testShareSoFarReadingWarnsAtExactlyTenPercentAndNotJustUnder() throws {
        let pupil = pupil(absent: [q4[0], q4[1]])
        let atTwenty = try XCTUnwrap(soFar.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[19].dayNumber))
        XCTAssertEqual(atTwenty.state, .met)
        XCTAssertEqual(atTwenty.explanation.schoolDays, 20)
        XCTAssertEqual(atTwenty.explanation.rate, 0.1)
        XCTAssertEqual(atTwenty.explanation.absentDays, ["unauthorized": 2])
        XCTAssertEqual(atTwenty.explanation.dates, [q4[0], q4[1]])
        XCTAssertEqual(atTwenty.period, "2026-Q4")
        let atTwentyOne = try XCTUnwrap(soFar.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[20].dayNumber))
        XCTAssertNotEqual(atTwentyOne.state, .met, "2 of 21 days is 9.5 %")
        let report = try XCTUnwrap(soFar.evaluate(.unauthorizedQuarterReport, pupil, calendar: calendar, asOf: q4[19].dayNumber))
        XCTAssertEqual(report.state, .clear)
    }

    func testHolidaysAndWeekendsAreNotSchoolDays() throws {
        // As of the Monday after the autumn break: 7 October school days before it, none during it.
        let asOf = F.date("2026-10-19")
        let finding = try XCTUnwrap(soFar.evaluate(.unauthorizedQuarterWarning, pupil(absent: [q4[0]]), calendar: calendar,
                                                      asOf: F.date("2026-10-26").dayNumber))
        XCTAssertEqual(finding.explanation.schoolDays, 13, "Oct 1–9 (7) + Oct 19–26 (6)")
        XCTAssertNil(soFar.evaluate(.unauthorizedQuarterWarning, pupil(absent: [q4[0]]), calendar: calendar, asOf: asOf.dayNumber),
                     "8 school days: too few to judge")
    }

    func testFewerThanTenSchoolDaysRaiseNothing() {
        let pupil = pupil(absent: Array(q4[0..<5]))
        XCTAssertNil(soFar.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[8].dayNumber))
        XCTAssertNotNil(soFar.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[9].dayNumber))
    }

    // The default reading: the count of unauthorized days the whole quarter allows. Q4 here has 52
    // school days (autumn break left out): 10 % allows 5.2 days, 15 % allows 7.8.

    func testFourOfTheFirstTenDaysIsAnEarlyWarningAndNoLegalDuty() throws {
        let pupil = pupil(absent: Array(q4[0..<4]))
        let warning = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[9].dayNumber))
        XCTAssertEqual(warning.state, .clear, "4 of the 5.2 days the quarter allows")
        XCTAssertEqual(warning.explanation.schoolDays, 52, "the denominator is the quarter's school days, not the 10 so far")
        XCTAssertEqual(warning.explanation.rate, 0.077)
        XCTAssertTrue(warning.explanation.summary.contains("4.0 of the 5.2 days 2026-Q4 allows"), warning.explanation.summary)
        let report = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterReport, pupil, calendar: calendar, asOf: q4[9].dayNumber))
        XCTAssertEqual(report.state, .clear)
        let early = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterSoFar, pupil, calendar: calendar, asOf: q4[9].dayNumber))
        XCTAssertEqual(early.state, .met, "40 % of the quarter so far: the early warning")
        XCTAssertEqual(early.explanation.schoolDays, 10)
        XCTAssertNil(soFar.evaluate(.unauthorizedQuarterSoFar, pupil, calendar: calendar, asOf: q4[9].dayNumber),
                     "in the share-so-far reading the legal rules are the early ones")
        XCTAssertEqual(try XCTUnwrap(soFar.evaluate(.unauthorizedQuarterReport, pupil, calendar: calendar, asOf: q4[9].dayNumber)).state, .met,
                       "the other reading, kept in the policy, gives the underretning on day 10")
        // As the quarter goes on without more absence nothing legal appears.
        for day in q4[10...] {
            XCTAssertNotEqual(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: day.dayNumber)?.state, .met)
        }
    }

    func testTheCountReachedOnTheQuartersLastDayGivesTheDuty() throws {
        // 7 days early in the quarter, the 8th on its last school day: 8 > 7.8.
        let days = Array(q4[0..<7]) + [q4[51]]
        let pupil = pupil(absent: days)
        let before = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterReport, pupil, calendar: calendar, asOf: q4[50].dayNumber))
        XCTAssertNotEqual(before.state, .met, "7 of the 7.8 days")
        let warning = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[50].dayNumber))
        XCTAssertEqual(warning.state, .met, "7 of the 5.2 days: the warning to the parents")
        let last = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterReport, pupil, calendar: calendar, asOf: q4[51].dayNumber))
        XCTAssertEqual(last.state, .met)
        XCTAssertEqual(last.period, "2026-Q4")
        XCTAssertEqual(last.windowEnd, q4[51].dayNumber, "the count is taken as of the day")
        XCTAssertTrue(last.explanation.summary.contains("8.0 of the 7.8 days 2026-Q4 allows"), last.explanation.summary)
    }

    func testTheQuarterCountIsTakenWithinTheEnrolment() throws {
        // Enrolled from Q4's 31st school day: 22 school days in the quarter, 15 % allows 3.3.
        var pupil = pupil(absent: Array(q4[31..<35]), enrolledFrom: q4[30])
        let report = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterReport, pupil, calendar: calendar, asOf: q4[40].dayNumber))
        XCTAssertEqual(report.explanation.schoolDays, 22)
        XCTAssertEqual(report.state, .met)
        // Leaving after 10 of them: 10 days, so 1 day is the 10 % line and 1.5 the 15 % one.
        pupil = self.pupil(absent: [q4[31]], enrolledFrom: q4[30])
        pupil.enrolledTo = q4[39].dayNumber
        let leaving = try XCTUnwrap(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[45].dayNumber))
        XCTAssertEqual(leaving.explanation.schoolDays, 10)
        XCTAssertEqual(leaving.state, .met)
        pupil.enrolledTo = q4[38].dayNumber
        XCTAssertNil(evaluator.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[45].dayNumber),
                     "9 school days in the quarter: too few to judge")
    }

    func testAPolicyWithoutAReadingTakesTheDefaultAndTheOtherIsSelectable() throws {
        let stored = #"{"minimumSchoolDays":10,"resolveMargin":0.02,"absentDayShare":0.5,"rules":{}}"#
        XCTAssertEqual(try JSONDecoder().decode(ScreeningPolicy.self, from: Data(stored.utf8)).quarterReading, .quarterSchoolDays)
        let other = #"{"minimumSchoolDays":10,"resolveMargin":0.02,"absentDayShare":0.5,"rules":{},"quarterReading":"share-so-far"}"#
        XCTAssertEqual(try JSONDecoder().decode(ScreeningPolicy.self, from: Data(other.utf8)).quarterReading, .shareSoFar)
        let wrong = #"{"minimumSchoolDays":10,"resolveMargin":0.02,"absentDayShare":0.5,"rules":{},"quarterReading":"so-far"}"#
        XCTAssertThrowsError(try JSONDecoder().decode(ScreeningPolicy.self, from: Data(wrong.utf8)))
        XCTAssertEqual(ScreeningPolicy.standard.settings(.unauthorizedQuarterSoFar).threshold, 0.10)
    }

    func testProlongedIllnessOnFifteenSchoolDaysOfTheQuarter() throws {
        let ill = pupil(absent: Array(q4[0..<15]), category: .illness)
        let finding = try XCTUnwrap(evaluator.evaluate(.prolongedIllness, ill, calendar: calendar, asOf: q4[20].dayNumber))
        XCTAssertEqual(finding.state, .met)
        XCTAssertEqual(finding.period, "2026-Q4")
        XCTAssertEqual(finding.explanation.rate, 15)
        let fourteen = pupil(absent: Array(q4[0..<14]), category: .illness)
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.prolongedIllness, fourteen, calendar: calendar, asOf: q4[20].dayNumber)).state, .clear)
        let unauthorized = pupil(absent: Array(q4[0..<15]))
        XCTAssertEqual(try XCTUnwrap(evaluator.evaluate(.prolongedIllness, unauthorized, calendar: calendar, asOf: q4[20].dayNumber)).state, .clear,
                       "only illness counts")
    }

    func testThe2026AgreementsDayCountsAreOffByDefaultAndCountIllnessWithUnauthorized() throws {
        let mixed = pupil(absent: Array(q4[0..<6]), category: .illness)
        var both = mixed
        for day in q4[6..<10] { _ = both.apply(F.registration("p", day)) }
        XCTAssertFalse(evaluator.evaluate(both, calendar: calendar, asOf: q4[20].dayNumber).contains { $0.rule == .quarterAbsenceContact },
                       "off in the standard policy")
        var policy = ScreeningPolicy.standard
        policy.rules[AbsenceRule.quarterAbsenceContact.rawValue]?.enabled = true
        policy.rules[AbsenceRule.quarterAbsenceSupportPlan.rawValue]?.enabled = true
        let agreement = RuleEvaluator(policy: policy)
        XCTAssertEqual(try XCTUnwrap(agreement.evaluate(.quarterAbsenceContact, both, calendar: calendar, asOf: q4[20].dayNumber)).state, .clear,
                       "10 days is not more than 10")
        _ = both.apply(F.registration("p", q4[10], period: .lesson(1), fraction: 1.0 / 6))
        XCTAssertEqual(try XCTUnwrap(agreement.evaluate(.quarterAbsenceContact, both, calendar: calendar, asOf: q4[20].dayNumber)).state, .met,
                       "a lesson more is more than 10")
        XCTAssertEqual(try XCTUnwrap(agreement.evaluate(.quarterAbsenceSupportPlan, both, calendar: calendar, asOf: q4[20].dayNumber)).state, .clear)
        for day in q4[11..<16] { _ = both.apply(F.registration("p", day, category: .illness)) }
        XCTAssertEqual(try XCTUnwrap(agreement.evaluate(.quarterAbsenceSupportPlan, both, calendar: calendar, asOf: q4[20].dayNumber)).state, .met)
        XCTAssertEqual(AbsenceRule.quarterAbsenceSupportPlan.escalates, .quarterAbsenceContact)
    }

    func testTheForecastCountsWhatTheQuarterAllowsAndWhenItIsReachedAtTheRecentPace() throws {
        // 4 unauthorized days among Q4's first 10 (and none in the 10 September days before): 4 of the last 20 = 0.2 a day.
        let early = pupil(absent: Array(q4[0..<4]))
        let forecast = try XCTUnwrap(QuarterForecast(pupil: early, calendar: calendar, asOf: q4[9].dayNumber, policy: .standard))
        XCTAssertEqual(forecast.quarter, "2026-Q4")
        XCTAssertEqual(forecast.quarterSchoolDays, 52)
        XCTAssertEqual(forecast.schoolDaysLeft, 42)
        XCTAssertEqual(forecast.unauthorizedDays, 4)
        XCTAssertEqual(forecast.warningDays, 5.2)
        XCTAssertEqual(forecast.reportDays, 7.8)
        XCTAssertEqual(forecast.pace, 0.2)
        XCTAssertFalse(forecast.warningReached)
        XCTAssertEqual(forecast.reachesWarningOn, q4[15], "1.2 days more at 0.2 a day: the 6th school day after")
        XCTAssertEqual(forecast.reachesReportOn, q4[28], "3.8 days more: the 19th")
        XCTAssertFalse(forecast.cannotStayUnderReport)
        // Later, present since: the pace has fallen to nothing, so neither is reached this quarter.
        let later = try XCTUnwrap(QuarterForecast(pupil: early, calendar: calendar, asOf: q4[30].dayNumber, policy: .standard))
        XCTAssertEqual(later.pace, 0)
        XCTAssertNil(later.reachesWarningOn)
        XCTAssertNil(later.reachesReportOn)
        // 8 days: over the 7.8 the quarter allows — it cannot stay under 15 % any more.
        let over = pupil(absent: Array(q4[0..<8]))
        let certain = try XCTUnwrap(QuarterForecast(pupil: over, calendar: calendar, asOf: q4[12].dayNumber, policy: .standard))
        XCTAssertTrue(certain.reportReached)
        XCTAssertTrue(certain.cannotStayUnderReport)
        XCTAssertNil(certain.reachesReportOn)
        // A pace that does not reach the line before the quarter ends.
        let slow = pupil(absent: [q4[40]])
        let slowForecast = try XCTUnwrap(QuarterForecast(pupil: slow, calendar: calendar, asOf: q4[45].dayNumber, policy: .standard))
        XCTAssertNil(slowForecast.reachesWarningOn, "0.05 a day for 6 days left is not 4.2 days")
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
        let finding = try XCTUnwrap(soFar.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[49].dayNumber))
        XCTAssertEqual(finding.explanation.schoolDays, 20)
        XCTAssertEqual(finding.state, .met)
        XCTAssertEqual(finding.windowStart, enrolled.dayNumber)
    }

    func testLessonRegistrationsCountAsDayFractions() throws {
        var pupil = PupilAbsence(pupilKey: "p", schoolId: "skole-01")
        for day in q4[0..<4] {
            for lesson in 1...3 { _ = pupil.apply(F.registration("p", day, period: .lesson(lesson), fraction: 1.0 / 6)) }
        }
        let finding = try XCTUnwrap(soFar.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[19].dayNumber))
        XCTAssertEqual(finding.explanation.absentDays["unauthorized"], 2, "4 half days")
        XCTAssertEqual(finding.state, .met)
    }

    /// Intake decides staleness per period; Screening, which keeps one recorded time per day, takes
    /// Intake's correction of an earlier lesson even when a later lesson of the day was recorded after it.
    func testALessonCorrectionRecordedBeforeALaterLessonStillApplies() throws {
        let day = q4[0]
        let base = Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400)
        var pupil = PupilAbsence(pupilKey: "p", schoolId: "skole-01")
        _ = pupil.apply(F.registration("p", day, period: .lesson(1), fraction: 1.0 / 6, recordedAt: base.addingTimeInterval(36_000)))  // 10:00
        _ = pupil.apply(F.registration("p", day, period: .lesson(2), fraction: 1.0 / 6, recordedAt: base.addingTimeInterval(39_600)))  // 11:00
        let corrected = pupil.apply(F.registration("p", day, category: .illness, period: .lesson(1), fraction: 1.0 / 6,
                                                   recordedAt: base.addingTimeInterval(37_800), replaces: "lesson-1"))  // 10:30, a doctor's note
        XCTAssertEqual(corrected?.illnessShare ?? 0, 1.0 / 6, accuracy: 1e-9, "the correction of lesson 1 applies")
        XCTAssertEqual(corrected?.unauthorizedShare ?? 0, 1.0 / 6, accuracy: 1e-9, "lesson 2 stays unauthorized")
        // A redelivered first registration older than what the day holds changes nothing.
        XCTAssertNil(pupil.apply(F.registration("p", day, period: .lesson(1), fraction: 1.0 / 6, recordedAt: base.addingTimeInterval(36_000))))
    }

    /// Ed-Fi's `eventDuration: 0.5` arrives as a whole-day registration with `dayFraction` 0.5: half a day, not a whole one.
    func testAPartOfTheDayCountsAsItsShare() throws {
        var pupil = PupilAbsence(pupilKey: "p", schoolId: "skole-01")
        for day in q4[0..<4] { _ = pupil.apply(F.registration("p", day, fraction: 0.5)) }
        let finding = try XCTUnwrap(soFar.evaluate(.unauthorizedQuarterWarning, pupil, calendar: calendar, asOf: q4[19].dayNumber))
        XCTAssertEqual(finding.explanation.absentDays["unauthorized"], 2, "4 half days")
        // A corrected duration replaces the day's earlier registration: the whole day, then present.
        var day = PupilDay(day: q4[0].dayNumber)
        _ = day.apply(period: .day, status: .absent, category: .unauthorized, dayFraction: 0.5, recordedAt: 1)
        XCTAssertEqual(day.unauthorizedShare, 0.5)
        _ = day.apply(period: .day, status: .absent, category: .unauthorized, dayFraction: 1, recordedAt: 2)
        XCTAssertEqual(day.unauthorizedShare, 1)
        _ = day.apply(period: .day, status: .absent, category: .illness, dayFraction: 0.5, recordedAt: 3)
        XCTAssertEqual([day.unauthorizedShare, day.illnessShare], [0, 0.5])
        _ = day.apply(period: .day, status: .present, category: nil, dayFraction: 1, recordedAt: 4)
        XCTAssertFalse(day.hasAbsence, "present for the whole day takes the half day away")
        XCTAssertFalse(day.apply(period: .day, status: .absent, category: .unauthorized, dayFraction: 0.5, recordedAt: 3), "an older copy is ignored")
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
