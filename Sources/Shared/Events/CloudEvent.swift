import Foundation

/// A CloudEvents 1.0 event in the Kafka protocol binding's binary content mode: the attributes
/// travel as `ce_*` headers, the value is the `data` as JSON (architecture §2).
public struct CloudEvent: Sendable, Equatable {
    public static let specVersion = "1.0"
    public static let contentType = "application/json"

    public var id: String
    public var type: String
    public var source: String
    public var time: Date
    public var subject: String?
    /// The Kafka key (the pupil key for pupil events).
    public var key: String
    public var data: [UInt8]
    /// W3C trace context, carried as the `traceparent` header.
    public var traceParent: String?

    public init(id: String = TimeOrderedID.string(), type: String, source: String, time: Date = Date(),
                subject: String?, key: String, data: [UInt8], traceParent: String? = nil) {
        self.id = id
        self.type = type
        self.source = source
        self.time = time
        self.subject = subject
        self.key = key
        self.data = data
        self.traceParent = traceParent
    }

    /// Wraps a payload: type, subject and key come from the payload's own definition.
    public init<Payload: EventPayload>(_ payload: Payload, source: String, id: String = TimeOrderedID.string(),
                                       time: Date = Date(), traceParent: String? = TraceContext.current?.traceParent) throws {
        self.init(id: id, type: Payload.eventType, source: source, time: time, subject: payload.subject,
                  key: payload.partitionKey, data: try EventJSONEncoder.encode(payload), traceParent: traceParent)
    }

    public func decode<Payload: EventPayload>(_ type: Payload.Type) throws -> Payload {
        guard self.type == Payload.eventType else {
            throw CloudEventError.unexpectedType(expected: Payload.eventType, actual: self.type)
        }
        return try EventJSONDecoder.decode(Payload.self, from: data)
    }

    public var topic: String? {
        FremmoedeTopic.allCases.first { $0.eventType == type }?.rawValue
    }

    // MARK: Kafka binding

    public var kafkaHeaders: [KafkaHeader] {
        var headers = [
            KafkaHeader(key: "ce_specversion", string: Self.specVersion),
            KafkaHeader(key: "ce_id", string: id),
            KafkaHeader(key: "ce_type", string: type),
            KafkaHeader(key: "ce_source", string: source),
            KafkaHeader(key: "ce_time", string: EventCoding.formatTimestamp(time)),
            KafkaHeader(key: "content-type", string: Self.contentType),
        ]
        if let subject { headers.append(KafkaHeader(key: "ce_subject", string: subject)) }
        if let traceParent { headers.append(KafkaHeader(key: "traceparent", string: traceParent)) }
        return headers
    }

    public func kafkaMessage(topic: String) -> KafkaProducerMessage {
        KafkaProducerMessage(topic: topic, key: Array(key.utf8), value: data, headers: kafkaHeaders)
    }

    /// Reads a binary-mode event; every missing or malformed attribute is named.
    public init(_ message: KafkaConsumerMessage) throws {
        func header(_ name: String) throws -> String {
            guard let header = message.header(name) else { throw CloudEventError.missingAttribute(name) }
            guard let value = header.stringValue else { throw CloudEventError.malformedAttribute(name, "not UTF-8") }
            return value
        }
        let specVersion = try header("ce_specversion")
        guard specVersion == Self.specVersion else { throw CloudEventError.malformedAttribute("ce_specversion", "unsupported version \(specVersion)") }
        if let contentType = message.header("content-type")?.stringValue, !contentType.hasPrefix(Self.contentType) {
            throw CloudEventError.malformedAttribute("content-type", "expected application/json, got \(contentType)")
        }
        let timeText = try header("ce_time")
        guard let time = EventCoding.parseTimestamp(timeText) else { throw CloudEventError.malformedAttribute("ce_time", "not RFC 3339: \(timeText)") }
        self.init(
            id: try header("ce_id"), type: try header("ce_type"), source: try header("ce_source"), time: time,
            subject: message.header("ce_subject")?.stringValue, key: message.keyString ?? "", data: message.value,
            traceParent: message.header("traceparent")?.stringValue
        )
    }
}

public enum CloudEventError: Error, CustomStringConvertible, Equatable {
    case missingAttribute(String)
    case malformedAttribute(String, String)
    case unexpectedType(expected: String, actual: String)

    public var description: String {
        switch self {
        case .missingAttribute(let name): "CloudEvent attribute \(name) is missing"
        case .malformedAttribute(let name, let reason): "CloudEvent attribute \(name) is malformed: \(reason)"
        case .unexpectedType(let expected, let actual): "expected event type \(expected), got \(actual)"
        }
    }
}
