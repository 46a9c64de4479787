import Foundation

/// `concern.resolved`: the pupil fell below the threshold minus the margin, or a correction
/// withdrew the concern.
public struct ConcernResolved: EventPayload {
    public static let topic = FremmoedeTopic.concernResolved

    public enum Reason: String, Codable, Sendable {
        case belowThreshold = "below-threshold"
        case withdrawnByCorrection = "withdrawn-by-correction"
        case superseded
        /// A quarter rule's quarter is over.
        case periodEnded = "period-ended"
    }

    public var concernId: String
    public var pupilKey: String
    public var schoolId: String
    public var rule: String
    public var reason: Reason
    public var rate: Double?
    public var resolvedAt: Date

    public init(concernId: String, pupilKey: String, schoolId: String, rule: String, reason: Reason, rate: Double? = nil, resolvedAt: Date) {
        self.concernId = concernId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.rule = rule
        self.reason = reason
        self.rate = rate
        self.resolvedAt = resolvedAt
    }

    public var partitionKey: String { pupilKey }
}
