import Foundation

/// `attendance.ingested`: a validated, pseudonymised registration. A correction (same pupil,
/// date and period as an earlier one) names the registration it replaces.
public struct AttendanceIngested: EventPayload {
    public static let topic = FremmoedeTopic.attendanceIngested

    public var registrationId: String
    public var pupilKey: String
    public var schoolId: String
    public var date: SchoolDate
    public var period: AttendancePeriod
    public var status: AttendanceStatus
    public var absenceCategory: AbsenceCategory?
    public var minutesLate: Int?
    public var recordedAt: Date
    public var sourceSystem: String
    /// The share of the school day this registration covers: 1 for a whole day, 1/lessons per
    /// day (from the school's calendar) for one lesson.
    public var dayFraction: Double
    /// True when it replaces an earlier registration for the same pupil, date and period.
    public var isCorrection: Bool
    public var replacesRegistrationId: String?

    public init(
        registrationId: String, pupilKey: String, schoolId: String, date: SchoolDate, period: AttendancePeriod,
        status: AttendanceStatus, absenceCategory: AbsenceCategory? = nil, minutesLate: Int? = nil, recordedAt: Date,
        sourceSystem: String, dayFraction: Double, replacesRegistrationId: String? = nil
    ) {
        self.registrationId = registrationId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.date = date
        self.period = period
        self.status = status
        self.absenceCategory = absenceCategory
        self.minutesLate = minutesLate
        self.recordedAt = recordedAt
        self.sourceSystem = sourceSystem
        self.dayFraction = dayFraction
        self.isCorrection = replacesRegistrationId != nil
        self.replacesRegistrationId = replacesRegistrationId
    }

    public var partitionKey: String { pupilKey }
}
