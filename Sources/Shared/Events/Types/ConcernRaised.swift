import Foundation

/// `concern.raised`: a concern about a pupil, raised by a rule (ScreeningService) or reported by
/// staff (PlanningService). It explains itself: the figures, the window and the days that counted.
/// A staff report carries its category only; the description stays in PlanningService.
public struct ConcernRaised: EventPayload {
    public static let topic = FremmoedeTopic.concernRaised

    public enum Origin: String, Codable, Sendable { case rule, staff }

    public struct Explanation: Codable, Sendable, Equatable {
        /// School days in the window (the denominator).
        public var schoolDays: Int
        /// Absent days in the window by category (fractions for lesson-level absence).
        public var absentDays: [String: Double]
        /// The rate the rule compared, 0…1.
        public var rate: Double
        public var threshold: Double
        /// The days that counted (absences, the weekday pattern's dates, the streak).
        public var dates: [SchoolDate]
        public var summary: String

        public init(schoolDays: Int, absentDays: [String: Double], rate: Double, threshold: Double, dates: [SchoolDate], summary: String) {
            self.schoolDays = schoolDays
            self.absentDays = absentDays
            self.rate = rate
            self.threshold = threshold
            self.dates = dates
            self.summary = summary
        }
    }

    public var concernId: String
    public var pupilKey: String
    public var schoolId: String
    public var origin: Origin
    /// The rule (e.g. `unauthorized-quarter-report`) or, for staff reports, `staff-report`.
    public var rule: String
    /// For staff reports: the worry's category (e.g. `wellbeing`).
    public var staffCategory: String?
    public var windowStart: SchoolDate
    public var windowEnd: SchoolDate
    /// The rule period the concern belongs to (e.g. "2026-Q4" or the window's end).
    public var period: String
    public var explanation: Explanation?
    /// Set when this raise escalates an open concern (e.g. 10 % → 15 %).
    public var escalatesConcernId: String?
    public var policyVersion: Int?
    public var raisedAt: Date

    public init(
        concernId: String, pupilKey: String, schoolId: String, origin: Origin, rule: String, staffCategory: String? = nil,
        windowStart: SchoolDate, windowEnd: SchoolDate, period: String, explanation: Explanation? = nil,
        escalatesConcernId: String? = nil, policyVersion: Int? = nil, raisedAt: Date
    ) {
        self.concernId = concernId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.origin = origin
        self.rule = rule
        self.staffCategory = staffCategory
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.period = period
        self.explanation = explanation
        self.escalatesConcernId = escalatesConcernId
        self.policyVersion = policyVersion
        self.raisedAt = raisedAt
    }

    public var partitionKey: String { pupilKey }
}
