import Foundation

/// `pupil.erased` (keyed by pupil key): a pupil's data is erased on request (GDPR art. 17), asked
/// for by the data protection officer at IntakeService. Every service deletes what it holds of the
/// pupil when it reads this; it carries no personal data, only the pseudonymous key.
public struct PupilErased: EventPayload {
    public static let topic = FremmoedeTopic.pupilErased

    public var erasureId: String
    public var pupilKey: String
    /// The staff id of the data protection officer who asked (for the services' audit logs).
    public var requestedBy: String
    public var requestedAt: Date

    public init(erasureId: String, pupilKey: String, requestedBy: String, requestedAt: Date) {
        self.erasureId = erasureId
        self.pupilKey = pupilKey
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
    }

    public var partitionKey: String { pupilKey }
}
