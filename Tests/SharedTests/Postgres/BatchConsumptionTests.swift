import Foundation
import Logging
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// The one consumption path (`EventProcessor`) with a batch handler, against PostgreSQL and the
/// broker: a message whose data the database refuses is found by halving the batch and
/// dead-lettered alone while the rest commits; an error worth a retry leaves nothing behind and
/// the same batch goes through on the next attempt; a tombstone never reaches the handler.
final class BatchConsumptionTests: XCTestCase {
    static let migrations = [
        Migration(version: 1, name: "notes", statements: ["CREATE TABLE notes (event_id text PRIMARY KEY, note text NOT NULL)"]),
    ]

    /// Writes every event's data as text in one statement, as Screening and the feed write a batch.
    final class NoteHandler: BatchHandler, @unchecked Sendable {
        var failNextWithRetryable = true
        var seen: [String] = []
        var rollbacks = 0

        var idempotence: BatchIdempotence { .inbox }

        func apply(_ events: [ConsumedEvent], on connection: PostgresConnection, logger: Logger) async throws -> [Refusal] {
            seen += events.compactMap(\.event?.id)
            let ids = events.compactMap(\.event?.id)
            let notes = events.map { String(decoding: $0.message.value, as: UTF8.self) }
            try await connection.query("INSERT INTO notes (event_id, note) SELECT * FROM unnest(\(ids)::text[], \(notes)::text[])", logger: logger)
            if failNextWithRetryable {
                failNextWithRetryable = false
                throw Flaky()
            }
            return []
        }

        func rolledBack() { rollbacks += 1 }

        struct Flaky: RetryableError {}
    }

    func testARefusedMessageIsDeadLetteredAloneARetryableErrorIsRetriedAndTombstonesAreSkipped() async throws {
        let schema = TestStack.unique("batch_consumption")
        let topic = try await TestStack.createTopic(prefix: "batch-consumption", partitions: 1)
        try TestStack.control("topics?name=\(topic).dlq&partitions=1")
        let producer = try TestStack.producer()
        func note(_ text: String) -> CloudEvent {
            CloudEvent(type: "dk.fremmoede.test.v1", source: "/tests", subject: nil, key: "k", data: Array(text.utf8))
        }
        var notes = (0..<7).map { note("note \($0)") }
        // PostgreSQL refuses a NUL in text (SQLSTATE 22021): the data, not the connection.
        notes[4] = note("bad\u{0}note")
        let events = notes
        let poison = events[4]
        var messages = events.map { $0.kafkaMessage(topic: topic) }
        messages.insert(.tombstone(topic: topic, key: "k"), at: 2)
        _ = try await producer.send(messages)

        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: Self.migrations).run(on: client, logger: TestStack.logger)
            let group = TestStack.unique("batch")
            let consumer = try TestStack.consumer(group: group, topics: [topic])
            let handler = NoteHandler()
            let processor = EventProcessor(name: group, consumer: consumer, postgres: client, producer: producer, handler: handler, logger: TestStack.logger)
            let batch = try await TestStack.read(consumer, count: 8)
            XCTAssertEqual(batch.count, 8)
            XCTAssertEqual(batch.filter(\.isTombstone).count, 1, "the tombstone arrives as one")

            do {
                try await processor.process(batch)
                XCTFail("the retryable error was not thrown")
            } catch let error as PostgresTransactionError {
                XCTAssertTrue(error.closureError is NoteHandler.Flaky, "\(error)")
            }
            let afterFailure = try await client.query("SELECT count(*)::int FROM notes", logger: TestStack.logger)
            for try await count in afterFailure.decode(Int.self) { XCTAssertEqual(count, 0, "the failed attempt left nothing") }
            let claims = try await client.query("SELECT count(*)::int FROM inbox", logger: TestStack.logger)
            for try await count in claims.decode(Int.self) { XCTAssertEqual(count, 0, "nor any inbox claim") }

            try await processor.process(batch)
            let rows = try await client.query("SELECT event_id FROM notes", logger: TestStack.logger)
            var stored: Set<String> = []
            for try await id in rows.decode(String.self) { stored.insert(id) }
            XCTAssertEqual(stored, Set(events.map(\.id)).subtracting([poison.id]), "everything but the refused message committed")
            let inbox = try await client.query("SELECT event_id FROM inbox", logger: TestStack.logger)
            var claimed: Set<String> = []
            for try await id in inbox.decode(String.self) { claimed.insert(id) }
            XCTAssertEqual(claimed, stored, "the refused message is not claimed: replayed from its dead letter, it is applied")
            XCTAssertFalse(handler.seen.isEmpty)
            XCTAssertGreaterThan(handler.rollbacks, 1, "the handler heard of each rollback")
            try await consumer.commit()
            let committed = try await consumer.committedOffsets(for: [KafkaTopicPartition(topic: topic, partition: 0)])
            XCTAssertEqual(committed.values.first, 8, "the partition went on past the refused message and the tombstone")
            await consumer.close()
        }

        let dlq = try TestStack.consumer(group: TestStack.unique("dlq"), topics: [topic + ".dlq"])
        let letters = try await TestStack.read(dlq, count: 2, timeout: .seconds(10))
        await dlq.close()
        XCTAssertEqual(letters.compactMap { $0.header("ce_id")?.stringValue }, [poison.id], "one dead letter, the refused message's")
        XCTAssertEqual(letters.first?.header("dlq_error")?.stringValue, "the database refused the data (SQLSTATE 22021)")
    }

    func testWhatIsRetriedAndWhatIsDeadLettered() {
        XCTAssertTrue(DataError.isRetryable(KafkaError(.delivery, "broker down")))
        XCTAssertTrue(DataError.isRetryable(CancellationError()))
        XCTAssertTrue(DataError.isRetryable(NoteHandler.Flaky()))
        XCTAssertFalse(DataError.isRetryable(EventProcessingError(description: "no handler")))
        XCTAssertFalse(DataError.isRetryable(DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "x"))))
        XCTAssertFalse(DataError.isRetryable(CloudEventError.missingAttribute("ce_id")))
        let decoding = DecodingError.dataCorrupted(.init(codingPath: [AnyKey("date")], debugDescription: "Søren Østergård is not a date"))
        XCTAssertEqual(DataError.reason(decoding), "the data does not decode at 'date'", "the debug text, which can quote a value, is left out")
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
