import CRdKafka
import Shared

/// librdkafka's built-in mock cluster (`rdkafka_mock.h`): a real Kafka protocol endpoint on
/// loopback that keeps messages in memory. The development broker's only; no service links it.
/// `@unchecked Sendable`: the pointers are immutable and the mock API is thread-safe.
final class KafkaMockCluster: @unchecked Sendable {
    private let owner: OpaquePointer
    private let cluster: OpaquePointer
    let brokerCount: Int

    init(brokers: Int) throws {
        // The mock cluster lives inside a client handle; a producer with no bootstrap is enough.
        let conf = rd_kafka_conf_new()
        var errorBuffer = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_conf_set(conf, "client.id", "fremmoede-devbroker", &errorBuffer, errorBuffer.count)
        guard let owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorBuffer, errorBuffer.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(.client, "rd_kafka_new: \(String(decoding: errorBuffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self))")
        }
        guard let cluster = rd_kafka_mock_cluster_new(owner, Int32(brokers)) else {
            rd_kafka_destroy(owner)
            throw KafkaError(.client, "rd_kafka_mock_cluster_new failed")
        }
        self.owner = owner
        self.cluster = cluster
        self.brokerCount = brokers
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(owner)
    }

    /// `host:port,…` for `bootstrap.servers`.
    var bootstrapServers: String { String(cString: rd_kafka_mock_cluster_bootstraps(cluster)) }

    func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws {
        let result = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(min(replicationFactor, brokerCount)))
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw Self.error(result, "mock topic \(name)") }
    }

    /// Takes every broker down (connections closed, new ones refused) or brings them back.
    func setBrokersUp(_ up: Bool) throws {
        for broker in 1...brokerCount {
            let result = up ? rd_kafka_mock_broker_set_up(cluster, Int32(broker)) : rd_kafka_mock_broker_set_down(cluster, Int32(broker))
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw Self.error(result, "mock broker \(broker) \(up ? "up" : "down")") }
        }
    }

    private static func error(_ code: rd_kafka_resp_err_t, _ what: String) -> KafkaError {
        KafkaError(.client, "\(what): \(String(cString: rd_kafka_err2str(code)))", librdkafkaCode: code.rawValue)
    }
}
