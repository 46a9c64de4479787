import Foundation
import Logging
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// The transactional outbox and the inbox against real PostgreSQL and the broker.
final class OutboxInboxTests: XCTestCase {
    static let migrations = [
        Migration(version: 1, name: "effects", statements: [
            "CREATE TABLE effects (event_id text PRIMARY KEY, applied integer NOT NULL)",
            "CREATE TABLE cases (case_id text PRIMARY KEY)",
            "CREATE TABLE traces (event_id text PRIMARY KEY, trace_id text)",
            "CREATE TABLE runs (size integer NOT NULL)",
        ]),
    ]

    /// A handler whose effect counts how often it ran for an event.
    struct CountingHandler: EventHandler {
        func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
            if String(decoding: event.data, as: UTF8.self).contains("poison") {
                throw EventProcessingError(description: "cannot apply this event")
            }
            try await connection.query("INSERT INTO traces (event_id, trace_id) VALUES (\(event.id), \(TraceContext.current?.traceID))", logger: logger)
            try await connection.query("""
                INSERT INTO effects (event_id, applied) VALUES (\(event.id), 1)
                ON CONFLICT (event_id) DO UPDATE SET applied = effects.applied + 1
                """, logger: logger)
        }
    }

    /// The counting handler that also takes runs: a run is one set-based insert (and a line in `runs`);
    /// a run with a poison event in it fails as a whole.
    struct RunCountingHandler: RunEventHandler {
        func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
            try await CountingHandler().handle(event, on: connection, logger: logger)
        }

        func handle(run events: [CloudEvent], on connection: PostgresConnection, logger: Logger) async throws {
            if events.contains(where: { String(decoding: $0.data, as: UTF8.self).contains("poison") }) {
                throw EventProcessingError(description: "cannot apply this run")
            }
            try await connection.query("""
                INSERT INTO effects (event_id, applied) SELECT id, 1 FROM unnest(\(events.map(\.id))) AS t(id)
                ON CONFLICT (event_id) DO UPDATE SET applied = effects.applied + 1
                """, logger: logger)
            try await connection.query("INSERT INTO runs (size) VALUES (\(events.count))", logger: logger)
        }
    }

    /// Runs of one topic go to a `RunEventHandler` at once; a run that fails is applied one by one, so
    /// only its poison event is refused and the rest of it counts once.
    func testARunOfOneTopicIsAppliedAtOnceAndOneByOneWhenItFails() async throws {
        let schema = TestStack.unique("runs")
        let topic = try await TestStack.createTopic(prefix: "runs", partitions: 1)
        let deadLetters = try await createDeadLetterTopic(for: topic)
        let producer = try TestStack.producer()
        let first = try (0..<3).map { _ in try caseOpened(TestStack.unique("case")) }
        var poisoned = try caseOpened("poison")
        poisoned.data = Array("{\"poison\":true}".utf8)
        let poison = poisoned
        let second = try (0..<2).map { _ in try caseOpened(TestStack.unique("case")) }
        _ = try await producer.send(first.map { $0.kafkaMessage(topic: topic) })

        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: Self.migrations).run(on: client, logger: TestStack.logger)
            let group = TestStack.unique("runs")
            let consumer = try TestStack.consumer(group: group, topics: [topic])
            let processor = EventProcessor(name: group, consumer: consumer, postgres: client, producer: producer,
                                           handler: EventHandlerSet(topicNames: [topic: RunCountingHandler()]), logger: TestStack.logger)
            try await processor.process(try await TestStack.read(consumer, count: 3))
            _ = try await producer.send(([poison] + second).map { $0.kafkaMessage(topic: topic) })
            try await processor.process(try await TestStack.read(consumer, count: 3))

            let rows = try await client.query("SELECT event_id, applied FROM effects", logger: TestStack.logger)
            var applied: [String: Int] = [:]
            for try await (id, count) in rows.decode((String, Int).self) { applied[id] = count }
            XCTAssertEqual(applied, Dictionary(uniqueKeysWithValues: (first + second).map { ($0.id, 1) }), "every good event once, the poison none")
            let runs = try await client.query("SELECT size FROM runs", logger: TestStack.logger)
            var sizes: [Int] = []
            for try await size in runs.decode(Int.self) { sizes.append(size) }
            XCTAssertEqual(sizes, [3], "the first batch as one run; the failed run one by one")
            await consumer.close()
        }
        let dlqConsumer = try TestStack.consumer(group: TestStack.unique("dlq"), topics: [deadLetters])
        let letters = try await TestStack.read(dlqConsumer, count: 1)
        await dlqConsumer.close()
        XCTAssertEqual(letters.compactMap { $0.header("ce_id")?.stringValue }, [poison.id])
        XCTAssertEqual(letters.first?.header("dlq_error")?.stringValue, "cannot apply this event")
    }

    private func caseOpened(_ caseID: String) throws -> CloudEvent {
        try CloudEvent(CaseOpened(
            caseId: caseID, pupilKey: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", schoolId: "skole-0101", concernIds: ["c-1"],
            coordinatorStaffId: "staff-1", team: [CaseTeamMember(staffId: "staff-1", role: .coordinator, email: "tovholder@skole.dk")],
            openedAt: Date()), source: "/fremmoede/tests")
    }

    func testEventCommittedButNotPublishedBeforeACrashIsPublishedExactlyOnceAfterRestart() async throws {
        let schema = TestStack.unique("outbox_crash")
        let topic = FremmoedeTopic.caseOpened.rawValue
        let event = try caseOpened(TestStack.unique("case"))

        // "Process" one: the state change and its event commit together; it dies before any relay ran.
        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: Self.migrations).run(on: client, logger: TestStack.logger)
            try await client.withTransaction(logger: TestStack.logger) { connection in
                try await connection.query("INSERT INTO cases (case_id) VALUES (\(event.id))", logger: TestStack.logger)
                try await Outbox.enqueue(event, on: connection, logger: TestStack.logger)
            }
        }

        // A watcher reading the topic from now on (latest: it starts before the relay runs).
        let watcher = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(kafka: try TestStack.kafka("watcher"), groupID: TestStack.unique("watch"), topics: [topic], offsetReset: .latest),
            logger: TestStack.logger)
        let assigned = try await TestStack.waitUntil(.seconds(30), polling: [watcher]) { watcher.assignment.count == 12 }
        XCTAssertTrue(assigned)
        _ = try await TestStack.drain(watcher, for: .seconds(1))

        // "Process" two (after restart) and a third, each running the relay: published once.
        let producer = try TestStack.producer()
        for _ in 0..<2 {
            try await TestStack.withPostgres(schema: schema) { client in
                let relay = OutboxRelay(postgres: client, producer: producer, logger: TestStack.logger)
                try await client.withConnection { connection in
                    _ = try await relay.publishBatch(on: connection)
                }
            }
        }
        let seen = try await TestStack.drain(watcher, for: .seconds(3)).filter { $0.header("ce_id")?.stringValue == event.id }
        await watcher.close()
        XCTAssertEqual(seen.count, 1, "published exactly once")
        let received = try CloudEvent(try XCTUnwrap(seen.first))
        XCTAssertEqual(received.id, event.id)
        XCTAssertEqual(try received.decode(CaseOpened.self), try event.decode(CaseOpened.self))
    }

    func testOutboxRelayRunningAsAServiceIsWokenByTheCommitOfWhatIsWrittenLater() async throws {
        let schema = TestStack.unique("outbox_relay")
        let topic = try await TestStack.createTopic(prefix: "relay-target", partitions: 1)
        let producer = try TestStack.producer()
        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: Self.migrations).run(on: client, logger: TestStack.logger)
            // Its fallback poll is further off than the test's patience: only the commit's
            // notification can wake it in time.
            let relay = OutboxRelay(postgres: client, producer: producer, logger: TestStack.logger, idleInterval: .seconds(600))
            let relayTask = Task { try await relay.run() }
            defer { relayTask.cancel() }
            try await Task.sleep(for: .seconds(2))  // the relay found nothing and waits

            // The relay publishes to the event's own topic; use the raw outbox row to aim at a test topic.
            let ids = (0..<5).map { _ in UUID().uuidString.lowercased() }
            try await client.withTransaction(logger: TestStack.logger) { connection in
                for id in ids {
                    try await connection.query("""
                        INSERT INTO outbox (event_id, topic, event_key, event_type, source, event_time, data)
                        VALUES (\(id), \(topic), 'key', 'dk.fremmoede.test.v1', '/tests', now(), \(ByteBuffer(string: "{}")))
                        """, logger: TestStack.logger)
                }
            }
            let consumer = try TestStack.consumer(group: TestStack.unique("relay"), topics: [topic])
            let received = try await TestStack.read(consumer, count: 5)
            await consumer.close()
            XCTAssertEqual(received.compactMap { $0.header("ce_id")?.stringValue }, ids, "in the order written")
            try await TestStack.eventually("the published events left the outbox") {
                let rows = try await client.query("SELECT count(*)::int FROM outbox", logger: TestStack.logger)
                for try await (left) in rows.decode(Int.self) { return left == 0 }
                return false
            }
        }
    }

    func testSameEventDeliveredTwiceChangesStateOnceAndPoisonGoesToTheDeadLetterTopic() async throws {
        let schema = TestStack.unique("inbox")
        let topic = try await TestStack.createTopic(prefix: "inbox", partitions: 2)
        let deadLetters = try await createDeadLetterTopic(for: topic)
        let producer = try TestStack.producer()

        let event = try caseOpened(TestStack.unique("case"))
        var poison = try caseOpened("poison")
        poison.data = Array("{\"poison\":true}".utf8)
        let good = try caseOpened(TestStack.unique("case"))
        // The same event twice (a relay that crashed before marking it published), a poison
        // message between, and one more good event after it on the same key (same partition).
        _ = try await producer.send([event, event, poison, good].map { $0.kafkaMessage(topic: topic) })

        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: Self.migrations).run(on: client, logger: TestStack.logger)
            let group = TestStack.unique("inbox")
            let consumer = try TestStack.consumer(group: group, topics: [topic])
            let processor = EventProcessor(name: group, consumer: consumer, postgres: client, producer: producer,
                                           handler: EventHandlerSet(topicNames: [topic: CountingHandler()]), logger: TestStack.logger)
            let batch = try await TestStack.read(consumer, count: 4)
            XCTAssertEqual(batch.count, 4)
            try await processor.process(batch)
            // Redelivered again as a whole (as after a crash before the offsets were committed).
            try await processor.process(batch)

            let rows = try await client.query("SELECT event_id, applied FROM effects ORDER BY event_id", logger: TestStack.logger)
            var applied: [String: Int] = [:]
            for try await (id, count) in rows.decode((String, Int).self) { applied[id] = count }
            XCTAssertEqual(applied, [event.id: 1, good.id: 1], "each effect once; the poison message changed nothing")
            try await consumer.commit()
            let committed = try await consumer.committedOffsets(for: [0, 1].map { KafkaTopicPartition(topic: topic, partition: $0) })
            XCTAssertEqual(committed.values.filter { $0 >= 0 }.reduce(0, +), 4, "the partition went on past the poison message")
            await consumer.close()
        }

        let dlqConsumer = try TestStack.consumer(group: TestStack.unique("dlq"), topics: [deadLetters])
        let letters = try await TestStack.read(dlqConsumer, count: 2)
        await dlqConsumer.close()
        // Processed twice above, so the poison message was dead-lettered on each pass.
        XCTAssertEqual(letters.count, 2)
        XCTAssertEqual(Set(letters.compactMap { $0.header("ce_id")?.stringValue }), [poison.id])
        XCTAssertEqual(letters.first?.header("dlq_error")?.stringValue, "cannot apply this event")
        XCTAssertEqual(letters.first?.header("dlq_topic")?.stringValue, topic)
    }

    func testProcessorRunningAsAServiceAppliesAndCommits() async throws {
        let schema = TestStack.unique("processor")
        let topic = try await TestStack.createTopic(prefix: "processor", partitions: 3)
        _ = try await createDeadLetterTopic(for: topic)
        let producer = try TestStack.producer()
        let events = try (0..<50).map { _ in
            try TraceContext.$current.withValue(TraceContext.root()) { try caseOpened(TestStack.unique("case")) }
        }
        _ = try await producer.send(events.map { $0.kafkaMessage(topic: topic) })

        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: Self.migrations).run(on: client, logger: TestStack.logger)
            let group = TestStack.unique("processor")
            let consumer = try TestStack.consumer(group: group, topics: [topic])
            let processor = EventProcessor(name: group, consumer: consumer, postgres: client, producer: producer,
                                           handler: EventHandlerSet(topicNames: [topic: CountingHandler()]), logger: TestStack.logger)
            let task = Task { try await processor.run() }
            var total = 0
            let deadline = ContinuousClock.now + .seconds(40)
            while total < 50 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                let rows = try await client.query("SELECT coalesce(sum(applied), 0)::int FROM effects", logger: TestStack.logger)
                for try await (sum) in rows.decode(Int.self) { total = sum }
            }
            task.cancel()
            _ = try? await task.value
            XCTAssertEqual(total, 50)

            // The handler ran inside the trace the event carried (traceparent header).
            let rows = try await client.query("SELECT event_id, trace_id FROM traces", logger: TestStack.logger)
            var traces: [String: String] = [:]
            for try await (id, trace) in rows.decode((String, String).self) { traces[id] = trace }
            for event in events {
                XCTAssertEqual(traces[event.id], event.traceParent.flatMap(TraceContext.init(traceParent:))?.traceID)
            }
            await consumer.close()
        }
    }

    private func createDeadLetterTopic(for topic: String) async throws -> String {
        try TestStack.control("topics?name=\(topic).dlq&partitions=1")
        return topic + ".dlq"
    }
}
