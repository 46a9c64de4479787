import Foundation

/// `attendance.rejected`: a registration that failed validation, with the field and the reason.
/// Deliberately without the pupil's source id or anything else that identifies a child.
public struct AttendanceRejected: EventPayload {
    public static let topic = FremmoedeTopic.attendanceRejected

    public enum Channel: String, Codable, Sendable { case kafka, http }

    public var rejectionId: String
    public var sourceSystem: String?
    public var sourceRegistrationId: String?
    public var schoolId: String?
    public var channel: Channel
    public var field: String?
    public var reason: String
    public var receivedAt: Date

    public init(
        rejectionId: String, sourceSystem: String?, sourceRegistrationId: String?, schoolId: String?, channel: Channel,
        field: String?, reason: String, receivedAt: Date
    ) {
        self.rejectionId = rejectionId
        self.sourceSystem = sourceSystem
        self.sourceRegistrationId = sourceRegistrationId
        self.schoolId = schoolId
        self.channel = channel
        self.field = field
        self.reason = reason
        self.receivedAt = receivedAt
    }

    public var partitionKey: String { sourceSystem ?? "unknown" }
}
