import Foundation
import Shared

/// A registration whose fields are well-formed (not yet checked against pupils and calendars).
struct Registration: Sendable, Equatable {
    var index: Int
    var sourceSystem: String
    var sourceRegistrationId: String
    var pupilSourceId: String
    var schoolId: String
    var date: SchoolDate
    var period: AttendancePeriod
    var status: AttendanceStatus
    var absenceCategory: AbsenceCategory?
    var minutesLate: Int?
    var recordedAt: Date
    /// The share of the day an absence covers (0 < share < 1); nil for the whole period.
    var dayFraction: Double? = nil
}
