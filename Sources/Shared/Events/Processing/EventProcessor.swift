import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle

/// The one way every service consumes Kafka (architecture §2, "Consumption"). Reads batches from a
/// consumer and, per batch (or per lane of partitions), in one database transaction:
///
/// - claims the CloudEvents' ids in the inbox in one statement and skips those already processed
///   (`BatchIdempotence.inbox`; the raw feed's effect is idempotent in itself);
/// - skips events for pupils this service erased (`ErasedPupils`, and a `pupil.erased` earlier in
///   the same batch), so events in flight cannot bring an erased pupil back;
/// - skips tombstones (a compacted topic forgetting a key);
/// - has the `BatchHandler` apply the rest, and produces what it refuses, and what does not decode,
///   to `<topic>.dlq` (their inbox claims are dropped, so a dead letter can be replayed);
///
/// and marks the offsets done only after the transaction committed. A transaction that fails on a
/// data error (`DataError.isRetryable` false) is split in halves until the message that causes it
/// is found and dead-lettered alone; a failure worth a retry (the connection, a serialization
/// failure, Kafka) retries the same messages with backoff until the service stops.
public final class EventProcessor: Service, Sendable {
    private let name: String
    private let consumer: KafkaConsumer
    private let postgres: PostgresClient
    private let producer: KafkaProducer
    private let handler: any BatchHandler
    private let logger: Logger
    private let maxBatch: Int
    private let lanes: Int

    /// - Parameter name: the consumer's name in the inbox and in dead letters (one per consumer group).
    /// - Parameter lanes: a batch is split by partition into this many transactions that run side
    ///   by side (only for a handler without state of its own in memory).
    public init(name: String, consumer: KafkaConsumer, postgres: PostgresClient, producer: KafkaProducer,
                handler: any BatchHandler, logger: Logger, maxBatch: Int = 500, lanes: Int = 1) {
        self.name = name
        self.consumer = consumer
        self.postgres = postgres
        self.producer = producer
        self.handler = handler
        self.logger = logger
        self.maxBatch = maxBatch
        self.lanes = max(1, lanes)
    }

    public func run() async throws {
        for try await batch in consumer.batches(maxMessages: maxBatch).cancelOnGracefulShutdown() {
            let laneBatches = lanes == 1 ? [batch] : Array(Dictionary(grouping: batch) { Int($0.partition) % lanes }.values)
            let started = ContinuousClock.now
            let completed = await withTaskGroup(of: Bool.self) { group in
                for lane in laneBatches {
                    group.addTask { await self.consumeWithRetry(lane) }
                }
                return await group.reduce(true) { $0 && $1 }
            }
            // The time spent on batches (the rest is waiting for messages): a benchmark's events per busy second.
            let elapsed = ContinuousClock.now - started
            FloatingPointCounter(label: "event_batches_seconds_total", dimensions: [("consumer", name)])
                .increment(by: elapsed.seconds)
            guard completed else { return }
            markDone(batch)
        }
    }

    /// One attempt at a batch (benchmarks and tests): data errors are split off and dead-lettered,
    /// an error worth a retry is thrown; offsets are marked done after the commit.
    public func process(_ batch: [KafkaConsumerMessage]) async throws {
        try await consume(batch)
        markDone(batch)
    }

    private func markDone(_ batch: [KafkaConsumerMessage]) {
        let notStored = consumer.markDone(batch: batch)
        if !notStored.isEmpty {
            // Revoked meanwhile: the new owner reads these again and its inbox skips them.
            logger.info("offsets not stored for revoked partitions", metadata: ["kafka.partitions": "\(notStored.map(\.description))"])
        }
        Counter(label: "events_consumed_total", dimensions: [("consumer", name)]).increment(by: batch.count)
    }

