import Foundation
import Logging
import Metrics
import Shared
import ServiceLifecycle

/// The Kafka feed: registrations streamed by school systems on `attendance.registrations`, one
/// JSON object per message (CloudEvents headers optional). Each polled batch goes through the same
/// `RegistrationStore` pipeline as HTTP in one transaction; anything invalid becomes an
/// `attendance.rejected` event in that transaction and its message goes to
/// `attendance.registrations.dlq`, so no message blocks its partition and none is lost. Offsets are
/// marked done after the commit; a replay is harmless (registrations are idempotent).
///
/// A polled batch is split by partition into `lanes` transactions that run side by side, so the
/// database works on one while the service parses and encodes the other. Their order does not
/// matter: of two registrations for one pupil, date and period the later `recordedAt` wins.
///
/// A lane the database refuses for its data (`DataError`) is taken message by message, and the
/// message it refuses is dead-lettered; only errors worth a retry (the connection) are retried.
struct RawRegistrationProcessor: Service {
    let consumer: KafkaConsumer
    let store: RegistrationStore
    let producer: KafkaProducer
    let batchSize: Int
    let lanes: Int
    let logger: Logger

    static let consumerName = "intake-feed"

    func run() async throws {
        for try await messages in consumer.batches(maxMessages: batchSize).cancelOnGracefulShutdown() {
            let groups = Dictionary(grouping: messages) { Int($0.partition) % max(1, lanes) }.values
            let completed = await withTaskGroup(of: Bool.self) { group in
                for lane in groups {
                    group.addTask { await ingestWithRetry(lane) }
                }
                return await group.reduce(true) { $0 && $1 }
            }
            guard completed else { return }
            let notStored = consumer.markDone(batch: messages)
            if !notStored.isEmpty {
                logger.info("offsets not stored (partitions revoked); the new owner replays them", metadata: ["kafka.partitions": "\(notStored.map(\.description))"])
            }
        }
    }

    /// Retries a lane whose transaction failed for a reason worth a retry (database unreachable);
    /// false on shutdown.
    private func ingestWithRetry(_ messages: [KafkaConsumerMessage]) async -> Bool {
        var backoff = Duration.milliseconds(100)
        while true {
            do {
                try await ingest(messages)
                return true
            } catch {
                logger.error("feed batch failed; retrying", metadata: ["error": "\(DataError.describe(error))"])
                if Task.isShuttingDownGracefully || Task.isCancelled { return false }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// The lane in one transaction; when the database refuses its data, each message on its own.
    private func ingest(_ messages: [KafkaConsumerMessage]) async throws {
        do {
            try await ingestTogether(messages)
        } catch let error where DataError.isDataError(error) {
            logger.warning("the database refused a feed batch's data; taking it message by message", metadata: ["error": "\(DataError.describe(error))"])
            for message in messages {
                do {
                    try await ingestTogether([message])
                } catch let error where DataError.isDataError(error) {
                    try await deadLetter([(message, "(item)", DataError.describe(error))])
                }
            }
        }
    }

    private func ingestTogether(_ messages: [KafkaConsumerMessage]) async throws {
        let outcome = try await store.ingest(Self.batch(from: messages), source: nil, channel: .kafka)
        Counter(label: "intake_registrations_total", dimensions: [("channel", "kafka"), ("result", "accepted")]).increment(by: outcome.accepted)
        Counter(label: "intake_registrations_total", dimensions: [("channel", "kafka"), ("result", "rejected")]).increment(by: outcome.errors.count)
        // Refused messages are kept on the dead-letter topic for the source to resend corrected.
        let refused: [(message: KafkaConsumerMessage, field: String, reason: String)] = outcome.errors.compactMap { error in
            messages.indices.contains(error.index) ? (messages[error.index], error.field, error.reason) : nil
        }
        try await deadLetter(refused)
    }

    /// `<topic>.dlq` with the field and the reason (masked: a reason may quote a value).
    private func deadLetter(_ refused: [(message: KafkaConsumerMessage, field: String, reason: String)]) async throws {
        guard !refused.isEmpty else { return }
        let letters = refused.map { item in
            var letter = item.message.deadLetter(error: EventProcessingError(description: PrivacyMask.mask(item.reason)), consumer: Self.consumerName, logger: logger)
            letter.headers.append(KafkaHeader(key: "dlq_field", string: item.field))
            return letter
        }
        _ = try await producer.send(letters)
        Counter(label: "events_dead_lettered_total", dimensions: [("topic", FremmoedeTopic.attendanceRegistrations.rawValue)]).increment(by: letters.count)
    }

    /// Each message is one registration; one that is not a UTF-8 JSON object is that item's error.
    static func batch(from messages: [KafkaConsumerMessage]) -> RegistrationBatch {
        var batch = RegistrationBatch()
        batch.registrations = messages.enumerated().map { index, message in
            guard String(validating: message.value, as: UTF8.self) != nil else {
                var input = RegistrationInput(index: index, fields: [:])
                input.unreadable = "the message is not valid UTF-8"
                return input
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(message.value)), object is [String: Any] else {
                var input = RegistrationInput(index: index, fields: [:])
                input.unreadable = "the message is not a JSON object"
                return input
            }
            return RegistrationBatch.registration(index: index, object)
        }
        return batch
    }
}
