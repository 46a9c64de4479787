import Foundation

/// `school.calendar` (compacted, keyed by school id): a school year's school days and holidays,
/// the denominator for absence-only feeds.
public struct SchoolCalendar: EventPayload {
    public static let topic = FremmoedeTopic.schoolCalendar

    public struct Holiday: Codable, Sendable, Equatable {
        public var date: SchoolDate
        public var name: String

        public init(date: SchoolDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    public var schoolId: String
    public var schoolName: String
    /// e.g. "2026/27"
    public var schoolYear: String
    public var schoolDays: [SchoolDate]
    public var holidays: [Holiday]
    /// Lessons in a school day, for lesson-level registrations' day fraction.
    public var lessonsPerDay: Int
    public var updatedAt: Date

    public init(schoolId: String, schoolName: String, schoolYear: String, schoolDays: [SchoolDate], holidays: [Holiday],
                lessonsPerDay: Int = 6, updatedAt: Date) {
        self.schoolId = schoolId
        self.schoolName = schoolName
        self.schoolYear = schoolYear
        self.schoolDays = schoolDays
        self.holidays = holidays
        self.lessonsPerDay = lessonsPerDay
        self.updatedAt = updatedAt
    }

    /// One compacted record per school and school year.
    public var partitionKey: String { "\(schoolId)/\(schoolYear)" }
}