    /// Retries messages whose transaction failed for a reason worth a retry until they commit;
    /// false when the service shuts down first.
    private func consumeWithRetry(_ messages: [KafkaConsumerMessage]) async -> Bool {
        var backoff = Duration.milliseconds(100)
        while true {
            do {
                try await consume(messages)
                return true
            } catch {
                logger.error("batch failed; retrying", metadata: ["error": "\(LoggableError.describe(error))", "batch.size": "\(messages.count)"])
                if Task.isShuttingDownGracefully || Task.isCancelled { return false }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// The messages in one transaction; on a data error, each half on its own, down to the message
    /// that causes it, which is dead-lettered.
    private func consume(_ messages: [KafkaConsumerMessage]) async throws {
        guard !messages.isEmpty else { return }
        do {
            try await commit(messages)
        } catch where !DataError.isRetryable(error) {
            handler.rolledBack()
            guard messages.count > 1 else {
                logger.warning("the database refused a message's data", metadata: ["error": "\(DataError.describe(error))"])
                try await send([messages[0].deadLetter(reason: DataError.reason(error), consumer: name, logger: logger)])
                return
            }
            let half = messages.count / 2
            try await consume(Array(messages[..<half]))
            try await consume(Array(messages[half...]))
        } catch {
            handler.rolledBack()
            throw error
        }
    }

    private func commit(_ messages: [KafkaConsumerMessage]) async throws {
        let logger = self.logger
        try await postgres.withTransaction(logger: logger) { connection in
            var letters: [KafkaProducerMessage] = []
            var events: [ConsumedEvent] = []
            events.reserveCapacity(messages.count)
            for message in messages where !message.isTombstone {
                switch handler.idempotence {
                case .handler:
                    events.append(ConsumedEvent(message: message, event: nil))
                case .inbox:
                    do {
                        events.append(ConsumedEvent(message: message, event: try CloudEvent(message)))
                    } catch {
                        letters.append(message.deadLetter(reason: DataError.reason(error), consumer: name, logger: logger))
                    }
                }
            }
            if handler.idempotence == .inbox {
                events = try await fresh(events, on: connection)
                events = try await withoutErasedPupils(events, on: connection)
            }
            let refusals = try await handler.apply(events, on: connection, logger: logger)
            if !refusals.isEmpty {
                let ids = refusals.compactMap(\.event.event?.id)
                if !ids.isEmpty {
                    try await connection.query("DELETE FROM inbox WHERE consumer = \(name) AND event_id = ANY(\(ids))", logger: logger)
                }
                letters += refusals.map { $0.event.message.deadLetter(reason: $0.reason, field: $0.field, consumer: name, logger: logger) }
            }
            try await send(letters)
        }
    }

    /// The events not yet processed, each once, in order; their ids are claimed in one statement.
    private func fresh(_ events: [ConsumedEvent], on connection: PostgresConnection) async throws -> [ConsumedEvent] {
        let ids = events.compactMap(\.event?.id)
        let claimed = try await Inbox.claim(eventIDs: ids, topics: events.map(\.message.topic), consumer: name, on: connection, logger: logger)
        if claimed.count < ids.count {
            Counter(label: "events_duplicates_skipped_total", dimensions: [("consumer", name)]).increment(by: ids.count - claimed.count)
        }
        var seen: Set<String> = []
        return events.filter { consumed in
            guard let id = consumed.event?.id else { return false }
            return claimed.contains(id) && seen.insert(id).inserted
        }
    }

    /// The events, without those for a pupil erased after they were made (in storage or earlier in the batch).
    private func withoutErasedPupils(_ events: [ConsumedEvent], on connection: PostgresConnection) async throws -> [ConsumedEvent] {
        func pupilKey(_ consumed: ConsumedEvent) -> String? {
            FremmoedeTopic(rawValue: consumed.message.topic)?.isKeyedByPupil == true ? consumed.event?.key : nil
        }
        var erased = try await ErasedPupils.among(Array(Set(events.compactMap(pupilKey))), on: connection, logger: logger)
        var kept: [ConsumedEvent] = []
        kept.reserveCapacity(events.count)
        for consumed in events {
            guard let key = pupilKey(consumed) else {
                kept.append(consumed)
                continue
            }
            if consumed.message.topic == FremmoedeTopic.pupilErased.rawValue {
                let epoch = (try? consumed.event?.decode(PupilErased.self))?.requestedAt ?? consumed.event?.time ?? Date()
                erased[key] = max(erased[key] ?? epoch, epoch)
                kept.append(consumed)
            } else if let epoch = erased[key], (consumed.event?.time ?? .distantPast) <= epoch {
                // Made before the erasure: it would bring the pupil back. A later one (a re-enrolment) goes in.
                Counter(label: "events_erased_pupil_skipped_total", dimensions: [("consumer", name)]).increment()
            } else {
                kept.append(consumed)
            }
        }
        return kept
    }

    private func send(_ letters: [KafkaProducerMessage]) async throws {
        guard !letters.isEmpty else { return }
        _ = try await producer.send(letters)
        for letter in letters {
            Counter(label: "events_dead_lettered_total", dimensions: [("topic", letter.topic)]).increment()
        }
    }
}
