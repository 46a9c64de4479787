import Logging

extension KafkaConsumerMessage {
    /// This message for `<topic>.dlq`, with why it failed and where it came from in `dlq_*` headers
    /// (logged without its value, which may hold pupil data).
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
        return KafkaProducerMessage(topic: topic + ".dlq", key: key, value: value, headers: headers)
    }
}

public struct EventProcessingError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
