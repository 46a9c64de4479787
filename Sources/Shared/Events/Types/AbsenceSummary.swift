import Foundation

/// `absence.summary` (compacted, keyed by pupil key): a pupil's current absence, so Planning
/// never has to ask Screening.
public struct AbsenceSummary: EventPayload {
    public static let topic = FremmoedeTopic.absenceSummary

    /// Absence over one window: rates 0…1 by category over the school days in it.
    public struct Window: Codable, Sendable, Equatable {
        public var start: SchoolDate
        public var end: SchoolDate
        public var schoolDays: Int
        public var illness: Double
        public var authorized: Double
        public var unauthorized: Double
        public var total: Double

        public init(start: SchoolDate, end: SchoolDate, schoolDays: Int, illness: Double, authorized: Double, unauthorized: Double, total: Double) {
            self.start = start
            self.end = end
            self.schoolDays = schoolDays
            self.illness = illness
            self.authorized = authorized
            self.unauthorized = unauthorized
            self.total = total
        }
    }

    public struct Week: Codable, Sendable, Equatable {
        public var weekStart: SchoolDate
        public var schoolDays: Int
        public var absentDays: Double

        public init(weekStart: SchoolDate, schoolDays: Int, absentDays: Double) {
            self.weekStart = weekStart
            self.schoolDays = schoolDays
            self.absentDays = absentDays
        }
    }

    public enum Trend: String, Codable, Sendable { case rising, stable, falling }

    public var pupilKey: String
    public var schoolId: String
    public var asOf: SchoolDate
    public var quarter: Window
    public var last20SchoolDays: Window
    public var last40SchoolDays: Window
    public var trend: Trend
    public var weeks: [Week]
    public var lateArrivals20SchoolDays: Int
    public var openConcernRules: [String]
    public var computedAt: Date

    public init(
        pupilKey: String, schoolId: String, asOf: SchoolDate, quarter: Window, last20SchoolDays: Window,
        last40SchoolDays: Window, trend: Trend, weeks: [Week], lateArrivals20SchoolDays: Int, openConcernRules: [String],
        computedAt: Date
    ) {
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.asOf = asOf
        self.quarter = quarter
        self.last20SchoolDays = last20SchoolDays
        self.last40SchoolDays = last40SchoolDays
        self.trend = trend
        self.weeks = weeks
        self.lateArrivals20SchoolDays = lateArrivals20SchoolDays
        self.openConcernRules = openConcernRules
        self.computedAt = computedAt
    }

    public var partitionKey: String { pupilKey }
}
