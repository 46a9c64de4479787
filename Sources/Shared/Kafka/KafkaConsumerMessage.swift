/// A message read by a `KafkaConsumer`. Mark it done with `KafkaConsumer.markDone(_:)` once its
/// effects are durable; only then can its offset be committed.
public struct KafkaConsumerMessage: Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: [UInt8]?
    public let value: [UInt8]
    public let headers: [KafkaHeader]
    /// Broker or producer timestamp, milliseconds since 1970, when the broker gave one.
    public let timestampMilliseconds: Int64?
    /// No value at all (not an empty one): on a compacted topic, the key was removed.
    public let isTombstone: Bool

    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader],
                timestampMilliseconds: Int64?, isTombstone: Bool = false) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
        self.isTombstone = isTombstone
    }

    public var keyString: String? { key.flatMap { String(validating: $0, as: UTF8.self) } }

    public func header(_ key: String) -> KafkaHeader? { headers.last { $0.key == key } }
}

/// A topic and one of its partitions.
public struct KafkaTopicPartition: Sendable, Hashable, CustomStringConvertible {
    public let topic: String
    public let partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}
