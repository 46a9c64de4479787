import Foundation
import TestSupport
import XCTest
@testable import Shared

/// What is produced matches the JSON Schema of its event type: one event of every type goes
/// through the outbox, the relay and the broker, is read back, and is checked with Python's
/// `jsonschema` (scripts/check_event_schemas.py).
final class EventSchemaTests: XCTestCase {
    var checker: String { TestStack.repositoryRoot.appendingPathComponent("scripts/check_event_schemas.py").path }

    func testEveryEventTypeProducedThroughTheOutboxMatchesItsSchema() async throws {
        let events = try EventExamples.all()
        XCTAssertEqual(Set(events.compactMap(\.topic)), Set(FremmoedeTopic.allCases.map(\.rawValue)), "one example per topic")
        let schema = TestStack.unique("schemas")
        let producer = try TestStack.producer()
        // The raw feed is no service's output: a school system writes it, on its own topic.
        let raw = events.filter { $0.topic == FremmoedeTopic.attendanceRegistrations.rawValue }
        let feed = try TestStack.createSourceFeed(schema)
        _ = try await producer.send(raw.map { $0.kafkaMessage(topic: feed) })
        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: []).run(on: client, logger: TestStack.logger)
            try await client.withTransaction(logger: TestStack.logger) { connection in
                try await Outbox.enqueue(events.filter { $0.topic != FremmoedeTopic.attendanceRegistrations.rawValue }, on: connection, logger: TestStack.logger)
            }
            try await client.withConnection { connection in
                _ = try await OutboxRelay(postgres: client, producer: producer, logger: TestStack.logger).publishBatch(on: connection)
            }
        }

        let ids = Set(events.map(\.id))
        let consumer = try TestStack.consumer(group: TestStack.unique("schemas"), topics: FremmoedeTopic.allCases.map(\.subscription))
        var produced: [CloudEvent] = []
        let deadline = ContinuousClock.now + .seconds(40)
        while produced.count < events.count && ContinuousClock.now < deadline {
            for message in try await consumer.poll(maxMessages: 1000, maxWait: .milliseconds(200)) {
                if let event = try? CloudEvent(message), ids.contains(event.id) { produced.append(event) }
            }
        }
        await consumer.close()
        XCTAssertEqual(produced.count, events.count, "every event came back from the broker")

        let result = try check(produced.map { ($0.type, $0.data) })
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("schema check: 12 passed, 0 failed"), result.stdout)
    }

    func testTheDocumentedExamplesMatchTheSchemas() throws {
        let examples = TestStack.repositoryRoot.appendingPathComponent("schemas/events/examples.ndjson").path
        let result = try TestStack.run("/usr/bin/env", ["python3", checker, examples])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("schema check: 12 passed, 0 failed"), result.stdout)
    }

    func testTheCheckRejectsAnEventThatBreaksItsSchema() throws {
        let event = try EventExamples.all()[5]  // concern.raised
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(event.data)) as? [String: Any])
        object.removeValue(forKey: "concernId")
        object["origin"] = "rumour"
        let broken = try JSONSerialization.data(withJSONObject: object)
        let result = try check([(event.type, Array(broken))])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("concernId"), result.stdout)
        XCTAssertTrue(result.stdout.contains("rumour"), result.stdout)
        XCTAssertTrue(result.stdout.contains("0 passed, 1 failed"), result.stdout)
    }

    private func check(_ events: [(type: String, data: [UInt8])]) throws -> (status: Int32, stdout: String, stderr: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        var lines = ""
        for event in events {
            let data = try JSONSerialization.jsonObject(with: Data(event.data))
            let line = try JSONSerialization.data(withJSONObject: ["type": event.type, "data": data], options: [.sortedKeys])
            lines += String(decoding: line, as: UTF8.self) + "\n"
        }
        try Data(lines.utf8).write(to: file)
        return try TestStack.run("/usr/bin/env", ["python3", checker, file.path])
    }
}
