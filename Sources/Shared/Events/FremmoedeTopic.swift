/// Every topic of architecture §1, with how it is kept. Topic names are part of the contract.
public enum FremmoedeTopic: String, Sendable, CaseIterable, Codable {
    case attendanceRegistrations = "attendance.registrations"
    case attendanceIngested = "attendance.ingested"
    case attendanceRejected = "attendance.rejected"
    case pupilDirectory = "pupil.directory"
    case schoolCalendar = "school.calendar"
    case concernRaised = "concern.raised"
    case concernResolved = "concern.resolved"
    case absenceSummary = "absence.summary"
    case caseOpened = "case.opened"
    case planUpdated = "plan.updated"
    case caseClosed = "case.closed"
    /// A pupil erased on request (architecture §3): every service forgets what it holds of them.
    case pupilErased = "pupil.erased"

    /// Latest value per key is what matters: the directory, calendars and summaries.
    public var isCompacted: Bool {
        switch self {
        case .pupilDirectory, .schoolCalendar, .absenceSummary: true
        default: false
        }
    }

    /// Keyed by the pupil key (the events of one pupil; an erased pupil's are refused).
    public var isKeyedByPupil: Bool {
        switch self {
        case .attendanceRegistrations, .attendanceRejected, .schoolCalendar: false
        default: true
        }
    }

    /// Where messages go that cannot be processed, with the error in headers.
    public var deadLetterTopic: String { rawValue + ".dlq" }

    /// The CloudEvents `type` of this topic's events.
    public var eventType: String { "dk.fremmoede.\(rawValue).v1" }

    /// The topics and their dead-letter topics, ready to create.
    public static func specifications(partitions: Int, replicationFactor: Int = 1) -> [KafkaTopicSpecification] {
        allCases.flatMap { topic -> [KafkaTopicSpecification] in
            let main = topic.isCompacted
                ? KafkaTopicSpecification.compacted(topic.rawValue, partitions: partitions, replicationFactor: replicationFactor)
                : KafkaTopicSpecification(name: topic.rawValue, partitions: partitions, replicationFactor: replicationFactor)
            let deadLetters = KafkaTopicSpecification(name: topic.deadLetterTopic, partitions: max(1, partitions / 4), replicationFactor: replicationFactor)
            return [main, deadLetters]
        }
    }
}
