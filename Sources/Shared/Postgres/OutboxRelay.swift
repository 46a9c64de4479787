import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle

/// Publishes committed outbox events to Kafka in the order they were written, then deletes them.
/// One relay per schema is active at a time (a session advisory lock), so several replicas
/// neither publish twice concurrently nor reorder a pupil's events. A crash between publishing
/// and deleting republishes the same `ce_id`s; consumers' inboxes make that a no-op.
///
/// The relay does not poll: a statement trigger on `outbox` sends `NOTIFY outbox_<schema>` with
/// the writing transaction's commit, and the relay, listening on its leader connection, wakes at
/// once (platform migration 6). `idleInterval` is only the fallback should a notification be lost.
public final class OutboxRelay: Service, Sendable {
    private let postgres: PostgresClient
    private let producer: KafkaProducer
    private let logger: Logger
    private let batchSize: Int
    private let idleInterval: Duration

    public init(postgres: PostgresClient, producer: KafkaProducer, logger: Logger, batchSize: Int = 5000,
                idleInterval: Duration = .seconds(1)) {
        self.postgres = postgres
        self.producer = producer
        self.logger = logger
        self.batchSize = batchSize
        self.idleInterval = idleInterval
    }

    public func run() async throws {
        var backoff = Duration.milliseconds(200)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await postgres.withConnection { connection in
                    try await self.relayWhileLeader(on: connection)
                }
                backoff = .milliseconds(200)
            } catch {
                logger.error("outbox relay failed; retrying", metadata: ["error": "\(LoggableError.describe(error))"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    private var lockKey: String { "fremmoede.outbox" }

    private func relayWhileLeader(on connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT pg_try_advisory_lock(hashtext(current_schema() || \(lockKey)))", logger: logger)
        var leader = false
        for try await (locked) in rows.decode(Bool.self) { leader = locked }
        guard leader else {
            try? await Task.sleep(for: .seconds(1))
            return
        }
        // Session locks stack per connection: release it on every way out, before the
        // connection goes back to the pool.
        do {
            try await publishWhileRunning(on: connection)
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(current_schema() || \(lockKey)))", logger: logger)
            throw error
        }
        _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(current_schema() || \(lockKey)))", logger: logger)
    }

    private func publishWhileRunning(on connection: PostgresConnection) async throws {
        let doorbell = Doorbell()
        try await connection.whileListening(to: try await connection.schemaChannel("outbox", logger: logger), ringing: doorbell) {
            var lastCleanup = ContinuousClock.now
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let published = try await publishBatch(on: connection)
                if ContinuousClock.now - lastCleanup > .seconds(600) {
                    try await deleteOldInbox(on: connection)
                    lastCleanup = .now
                }
                if published < batchSize { await doorbell.wait(upTo: idleInterval) }
            }
        }
    }

    /// Publishes the oldest unpublished events; returns how many.
    @discardableResult
    public func publishBatch(on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query("""
            SELECT id, event_id, topic, event_key, event_type, source, subject, event_time, traceparent, data
            FROM outbox ORDER BY id LIMIT \(batchSize)
            """, logger: logger)
        var ids: [Int64] = []
        var messages: [KafkaProducerMessage] = []
        for try await (id, eventID, topic, key, type, source, subject, time, traceParent, data) in rows.decode(
            (Int64, String, String, String, String, String, String?, Date, String?, ByteBuffer?).self)
        {
            ids.append(id)
            guard let data else {
                messages.append(.tombstone(topic: topic, key: key))
                continue
            }
            let event = CloudEvent(id: eventID, type: type, source: source, time: time, subject: subject, key: key,
                                   data: Array(buffer: data), traceParent: traceParent)
            messages.append(event.kafkaMessage(topic: topic))
        }
        guard !messages.isEmpty else { return 0 }
        _ = try await producer.send(messages)
        try await connection.query("DELETE FROM outbox WHERE id = ANY(\(ids))", logger: logger)
        for message in messages {
            Counter(label: "outbox_published_total", dimensions: [("topic", message.topic)]).increment()
        }
        return messages.count
    }

    private func deleteOldInbox(on connection: PostgresConnection) async throws {
        // Redeliveries older than the topics' retention cannot happen; a month is ample.
        try await connection.query("DELETE FROM inbox WHERE processed_at < now() - interval '31 days'", logger: logger)
    }
}
