import Shared

/// One attendance registration as a school system sends it to IntakeService (docs/intake.md).
public struct GeneratedRegistration: Sendable, Equatable {
    public enum Status: String, Sendable { case present, late, absent }
    public enum Category: String, Sendable { case illness, authorized, unauthorized }

    public let sourceRegistrationId: String
    public let pupilSourceId: String
    public let pupilIndex: Int
    public let schoolId: String
    public let date: SchoolDate
    /// 0 for the whole day, else the lesson number.
    public let lesson: Int
    public let status: Status
    public let category: Category?
    public let minutesLate: Int?
    /// When it was recorded, UTC (`2026-09-14T07:52:00Z`): the morning of the day, or of the day a
    /// correction was made.
    public let recordedAt: String
    /// The fraction of the school day it covers (1, or 1 / lessons per day).
    public let dayFraction: Double
    public let isCorrection: Bool

    /// The JSON object Intake takes over HTTP and on its Kafka feed.
    public func json(sourceSystem: String?) -> [String: Any] {
        var object: [String: Any] = [
            "sourceRegistrationId": sourceRegistrationId, "pupilSourceId": pupilSourceId, "schoolId": schoolId,
            "date": date.description, "period": lesson == 0 ? "day" as Any : lesson as Any, "status": status.rawValue,
            "recordedAt": recordedAt,
        ]
        if let category { object["absenceCategory"] = category.rawValue }
        if let minutesLate { object["minutesLate"] = minutesLate }
        if let sourceSystem { object["sourceSystem"] = sourceSystem }
        return object
    }
}
