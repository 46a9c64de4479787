import Shared

/// Where a pupil's unauthorized absence is heading in the quarter (the legal rules' count reading):
/// the days the quarter allows before the warning and the underretning, and — at the pace of the
/// last 20 school days — the school day each is reached, if it is reached this quarter. Pure.
struct QuarterForecast: Codable, Sendable, Equatable {
    var quarter: String
    var asOf: SchoolDate
    /// The quarter's school days within the enrolment (the denominator of the 10 % and 15 %).
    var quarterSchoolDays: Int
    var schoolDaysLeft: Int
    var unauthorizedDays: Double
    var warningDays: Double
    var reportDays: Double
    /// Unauthorized days per school day over the last 20 school days (within the enrolment).
    var pace: Double
    var warningReached: Bool
    var reportReached: Bool
    /// At this pace; nil when already reached, or not reached this quarter at this pace.
    var reachesWarningOn: SchoolDate?
    var reachesReportOn: SchoolDate?
    /// The underretning's count is reached: no school days left can take the pupil under 15 % of the quarter.
    var cannotStayUnderReport: Bool

    static let paceWindow = 20

    init?(pupil: PupilAbsence, calendar: SchoolCalendarIndex, asOf: Int, policy: ScreeningPolicy) {
        let date = SchoolDate(dayNumber: asOf)
        let quarter = date.quarter
        let enrolment = pupil.enrolment(through: asOf)
        let first = max(quarter.first, enrolment.first)
        let last = min(quarter.last, pupil.enrolledTo ?? quarter.last)
        let all = calendar.schoolDays(from: first, through: last)
        guard !all.isEmpty else { return nil }
        let soFar = calendar.schoolDays(from: first, through: min(asOf, last))
        let left = all.filter { $0 > asOf }
        let counted = AbsenceWindow(pupil: pupil, schoolDays: soFar).unauthorized
        let recent = calendar.lastSchoolDays(Self.paceWindow, through: enrolment.last, notBefore: enrolment.first)
        let pace = recent.isEmpty ? 0 : AbsenceWindow(pupil: pupil, schoolDays: recent).unauthorized / Double(recent.count)
        let epsilon = 1e-9
        func limit(_ rule: AbsenceRule) -> Double { policy.settings(rule).threshold * Double(all.count) }
        func reachedOn(_ limit: Double) -> SchoolDate? {
            guard counted + epsilon < limit, pace > 0 else { return nil }
            let needed = Int(((limit - counted) / pace - epsilon).rounded(.up))
            guard needed >= 1, needed <= left.count else { return nil }
            return SchoolDate(dayNumber: left[left.startIndex + needed - 1])
        }
        self.quarter = "\(date.year)-Q\(quarter.number)"
        self.asOf = date
        quarterSchoolDays = all.count
        schoolDaysLeft = left.count
        unauthorizedDays = AbsenceWindow.rounded(counted)
        warningDays = AbsenceWindow.rounded(limit(.unauthorizedQuarterWarning))
        reportDays = AbsenceWindow.rounded(limit(.unauthorizedQuarterReport))
        self.pace = AbsenceWindow.rounded(pace)
        warningReached = counted + epsilon >= limit(.unauthorizedQuarterWarning)
        reportReached = counted + epsilon >= limit(.unauthorizedQuarterReport)
        reachesWarningOn = reachedOn(limit(.unauthorizedQuarterWarning))
        reachesReportOn = reachedOn(limit(.unauthorizedQuarterReport))
        cannotStayUnderReport = reportReached
    }
}
