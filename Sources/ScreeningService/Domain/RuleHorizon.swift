import Shared

/// How far back the rules, the summary and the forecast read as of a day: the engine keeps a
/// pupil's days from `firstDay` on and lets older ones go (they stay in storage). Memory then
/// follows the policy's windows, not the years a pupil has been registered (issue 20, finding 10).
struct RuleHorizon: Sendable, Equatable {
    /// School days counted back: the largest rate or count window (beginning absence reads two of
    /// its windows, the window and the one before it), the summary's 40 and its 20 + 20 trend, the
    /// forecast's pace.
    var schoolDays: Int
    /// Calendar days counted back from the day: the weekday pattern's weeks.
    var calendarDays: Int

    init(policy: ScreeningPolicy) {
        var schoolDays = max(40, QuarterForecast.paceWindow)
        var calendarDays = 0
        for rule in AbsenceRule.allCases where policy.settings(rule).enabled && !rule.isQuarterRule {
            let window = policy.settings(rule).window ?? 20
            switch rule {
            case .beginningAbsence: schoolDays = max(schoolDays, 2 * window)
            case .weekdayPattern: calendarDays = max(calendarDays, 7 * window)
            default: schoolDays = max(schoolDays, window)
            }
        }
        self.schoolDays = schoolDays
        self.calendarDays = calendarDays
    }

    /// The first day anything reads when a pupil enrolled until `enrolledTo` is judged as of `asOf`:
    /// the quarter's first day, the summary's eighth week back, and the windows counted back from
    /// the last day of the enrolment up to `asOf`.
    func firstDay(asOf: Int, enrolledTo: Int?, calendar: SchoolCalendarIndex) -> Int {
        let through = min(asOf, enrolledTo ?? asOf)
        let monday = asOf - (SchoolDate.isoWeekday(dayNumber: asOf) - 1)
        let counted = calendar.lastSchoolDays(schoolDays, through: through, notBefore: Int.min / 2).first ?? through
        return min(SchoolDate(dayNumber: asOf).quarter.first, monday - (AbsenceSummaryBuilder.weeks - 1) * 7,
                   through - calendarDays + 1, counted)
    }

    /// Before any day a school day can be (a bound for loading "everything").
    static let everything = -700_000

    /// What to load for a pupil whose school's day in its partition is `today` (nil: no day yet —
    /// everything): the days from the horizon on, and the concerns raised since the school year or
    /// the quarter began (the periods a concern can still be raised for, whose counts number it).
    func loadFrom(today: Int?, enrolledTo: Int?, calendar: SchoolCalendarIndex) -> (days: Int, concerns: Int) {
        guard let today else { return (Self.everything, Self.everything) }
        let date = SchoolDate(dayNumber: today)
        let schoolYearStart = SchoolDate(year: date.month >= 8 ? date.year : date.year - 1, month: 8, day: 1)?.dayNumber ?? Self.everything
        return (firstDay(asOf: today, enrolledTo: enrolledTo, calendar: calendar), min(schoolYearStart, date.quarter.first))
    }
}
