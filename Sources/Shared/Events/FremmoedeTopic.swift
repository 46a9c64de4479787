/// Every topic of architecture §1, with how it is kept. Topic names are part of the contract.
public enum FremmoedeTopic: String, Sendable, CaseIterable, Codable {
    /// The raw feed from school systems: one topic per source, `attendance.registrations.source.<sourceSystem>`,
    /// which only that source's Kafka principal may write (the source is who wrote the topic, never
    /// what the message says). There is no topic of this name; its dead letters share `attendance.registrations.dlq`.
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

    /// What a consumer subscribes to: the topic, or for the raw feed every source's topic (a
    /// librdkafka regex, so a source added later is read once the consumer's metadata shows it).
    public var subscription: String {
        self == .attendanceRegistrations ? #"^attendance\.registrations\.source\.[a-z0-9][a-z0-9._-]*$"# : rawValue
    }

    /// A source's own raw-feed topic.
    public static func sourceFeed(_ sourceSystem: String) -> String {
        sourceFeedPrefix + sourceSystem
    }

    /// The source whose topic `topic` is, or nil when it is not a source's raw-feed topic.
    /// A source id is `[a-z0-9][a-z0-9._-]{0,63}`; checked byte by byte, as it runs for every message
    /// of the feed (a regex literal was compiled on each call: a quarter of the feed's CPU).
    public static func sourceSystem(ofFeed topic: String) -> String? {
        guard topic.utf8.starts(with: sourceFeedPrefix.utf8) else { return nil }
        let source = topic.utf8.dropFirst(sourceFeedPrefix.utf8.count)
        guard (1...64).contains(source.count), let first = source.first else { return nil }
        func letterOrDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard letterOrDigit(first),
              source.dropFirst().allSatisfy({ letterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else { return nil }
        return String(decoding: source, as: UTF8.self)
    }

    public static let sourceFeedPrefix = "attendance.registrations.source."

    /// The dead-letter topic of a message read from `topic`: `<topic>.dlq`, and one for all sources' feeds.
    public static func deadLetterTopic(of topic: String) -> String {
        sourceSystem(ofFeed: topic) != nil ? attendanceRegistrations.deadLetterTopic : topic + ".dlq"
    }

    /// The CloudEvents `type` of this topic's events.
    public var eventType: String { "dk.fremmoede.\(rawValue).v1" }

    /// The topics and their dead-letter topics, ready to create, with a raw-feed topic for each of `sources`.
    public static func specifications(partitions: Int, replicationFactor: Int = 1, sources: [String] = []) -> [KafkaTopicSpecification] {
        allCases.flatMap { topic -> [KafkaTopicSpecification] in
            let deadLetters = KafkaTopicSpecification(name: topic.deadLetterTopic, partitions: max(1, partitions / 4), replicationFactor: replicationFactor)
            if topic == .attendanceRegistrations {
                return sources.map { KafkaTopicSpecification(name: sourceFeed($0), partitions: partitions, replicationFactor: replicationFactor) } + [deadLetters]
            }
            let main = topic.isCompacted
                ? KafkaTopicSpecification.compacted(topic.rawValue, partitions: partitions, replicationFactor: replicationFactor)
                : KafkaTopicSpecification(name: topic.rawValue, partitions: partitions, replicationFactor: replicationFactor)
            return [main, deadLetters]
        }
    }
}
