/// A header on a Kafka message; the value is raw bytes (CloudEvents headers are UTF-8).
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }

    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }

    public var stringValue: String? { String(validating: value, as: UTF8.self) }
}

/// A message to produce. The key decides the partition (the pupil key keeps a pupil's events ordered).
/// A nil value is a tombstone: on a compacted topic it removes the key.
public struct KafkaProducerMessage: Sendable {
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// A fixed partition, or nil for librdkafka's partitioner on the key.
    public var partition: Int32?

    public init(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [], partition: Int32? = nil) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
    }

    public init(topic: String, key: String?, value: [UInt8]?, headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: headers)
    }
}

extension KafkaProducerMessage {
    /// The tombstone of `key` on a compacted topic: no value, no headers.
    public static func tombstone(topic: String, key: String) -> KafkaProducerMessage {
        KafkaProducerMessage(topic: topic, key: key, value: nil)
    }
}

/// Where a produced message landed.
public struct KafkaDeliveryReport: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
}
