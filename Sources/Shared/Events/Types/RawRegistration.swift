import Foundation

/// The raw feed: one registration as a school system streams it on its own topic
/// (`attendance.registrations.source.<sourceSystem>`), before validation. Carries the school
/// system's own pupil id; it never leaves IntakeService.
public struct RawRegistration: EventPayload {
    public static let topic = FremmoedeTopic.attendanceRegistrations

    /// May be left out: the topic names the source. When given, it must be the topic's source.
    public var sourceSystem: String?
    public var sourceRegistrationId: String
    public var pupilSourceId: String
    public var schoolId: String
    public var date: SchoolDate
    public var period: AttendancePeriod
    public var status: AttendanceStatus
    public var absenceCategory: AbsenceCategory?
    public var minutesLate: Int?
    public var recordedAt: Date

    public init(
        sourceSystem: String?, sourceRegistrationId: String, pupilSourceId: String, schoolId: String, date: SchoolDate,
        period: AttendancePeriod, status: AttendanceStatus, absenceCategory: AbsenceCategory? = nil,
        minutesLate: Int? = nil, recordedAt: Date
    ) {
        self.sourceSystem = sourceSystem
        self.sourceRegistrationId = sourceRegistrationId
        self.pupilSourceId = pupilSourceId
        self.schoolId = schoolId
        self.date = date
        self.period = period
        self.status = status
        self.absenceCategory = absenceCategory
        self.minutesLate = minutesLate
        self.recordedAt = recordedAt
    }

    /// The raw feed is keyed by the source's registration so the school system controls ordering.
    public var partitionKey: String { sourceRegistrationId }
}
