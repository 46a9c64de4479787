import Foundation
import TestSupport
import XCTest
@testable import Shared

/// The broker goes down for a few seconds while a producer sends and a consumer reads: both
/// recover by themselves and nothing is lost or duplicated.
final class BrokerOutageTests: XCTestCase {
    func testProducerAndConsumerRecoverFromABrokerOutageWithoutLosingOrDuplicatingMessages() async throws {
        let topic = try await TestStack.createTopic(prefix: "outage", partitions: 4)
        let producer = try TestStack.producer()
        let consumer = try TestStack.consumer(group: TestStack.unique("outage"), topics: [topic], sessionTimeout: .seconds(30))
        let assigned = try await TestStack.waitUntil(.seconds(30), polling: [consumer]) { consumer.assignment.count == 4 }
        XCTAssertTrue(assigned)

        let total = 300
        // Sends one message every 20 ms for 6 s; the broker is down from 1 s to 5 s.
        let sending = Task {
            try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
                for index in 0..<total {
                    group.addTask {
                        try await producer.send(KafkaProducerMessage(topic: topic, key: "pupil-\(index % 17)", value: Array("\(index)".utf8)))
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                var reports: [KafkaDeliveryReport] = []
                for try await report in group { reports.append(report) }
                return reports
            }
        }
        var received: [KafkaConsumerMessage] = []
        received += try await TestStack.drain(consumer, for: .seconds(1))
        try TestStack.control("brokers/down")
        received += try await TestStack.drain(consumer, for: .seconds(4))
        try TestStack.control("brokers/up")

        let reports = try await sending.value
        XCTAssertEqual(reports.count, total, "every send got a successful delivery report")
        let deadline = ContinuousClock.now + .seconds(60)
        while Set(received.map { String(decoding: $0.value, as: UTF8.self) }).count < total && ContinuousClock.now < deadline {
            received += try await consumer.poll(maxMessages: 500, maxWait: .milliseconds(200))
        }
        await consumer.close()

        let values = received.map { Int(String(decoding: $0.value, as: UTF8.self))! }
        XCTAssertEqual(Set(values), Set(0..<total), "nothing lost")
        XCTAssertEqual(values.count, total, "nothing duplicated (idempotent producer, one reader)")
        for key in 0..<17 {
            let ofKey = received.filter { $0.keyString == "pupil-\(key)" }.sorted { $0.offset < $1.offset }
            let order = ofKey.map { Int(String(decoding: $0.value, as: UTF8.self))! }
            XCTAssertEqual(order, order.sorted(), "pupil-\(key) kept its order through the outage")
        }
    }
}
