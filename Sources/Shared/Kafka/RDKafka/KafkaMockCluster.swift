import CRdKafka
import Logging

/// librdkafka's built-in mock cluster (`rdkafka_mock.h`): a real Kafka protocol endpoint on
/// loopback that keeps messages in memory. For the development broker and tests only — never
/// production. `@unchecked Sendable`: the pointers are immutable and the mock API is thread-safe.
public final class KafkaMockCluster: @unchecked Sendable {
    private let owner: RDKafkaClient
    private let cluster: OpaquePointer
    public let brokerCount: Int

    public init(brokers: Int, logger: Logger) throws {
        // The mock cluster lives inside a client handle; a producer with no bootstrap is enough.
        owner = try RDKafkaClient(kind: .producer, properties: ["client.id": "fremmoede-devbroker"], logger: logger)
        guard let cluster = rd_kafka_mock_cluster_new(owner.handle, Int32(brokers)) else {
            throw KafkaError(.client, "rd_kafka_mock_cluster_new failed")
        }
        self.cluster = cluster
        self.brokerCount = brokers
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }

    /// `host:port,…` for `bootstrap.servers`.
    public var bootstrapServers: String { String(cString: rd_kafka_mock_cluster_bootstraps(cluster)) }

    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws {
        let result = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(min(replicationFactor, brokerCount)))
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw RDKafkaClient.error(result, "mock topic \(name)") }
    }

    /// Takes every broker down (connections closed, new ones refused) or brings them back.
    public func setBrokersUp(_ up: Bool) throws {
        for broker in 1...brokerCount {
            let result = up ? rd_kafka_mock_broker_set_up(cluster, Int32(broker)) : rd_kafka_mock_broker_set_down(cluster, Int32(broker))
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw RDKafkaClient.error(result, "mock broker \(broker) \(up ? "up" : "down")") }
        }
    }
}
