import Logging

extension KafkaConsumerMessage {
    /// This message for its dead-letter topic (`<topic>.dlq`; every source's raw feed shares
    /// `attendance.registrations.dlq`), with why it failed and where it came from in `dlq_*` headers
    /// (logged without its value, which may hold pupil data). For the pupil topics (`referenceOnly`) the
    /// dead letter is only that reference.
    public func deadLetter(reason: String, field: String? = nil, consumer: String, logger: Logger) -> KafkaProducerMessage {
        logger.warning("event dead-lettered", metadata: [
            "kafka.topic": "\(topic)", "kafka.partition": "\(partition)", "kafka.offset": "\(offset)", "error": "\(reason)",
        ])
        var headers = headers + [
            KafkaHeader(key: "dlq_error", string: reason),
            KafkaHeader(key: "dlq_topic", string: topic),
            KafkaHeader(key: "dlq_partition", string: String(partition)),
            KafkaHeader(key: "dlq_offset", string: String(offset)),
            KafkaHeader(key: "dlq_consumer", string: consumer),
        ]
        if let field { headers.append(KafkaHeader(key: "dlq_field", string: field)) }
        guard Self.referenceOnly(topic) else {
            return KafkaProducerMessage(topic: FremmoedeTopic.deadLetterTopic(of: topic), key: key, value: value, headers: headers)
        }
        // A reference, not the message: the raw feed carries the school system's pupil id (often a CPR
        // number) and its key and headers are the school system's; the directory carries names. The
        // message stays on its topic (for its retention) for the service to read; the source learns
        // what was wrong from attendance.rejected.
        let reference = #"{"topic":"\#(topic)","partition":\#(partition),"offset":\#(offset)}"#
        return KafkaProducerMessage(topic: FremmoedeTopic.deadLetterTopic(of: topic), key: topic == FremmoedeTopic.pupilDirectory.rawValue ? key : nil,
                                    value: Array(reference.utf8), headers: Array(headers.dropFirst(self.headers.count)))
    }

    /// The topics whose dead letters hold a reference instead of the message (issue 20, finding 11):
    /// every source's raw feed and the directory.
    static func referenceOnly(_ topic: String) -> Bool {
        topic == FremmoedeTopic.pupilDirectory.rawValue || FremmoedeTopic.sourceSystem(ofFeed: topic) != nil
    }
}

public struct EventProcessingError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
