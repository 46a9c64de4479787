import Shared

/// Evaluates the policy's rules for one pupil as of one day — pure, so the same data always gives
/// the same findings (architecture §4).
struct RuleEvaluator: Sendable {
    var policy: ScreeningPolicy {
        didSet { settings = Self.settings(policy) }
    }
    /// Whether findings carry their explanation (text and dates). The engine evaluates without it
    /// and asks again, explained, only for the rules that raise a concern — the text is the costly part.
    var explain = true
    /// The policy's settings by `AbsenceRule.ordinal`, looked up once rather than by name per rule.
    private var settings: [ScreeningPolicy.RuleSettings]

    init(policy: ScreeningPolicy, explain: Bool = true) {
        self.policy = policy
        self.explain = explain
        self.settings = Self.settings(policy)
    }

    private static func settings(_ policy: ScreeningPolicy) -> [ScreeningPolicy.RuleSettings] {
        AbsenceRule.allCases.map(policy.settings)
    }

    /// Findings for every enabled rule that could be evaluated (enough school days).
    func evaluate(_ pupil: PupilAbsence, calendar: SchoolCalendarIndex, asOf: Int) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        var windows = Windows(pupil: pupil, dates: explain)
        let day = Day(pupil, asOf: asOf)
        for rule in AbsenceRule.allCases where settings[rule.ordinal].enabled {
            if let finding = evaluate(rule, pupil, calendar: calendar, day: day, windows: &windows) { findings.append(finding) }
        }
        return findings
    }

    /// The windows of one evaluation by their school days: six rules read the quarter, several the
    /// last 20 school days, and each sum is made once (a handful per evaluation: a list, not a table).
    struct Windows {
        let pupil: PupilAbsence
        let dates: Bool
        private var made: [(days: Range<Int>, window: AbsenceWindow)] = []

        init(pupil: PupilAbsence, dates: Bool = true) {
            self.pupil = pupil
            self.dates = dates
        }

        mutating func window(_ schoolDays: ArraySlice<Int>) -> AbsenceWindow {
            if let made = made.first(where: { $0.days == schoolDays.indices }) { return made.window }
            let window = AbsenceWindow(pupil: pupil, schoolDays: schoolDays, dates: dates)
            made.append((schoolDays.indices, window))
            return window
        }
    }

    /// What every rule of one evaluation reads of its day, worked out once.
    private struct Day {
        var asOf: Int
        var quarter: (number: Int, first: Int, last: Int)
        var enrolment: (first: Int, last: Int)
        /// "2026-Q4" and "2026/27".
        var quarterPeriod: String
        var schoolYear: String

        init(_ pupil: PupilAbsence, asOf: Int) {
            self.asOf = asOf
            let date = SchoolDate(dayNumber: asOf)
            quarter = date.quarter
            enrolment = pupil.enrolment(through: asOf)
            quarterPeriod = "\(date.year)-Q\(quarter.number)"
            schoolYear = date.schoolYear
        }
    }

    func evaluate(_ rule: AbsenceRule, _ pupil: PupilAbsence, calendar: SchoolCalendarIndex, asOf: Int) -> RuleFinding? {
        var windows = Windows(pupil: pupil, dates: explain)
        return evaluate(rule, pupil, calendar: calendar, day: Day(pupil, asOf: asOf), windows: &windows)
    }

    private func evaluate(_ rule: AbsenceRule, _ pupil: PupilAbsence, calendar: SchoolCalendarIndex, day: Day, windows: inout Windows) -> RuleFinding? {
        let settings = self.settings[rule.ordinal]
        let (asOf, enrolment) = (day.asOf, day.enrolment)
        switch rule {
        case .unauthorizedQuarterWarning, .unauthorizedQuarterReport, .unauthorizedQuarterSoFar:
            let quarter = day.quarter
            let period = day.quarterPeriod
            let days = calendar.schoolDays(from: max(quarter.first, enrolment.first), through: enrolment.last)
            let window = windows.window(days)
            switch (policy.quarterReading, rule) {
            case (.shareSoFar, .unauthorizedQuarterSoFar):
                return nil
            case (.shareSoFar, _), (.quarterSchoolDays, .unauthorizedQuarterSoFar):
                return rateFinding(rule, settings, window, absent: window.unauthorized, period: period,
                                   what: "unauthorized absence", span: "in \(period) so far")
            case (.quarterSchoolDays, _):
                let quarterDays = calendar.schoolDays(from: max(quarter.first, enrolment.first),
                                                      through: min(quarter.last, pupil.enrolledTo ?? quarter.last)).count
                return quarterCountFinding(rule, settings, window, quarterSchoolDays: quarterDays, period: period)
            }
        case .concerningAbsence, .beginningAbsence, .severeAbsence:
            let size = settings.window ?? 20
            let days = calendar.lastSchoolDays(size, through: enrolment.last, notBefore: enrolment.first)
            let window = windows.window(days)
            guard var finding = rateFinding(rule, settings, window, absent: window.total, period: day.schoolYear,
                                            what: "absence", span: "over the last \(window.schoolDays) school days") else { return nil }
            if rule == .beginningAbsence, finding.state == .met {
                // "and rising": the window's rate above the one of the window before it.
                let before = calendar.lastSchoolDays(size, through: (days.first ?? asOf) - 1, notBefore: enrolment.first)
                let previous = windows.window(before)
                if previous.rate(previous.total) >= window.rate(window.total) { finding.state = .held }
                if explain {
                    finding.explanation.summary += previous.schoolDays > 0
                    ? String(format: ", up from %.1f %% in the %d school days before", previous.rate(previous.total) * 100, previous.schoolDays)
                    : ", with no school days before"
                }
            }
            return finding
        case .prolongedIllness, .quarterAbsenceContact, .quarterAbsenceSupportPlan:
            let quarter = day.quarter
            let period = day.quarterPeriod
            let days = calendar.schoolDays(from: max(quarter.first, enrolment.first), through: enrolment.last)
            guard !days.isEmpty else { return nil }
            let window = windows.window(days)
            let illnessOnly = rule == .prolongedIllness
            let count = illnessOnly ? window.illness : window.illness + window.unauthorized
            return countFinding(rule, settings, window, count: count, dates: window.absenceDates, period: period,
                                summary: String(format: "%@ on %.1f school days in %@ so far", illnessOnly ? "illness" : "illness and unauthorized absence",
                                                AbsenceWindow.rounded(count), period))
        case .weekdayPattern:
            let weeks = settings.window ?? 6
            let days = calendar.schoolDays(from: max(asOf - weeks * 7 + 1, enrolment.first), through: enrolment.last)
            guard days.count >= policy.minimumSchoolDays else { return nil }
            let window = windows.window(days)
            var byWeekday: [Int: [Int]] = [:]
            for day in pupil.days(from: window.first, through: window.last) where day.totalShare >= policy.absentDayShare && days.contains(day.day) {
                byWeekday[SchoolDate.isoWeekday(dayNumber: day.day), default: []].append(day.day)
            }
            let worst = byWeekday.max { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) }
            let count = worst?.value.count ?? 0
            let weekdayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            return countFinding(rule, settings, window, count: Double(count), dates: worst?.value ?? [], period: day.schoolYear,
                                summary: "absent \(count) times on a \(weekdayNames[worst?.key ?? 1]) in the last \(weeks) weeks")
        case .absenceStreak:
            let days = calendar.lastSchoolDays(settings.window ?? 20, through: enrolment.last, notBefore: enrolment.first)
            guard days.count >= policy.minimumSchoolDays else { return nil }
            let window = windows.window(days)
            let streak = longestStreak(pupil, schoolDays: days)
            return countFinding(rule, settings, window, count: Double(streak.count), dates: streak, period: day.schoolYear,
                                summary: "\(streak.count) school days absent in a row (illness or unauthorized) in the last \(days.count) school days")
        case .repeatedLateness:
            let days = calendar.lastSchoolDays(settings.window ?? 20, through: enrolment.last, notBefore: enrolment.first)
            guard days.count >= policy.minimumSchoolDays else { return nil }
            let window = windows.window(days)
            let lateDates = pupil.days(from: window.first, through: window.last).filter { $0.isLate && days.contains($0.day) }.map(\.day)
            return countFinding(rule, settings, window, count: Double(lateDates.count), dates: lateDates, period: day.schoolYear,
                                summary: "late \(lateDates.count) times in the last \(days.count) school days")
        }
    }

    private func rateFinding(_ rule: AbsenceRule, _ settings: ScreeningPolicy.RuleSettings, _ window: AbsenceWindow, absent: Double,
                             period: String, what: String, span: @autoclosure () -> String) -> RuleFinding? {
        guard window.schoolDays >= policy.minimumSchoolDays else { return nil }
        let rate = window.rate(absent)
        // A tolerance for sums of lesson shares (1/6 + 1/6 + …) that should equal the threshold exactly.
        let epsilon = 1e-9
        let state: RuleFinding.State = rate + epsilon >= settings.threshold ? .met
            : rate + epsilon >= settings.threshold - policy.resolveMargin ? .held : .clear
        let summary = explain ? String(format: "%@ %.1f of %d school days (%.1f %%) %@; threshold %.0f %%",
                                       what, AbsenceWindow.rounded(absent), window.schoolDays, rate * 100, span(), settings.threshold * 100) : ""
        return RuleFinding(
            rule: rule, state: state, period: period, windowStart: window.first, windowEnd: window.last,
            explanation: ConcernRaised.Explanation(
                schoolDays: window.schoolDays, absentDays: explain ? window.absentDays : [:], rate: AbsenceWindow.rounded(rate),
                threshold: settings.threshold, dates: explain ? window.absenceDates.map(SchoolDate.init(dayNumber:)) : [], summary: summary))
    }

    /// The legal reading: unauthorized days so far against the count the whole quarter allows
    /// (threshold × the quarter's school days within the enrolment). The denominator does not grow
    /// as days pass, so a count once reached stays reached unless a correction takes days away.
    private func quarterCountFinding(_ rule: AbsenceRule, _ settings: ScreeningPolicy.RuleSettings, _ window: AbsenceWindow,
                                     quarterSchoolDays: Int, period: String) -> RuleFinding? {
        guard quarterSchoolDays >= policy.minimumSchoolDays, window.schoolDays > 0 else { return nil }
        let limit = settings.threshold * Double(quarterSchoolDays)
        let rate = window.unauthorized / Double(quarterSchoolDays)
        let epsilon = 1e-9
        let state: RuleFinding.State = rate + epsilon >= settings.threshold ? .met
            : rate + epsilon >= settings.threshold - policy.resolveMargin ? .held : .clear
        let summary = explain ? String(format: "unauthorized absence %.1f of the %.1f days %@ allows (%.0f %% of its %d school days; %d of them so far)",
                                       AbsenceWindow.rounded(window.unauthorized), AbsenceWindow.rounded(limit), period,
                                       settings.threshold * 100, quarterSchoolDays, window.schoolDays) : ""
        return RuleFinding(
            rule: rule, state: state, period: period, windowStart: window.first, windowEnd: window.last,
            explanation: ConcernRaised.Explanation(
                schoolDays: quarterSchoolDays, absentDays: explain ? window.absentDays : [:], rate: AbsenceWindow.rounded(rate),
                threshold: settings.threshold, dates: explain ? window.absenceDates.map(SchoolDate.init(dayNumber:)) : [], summary: summary))
    }

    private func countFinding(_ rule: AbsenceRule, _ settings: ScreeningPolicy.RuleSettings, _ window: AbsenceWindow, count: Double,
                              dates: [Int], period: String, summary: @autoclosure () -> String) -> RuleFinding {
        let epsilon = 1e-9
        let met = rule.firesAboveThreshold ? count > settings.threshold + epsilon : count + epsilon >= settings.threshold
        return RuleFinding(
            rule: rule, state: met ? .met : .clear, period: period,
            windowStart: window.first, windowEnd: window.last,
            explanation: ConcernRaised.Explanation(
                schoolDays: window.schoolDays, absentDays: explain ? window.absentDays : [:], rate: AbsenceWindow.rounded(count),
                threshold: settings.threshold, dates: explain ? dates.map(SchoolDate.init(dayNumber:)) : [], summary: explain ? summary() : ""))
    }

    /// The longest run of consecutive school days absent (illness or unauthorized ≥ the absent-day share).
    private func longestStreak(_ pupil: PupilAbsence, schoolDays: ArraySlice<Int>) -> [Int] {
        guard let first = schoolDays.first, let last = schoolDays.last else { return [] }
        var absent: Set<Int> = []
        for day in pupil.days(from: first, through: last) where day.share(day.illness | day.unauthorized) >= policy.absentDayShare {
            absent.insert(day.day)
        }
        var best: [Int] = [], current: [Int] = []
        for day in schoolDays {
            if absent.contains(day) {
                current.append(day)
                if current.count > best.count { best = current }
            } else {
                current = []
            }
        }
        return best
    }
}
