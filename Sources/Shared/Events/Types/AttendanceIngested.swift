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
    public var replacesRegistrationId: String?

    public init(
        registrationId: String, pupilKey: String, schoolId: String, date: SchoolDate, period: AttendancePeriod,
        status: AttendanceStatus, absenceCategory: AbsenceCategory? = nil, minutesLate: Int? = nil, recordedAt: Date,
        sourceSystem: String, replacesRegistrationId: String? = nil
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
        self.replacesRegistrationId = replacesRegistrationId
    }

    public var partitionKey: String { pupilKey }
}
