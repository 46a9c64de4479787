import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest
@testable import Shared

/// Health, metrics and librdkafka statistics in `/metrics`.
final class OperationsTests: XCTestCase {
    func testReadinessIs503UntilEveryCheckPassesAndNamesTheFailingOne() async throws {
        let registry = Observability.bootstrap(service: "fremmoede-tests", level: .warning, format: .json)
        let database = Flag()
        let router = Router()
        OperationsRoutes(checks: [("database", { database.value }), ("kafka", { true })], registry: registry).add(to: router)
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                XCTAssertEqual(body?["checks"] as? [String: String], ["database": "failing", "kafka": "ok"])
            }
            database.value = true
            try await client.execute(uri: "/health/ready", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
            }
            try await client.execute(uri: "/health/live", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
            }
        }
    }

    func testLibrdkafkaStatisticsArriveInTheMetrics() async throws {
        let registry = Observability.bootstrap(service: "fremmoede-tests", level: .warning, format: .json)
        let topic = try await TestStack.createTopic(prefix: "stats", partitions: 1)
        let clientID = "stats-\(UUID().uuidString.prefix(6))"
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(kafka: KafkaConfiguration(
                bootstrapServers: try TestStack.kafkaBootstrap, clientID: clientID, statisticsInterval: .milliseconds(200))),
            logger: TestStack.logger)
        _ = try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: Array("v".utf8)))
        var text = ""
        for _ in 0..<30 where !text.contains("kafka_client_sent_messages{client=\"\(clientID)\"} 1") {
            try await Task.sleep(for: .milliseconds(200))
            text = registry.emitToString()
        }
        XCTAssertTrue(text.contains("kafka_client_sent_messages{client=\"\(clientID)\"} 1"), "statistics gauge for this client")
    }
}

final class Flag: @unchecked Sendable {
    // Test-only toggle read by a readiness check; set and read from the same test task.
    var value = false
}
