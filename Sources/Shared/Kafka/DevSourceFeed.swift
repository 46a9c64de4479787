import Foundation
import Logging

/// A source's raw-feed topic on the development broker, for the benchmarks: made through the
/// broker's control port (in a cluster operations make it, with the source's Kafka user), then
/// awaited until IntakeService reads it — Intake finds a new topic only at its next metadata
/// refresh, so a probe it refuses is sent and its dead letter awaited before any clock starts.
public enum DevSourceFeed {
    public static func open(source: String, partitions: Int, control: String, kafka: KafkaConfiguration, logger: Logger,
                            timeout: Duration = .seconds(120)) async throws -> String {
        let topic = FremmoedeTopic.sourceFeed(source)
        let answer = try await HTTPExchange.send("POST", "\(control)/topics?name=\(topic)&partitions=\(partitions)")
        guard (200..<300).contains(answer.status) else {
            throw KafkaError(.client, "the development broker did not create \(topic)")
        }
        let letters = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: kafka, groupID: "\(kafka.clientID)-\(UUID().uuidString.prefix(8))", topics: [FremmoedeTopic.attendanceRegistrations.deadLetterTopic]),
                                        logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: kafka), logger: logger)
        _ = try await producer.send([KafkaProducerMessage(topic: topic, key: "probe", value: Array(#"{"probe":true}"#.utf8))])
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await letters.poll(maxMessages: 1000).contains(where: { $0.header("dlq_topic")?.stringValue == topic }) {
                await letters.close()
                return topic
            }
        }
        await letters.close()
        throw KafkaError(.client, "IntakeService did not read \(topic) within \(timeout)")
    }
}
