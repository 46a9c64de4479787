import Foundation
import Metrics

/// Turns librdkafka's periodic statistics JSON into swift-metrics gauges: queue depth, bytes and
/// messages sent and received, and consumer lag per partition (labels: client, topic, partition;
/// never anything about a pupil).
final class RDKafkaStatistics: Sendable {
    private let clientID: String

    init(clientID: String) {
        self.clientID = clientID
    }

    private struct Snapshot: Decodable {
        let msg_cnt: Int?
        let msg_size: Int?
        let txmsgs: Int?
        let rxmsgs: Int?
        let tx_bytes: Int?
        let rx_bytes: Int?
        let replyq: Int?
        let topics: [String: TopicStatistics]?
    }

    private struct TopicStatistics: Decodable {
        let partitions: [String: PartitionStatistics]?
    }

    private struct PartitionStatistics: Decodable {
        let consumer_lag: Int?
    }

    func record(json: [UInt8]) {
        guard let snapshot = try? JSONDecoder().decode(Snapshot.self, from: Data(json)) else { return }
        let labels = [("client", clientID)]
        Gauge(label: "kafka_client_queued_messages", dimensions: labels).record(snapshot.msg_cnt ?? 0)
        Gauge(label: "kafka_client_queued_bytes", dimensions: labels).record(snapshot.msg_size ?? 0)
        Gauge(label: "kafka_client_reply_queue", dimensions: labels).record(snapshot.replyq ?? 0)
        Gauge(label: "kafka_client_sent_messages", dimensions: labels).record(snapshot.txmsgs ?? 0)
        Gauge(label: "kafka_client_received_messages", dimensions: labels).record(snapshot.rxmsgs ?? 0)
        Gauge(label: "kafka_client_sent_bytes", dimensions: labels).record(snapshot.tx_bytes ?? 0)
        Gauge(label: "kafka_client_received_bytes", dimensions: labels).record(snapshot.rx_bytes ?? 0)
        for (topic, statistics) in snapshot.topics ?? [:] {
            for (partition, partitionStatistics) in statistics.partitions ?? [:] where partition != "-1" {
                guard let lag = partitionStatistics.consumer_lag, lag >= 0 else { continue }
                Gauge(
                    label: "kafka_consumer_lag",
                    dimensions: labels + [("topic", topic), ("partition", partition)]
                ).record(lag)
            }
        }
    }
}
