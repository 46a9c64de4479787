/// The rule book a municipality can read and change (architecture §4's defaults). Versioned and
/// audited by `PolicyStore`; the processor picks up a new version at its next batch.
struct ScreeningPolicy: Codable, Sendable, Equatable {
    /// One rule's settings. `threshold` is a share (0…1) for rate rules and a count for count
    /// rules; `window` is in school days, except `weekday-pattern`'s, which is in weeks.
    struct RuleSettings: Codable, Sendable, Equatable {
        var enabled: Bool
        var threshold: Double
        var window: Int?
    }

    /// No rule fires on fewer school days than this in its window.
    var minimumSchoolDays: Int
    /// A rate concern resolves when the rate falls below its threshold minus this margin.
    var resolveMargin: Double
    /// The share of a day that must be absent for the day to count in patterns (streaks, weekdays).
    var absentDayShare: Double
    var rules: [String: RuleSettings]
    /// How the legal quarter rules (10 % warning, 15 % underretning) count (docs/screening.md).
    var quarterReading: QuarterReading = .quarterSchoolDays

    /// The two readings of "unauthorized absence of 10 % / 15 % in the quarter".
    enum QuarterReading: String, Codable, Sendable, CaseIterable {
        /// The default: against all the quarter's school days within the pupil's enrolment — a count
        /// of days the pupil may not pass, reached once and not undone as school days pass.
        case quarterSchoolDays = "quarter-school-days"
        /// Against the quarter's school days so far (from the tenth on); `unauthorized-quarter-so-far`
        /// then adds nothing and is not evaluated.
        case shareSoFar = "share-so-far"
    }

    init(minimumSchoolDays: Int, resolveMargin: Double, absentDayShare: Double, rules: [String: RuleSettings],
         quarterReading: QuarterReading = .quarterSchoolDays) {
        self.minimumSchoolDays = minimumSchoolDays
        self.resolveMargin = resolveMargin
        self.absentDayShare = absentDayShare
        self.rules = rules
        self.quarterReading = quarterReading
    }

    private enum CodingKeys: String, CodingKey { case minimumSchoolDays, resolveMargin, absentDayShare, rules, quarterReading }

    /// Versions stored before `quarterReading` existed read as the default reading.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minimumSchoolDays = try container.decode(Int.self, forKey: .minimumSchoolDays)
        resolveMargin = try container.decode(Double.self, forKey: .resolveMargin)
        absentDayShare = try container.decode(Double.self, forKey: .absentDayShare)
        rules = try container.decode([String: RuleSettings].self, forKey: .rules)
        quarterReading = try container.decodeIfPresent(QuarterReading.self, forKey: .quarterReading) ?? .quarterSchoolDays
    }

    static let standard = ScreeningPolicy(
        minimumSchoolDays: 10, resolveMargin: 0.02, absentDayShare: 0.5,
        rules: [
            AbsenceRule.unauthorizedQuarterWarning.rawValue: RuleSettings(enabled: true, threshold: 0.10, window: nil),
            AbsenceRule.unauthorizedQuarterReport.rawValue: RuleSettings(enabled: true, threshold: 0.15, window: nil),
            AbsenceRule.unauthorizedQuarterSoFar.rawValue: RuleSettings(enabled: true, threshold: 0.10, window: nil),
            AbsenceRule.concerningAbsence.rawValue: RuleSettings(enabled: true, threshold: 0.10, window: 40),
            AbsenceRule.beginningAbsence.rawValue: RuleSettings(enabled: true, threshold: 0.10, window: 20),
            AbsenceRule.severeAbsence.rawValue: RuleSettings(enabled: true, threshold: 0.50, window: 20),
            AbsenceRule.weekdayPattern.rawValue: RuleSettings(enabled: true, threshold: 3, window: 6),
            AbsenceRule.absenceStreak.rawValue: RuleSettings(enabled: true, threshold: 3, window: 20),
            AbsenceRule.repeatedLateness.rawValue: RuleSettings(enabled: true, threshold: 5, window: 20),
            AbsenceRule.prolongedIllness.rawValue: RuleSettings(enabled: true, threshold: 15, window: nil),
            AbsenceRule.quarterAbsenceContact.rawValue: RuleSettings(enabled: false, threshold: 10, window: nil),
            AbsenceRule.quarterAbsenceSupportPlan.rawValue: RuleSettings(enabled: false, threshold: 15, window: nil),
        ])

    func settings(_ rule: AbsenceRule) -> RuleSettings {
        rules[rule.rawValue] ?? Self.standard.rules[rule.rawValue]!
    }

    /// What is wrong with a proposed policy, field by field (empty when it can be used).
    func problems() -> [(field: String, reason: String)] {
        var problems: [(String, String)] = []
        if !(1...200).contains(minimumSchoolDays) { problems.append(("minimumSchoolDays", "must be 1–200")) }
        if !(0...0.5).contains(resolveMargin) { problems.append(("resolveMargin", "must be 0–0.5")) }
        if !(0.01...1).contains(absentDayShare) { problems.append(("absentDayShare", "must be 0.01–1")) }
        for name in rules.keys.sorted() {
            guard let rule = AbsenceRule(rawValue: name), let settings = rules[name] else {
                problems.append(("rules.\(name)", "is not a rule; rules are \(AbsenceRule.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            if rule.isRate, !(settings.threshold > 0 && settings.threshold <= 1) {
                problems.append(("rules.\(name).threshold", "must be a share above 0 and at most 1"))
            }
            if !rule.isRate, !(settings.threshold >= 1 && settings.threshold <= 100 && settings.threshold == settings.threshold.rounded()) {
                problems.append(("rules.\(name).threshold", "must be a whole number 1–100"))
            }
            if rule.isQuarterRule, settings.window != nil {
                problems.append(("rules.\(name).window", "quarter rules have no window: the calendar quarter is the window"))
            }
            if !rule.isQuarterRule, !(1...200).contains(settings.window ?? 0) {
                problems.append(("rules.\(name).window", "must be 1–200"))
            }
        }
        return problems
    }
}
