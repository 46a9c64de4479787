import Foundation
import TestSupport
import XCTest
@testable import Shared

/// Produce → consume over TCP against the development broker, with keys and headers, and
/// interoperability with kcat in both directions.
final class KafkaRoundTripTests: XCTestCase {
    func testProducedMessagesArriveWithKeysHeadersAndOrderPerKey() async throws {
        let topic = try await TestStack.createTopic(prefix: "roundtrip")
        let producer = try TestStack.producer()
        let messages = (0..<20).map { index in
            KafkaProducerMessage(
                topic: topic, key: "pupil-\(index % 3)", value: Array("value-\(index)".utf8),
                headers: [KafkaHeader(key: "ce_id", string: "id-\(index)"), KafkaHeader(key: "æøå", string: "Skole Ø")])
        }
        let reports = try await producer.send(messages)
        XCTAssertEqual(reports.count, 20)
        XCTAssertTrue(reports.allSatisfy { $0.topic == topic && $0.offset >= 0 })

        let consumer = try TestStack.consumer(group: TestStack.unique("roundtrip"), topics: [topic])
        let received = try await TestStack.read(consumer, count: 20)
        await consumer.close()

        XCTAssertEqual(received.count, 20)
        XCTAssertEqual(Set(received.map { String(decoding: $0.value, as: UTF8.self) }), Set((0..<20).map { "value-\($0)" }))
        for message in received {
            let index = Int(String(decoding: message.value, as: UTF8.self).dropFirst("value-".count))!
            XCTAssertEqual(message.keyString, "pupil-\(index % 3)")
            XCTAssertEqual(message.header("ce_id")?.stringValue, "id-\(index)")
            XCTAssertEqual(message.header("æøå")?.stringValue, "Skole Ø")
        }
        // One key → one partition, in the order produced.
        for key in ["pupil-0", "pupil-1", "pupil-2"] {
            let ofKey = received.filter { $0.keyString == key }
            XCTAssertEqual(Set(ofKey.map(\.partition)).count, 1, "all of \(key) in one partition")
            let order = ofKey.sorted { $0.offset < $1.offset }.map { Int(String(decoding: $0.value, as: UTF8.self).dropFirst(6))! }
            XCTAssertEqual(order, order.sorted())
        }
    }

    func testMessageProducedWithKcatIsReadBySwiftConsumer() async throws {
        let topic = try await TestStack.createTopic(prefix: "kcat-in")
        let result = try TestStack.run("/usr/bin/kcat", [
            "-b", try TestStack.kafkaBootstrap, "-P", "-t", topic, "-k", "pupil-key-1", "-H", "ce_type=dk.test.v1",
        ], input: "{\"from\":\"kcat\"}")
        XCTAssertEqual(result.status, 0, result.stderr)

        let consumer = try TestStack.consumer(group: TestStack.unique("kcat-in"), topics: [topic])
        let received = try await TestStack.read(consumer, count: 1)
        await consumer.close()
        XCTAssertEqual(received.count, 1)
        XCTAssertEqual(received.first?.keyString, "pupil-key-1")
        XCTAssertEqual(received.first?.header("ce_type")?.stringValue, "dk.test.v1")
        XCTAssertEqual(received.first.map { String(decoding: $0.value, as: UTF8.self) }, "{\"from\":\"kcat\"}")
    }

    func testMessageProducedBySwiftIsReadByKcat() async throws {
        let topic = try await TestStack.createTopic(prefix: "kcat-out", partitions: 1)
        let producer = try TestStack.producer()
        _ = try await producer.send(KafkaProducerMessage(
            topic: topic, key: "pupil-key-2", value: Array("{\"from\":\"swift\"}".utf8),
            headers: [KafkaHeader(key: "ce_id", string: "abc-123")]))

        let result = try TestStack.run("/usr/bin/kcat", [
            "-b", try TestStack.kafkaBootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k|%h|%s\\n",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "pupil-key-2|ce_id=abc-123|{\"from\":\"swift\"}")
    }
}
