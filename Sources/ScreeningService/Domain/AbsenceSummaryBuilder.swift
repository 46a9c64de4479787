import Foundation
import Shared

/// Builds `absence.summary`: the quarter and the 20- and 40-school-day windows by category, the
/// trend, the last eight weeks and the late arrivals, so Planning never has to ask Screening.
struct AbsenceSummaryBuilder: Sendable {
    var policy: ScreeningPolicy
    static let weeks = 8

    func summary(of record: PupilRecord, calendar: SchoolCalendarIndex, asOf: Int, computedAt: Date) -> AbsenceSummary {
        let pupil = record.absence
        let enrolment = pupil.enrolment(through: asOf)
        let quarter = SchoolDate(dayNumber: asOf).quarter
        let quarterWindow = AbsenceWindow(pupil: pupil, schoolDays: calendar.schoolDays(from: max(quarter.first, enrolment.first), through: enrolment.last), dates: false)
        let last20Days = calendar.lastSchoolDays(20, through: enrolment.last, notBefore: enrolment.first)
        let last20 = AbsenceWindow(pupil: pupil, schoolDays: last20Days, dates: false)
        let last40 = AbsenceWindow(pupil: pupil, schoolDays: calendar.lastSchoolDays(40, through: enrolment.last, notBefore: enrolment.first), dates: false)
        let previous20 = AbsenceWindow(pupil: pupil, schoolDays: calendar.lastSchoolDays(20, through: (last20Days.first ?? asOf) - 1, notBefore: enrolment.first), dates: false)
        let change = last20.rate(last20.total) - previous20.rate(previous20.total)
        let trend: AbsenceSummary.Trend = previous20.schoolDays == 0 || abs(change) < policy.resolveMargin ? .stable : change > 0 ? .rising : .falling
        let thisMonday = asOf - (SchoolDate.isoWeekday(dayNumber: asOf) - 1)
        var weeks: [AbsenceSummary.Week] = []
        for back in stride(from: Self.weeks - 1, through: 0, by: -1) {
            let monday = thisMonday - back * 7
            let days = calendar.schoolDays(from: max(monday, enrolment.first), through: min(monday + 6, enrolment.last))
            let window = AbsenceWindow(pupil: pupil, schoolDays: days, dates: false)
            weeks.append(AbsenceSummary.Week(weekStart: SchoolDate(dayNumber: monday), schoolDays: window.schoolDays, absentDays: AbsenceWindow.rounded(window.total)))
        }
        return AbsenceSummary(
            pupilKey: pupil.pupilKey, schoolId: pupil.schoolId, asOf: SchoolDate(dayNumber: asOf),
            quarter: quarterWindow.summaryWindow, last20SchoolDays: last20.summaryWindow, last40SchoolDays: last40.summaryWindow,
            trend: trend, weeks: weeks, lateArrivals20SchoolDays: last20.lateDays,
            openConcernRules: record.open.map(\.rule.rawValue).sorted(), computedAt: computedAt)
    }
}
