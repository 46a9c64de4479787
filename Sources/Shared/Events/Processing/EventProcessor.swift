import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle

/// Reads batches from a consumer and applies each event through its topic's handler, with the
/// inbox record, in one database transaction per batch; offsets are marked done only after that
/// transaction committed. A message that cannot be decoded or handled is rolled back to its own
/// savepoint and produced to `<topic>.dlq` with the error, and the batch goes on.
public final class EventProcessor: Service, Sendable {
    private let name: String
    private let consumer: KafkaConsumer
    private let postgres: PostgresClient
    private let producer: KafkaProducer
    private let handlers: [String: any EventHandler]
    private let logger: Logger
    private let maxBatch: Int

    /// - Parameter name: the consumer's name in the inbox (one per consumer group).
    /// - Parameter handlers: topic name → handler.
    public init(name: String, consumer: KafkaConsumer, postgres: PostgresClient, producer: KafkaProducer,
                handlers: [String: any EventHandler], logger: Logger, maxBatch: Int = 500) {
        self.name = name
        self.consumer = consumer
        self.postgres = postgres
        self.producer = producer
        self.handlers = handlers
        self.logger = logger
        self.maxBatch = maxBatch
    }

    public func run() async throws {
        for try await batch in consumer.batches(maxMessages: maxBatch).cancelOnGracefulShutdown() {
            guard try await processWithRetry(batch) else { return }
        }
    }

    /// Retries a batch whose transaction failed as a whole (database unreachable) until it commits
    /// or the service shuts down. Returns false on shutdown.
    private func processWithRetry(_ batch: [KafkaConsumerMessage]) async throws -> Bool {
        var backoff = Duration.milliseconds(100)
        while true {
            do {
                try await process(batch)
                return true
            } catch {
                logger.error("batch failed; retrying", metadata: ["error": "\(LoggableError.describe(error))", "batch.size": "\(batch.count)"])
                if Task.isShuttingDownGracefully || Task.isCancelled { return false }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// Processes one batch: effects and inbox in one transaction, then offsets.
    public func process(_ batch: [KafkaConsumerMessage]) async throws {
        let logger = self.logger
        try await postgres.withTransaction(logger: logger) { connection in
            var deadLetters: [KafkaProducerMessage] = []
            for message in batch {
                try await connection.query("SAVEPOINT message", logger: logger)
                do {
                    try await apply(message, on: connection)
                    try await connection.query("RELEASE SAVEPOINT message", logger: logger)
                } catch {
                    // If rolling back to the savepoint works, the connection is fine and the
                    // message itself is the problem: dead-letter it. Otherwise the batch fails.
                    try await connection.query("ROLLBACK TO SAVEPOINT message", logger: logger)
                    deadLetters.append(message.deadLetter(error: error, consumer: name, logger: logger))
                }
            }
            if !deadLetters.isEmpty {
                _ = try await producer.send(deadLetters)
                for letter in deadLetters {
                    Counter(label: "events_dead_lettered_total", dimensions: [("topic", letter.topic)]).increment()
                }
            }
        }
        let notStored = consumer.markDone(batch: batch)
        if !notStored.isEmpty {
            // Revoked meanwhile: the new owner reads these again and its inbox skips them.
            logger.info("offsets not stored for revoked partitions", metadata: ["kafka.partitions": "\(notStored.map(\.description))"])
        }
        Counter(label: "events_consumed_total", dimensions: [("consumer", name)]).increment(by: batch.count)
    }

    private func apply(_ message: KafkaConsumerMessage, on connection: PostgresConnection) async throws {
        let event = try CloudEvent(message)
        guard let handler = handlers[message.topic] else {
            throw EventProcessingError(description: "no handler for topic \(message.topic)")
        }
        guard try await Inbox.claim(eventID: event.id, topic: message.topic, consumer: name, on: connection, logger: logger) else {
            Counter(label: "events_duplicates_skipped_total", dimensions: [("consumer", name)]).increment()
            return
        }
        let trace = event.traceParent.flatMap(TraceContext.init(traceParent:))?.child() ?? .root()
        try await TraceContext.$current.withValue(trace) {
            try await handler.handle(event, on: connection, logger: logger)
        }
    }
}

extension KafkaConsumerMessage {
    /// This message for `<topic>.dlq`, with why it failed and where it came from in `dlq_*` headers
    /// (logged without its value, which may hold pupil data).
    public func deadLetter(error: any Error, consumer: String, logger: Logger) -> KafkaProducerMessage {
        let reason = String(describing: error)
        logger.warning("event dead-lettered", metadata: [
            "kafka.topic": "\(topic)", "kafka.partition": "\(partition)", "kafka.offset": "\(offset)", "error": "\(reason)",
        ])
        return KafkaProducerMessage(topic: topic + ".dlq", key: key, value: value, headers: headers + [
            KafkaHeader(key: "dlq_error", string: reason),
            KafkaHeader(key: "dlq_topic", string: topic),
            KafkaHeader(key: "dlq_partition", string: String(partition)),
            KafkaHeader(key: "dlq_offset", string: String(offset)),
            KafkaHeader(key: "dlq_consumer", string: consumer),
        ])
    }
}

public struct EventProcessingError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
