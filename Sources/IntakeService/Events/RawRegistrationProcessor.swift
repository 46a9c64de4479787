import Foundation
import Logging
import Metrics
import Shared
import ServiceLifecycle

/// The Kafka feed: registrations streamed by school systems on `attendance.registrations`, one
/// JSON object per message (CloudEvents headers optional). Each polled batch goes through the same
/// `RegistrationStore` pipeline as HTTP in one transaction; anything invalid becomes an
/// `attendance.rejected` event in that transaction, so no message blocks its partition. Offsets
/// are marked done after the commit; a replay is harmless (registrations are idempotent).
///
/// A polled batch is split by partition into `lanes` transactions that run side by side, so the
/// database works on one while the service parses and encodes the other. Their order does not
/// matter: of two registrations for one pupil, date and period the later `recordedAt` wins.
struct RawRegistrationProcessor: Service {
    let consumer: KafkaConsumer
    let store: RegistrationStore
    let batchSize: Int
    let lanes: Int
    let logger: Logger

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

    /// Retries a lane whose transaction failed as a whole (database unreachable); false on shutdown.
    private func ingestWithRetry(_ messages: [KafkaConsumerMessage]) async -> Bool {
        let batch = Self.batch(from: messages)
        var backoff = Duration.milliseconds(100)
        while true {
            do {
                let outcome = try await store.ingest(batch, source: nil, channel: .kafka)
                Counter(label: "intake_registrations_total", dimensions: [("channel", "kafka"), ("result", "accepted")]).increment(by: outcome.accepted)
                Counter(label: "intake_registrations_total", dimensions: [("channel", "kafka"), ("result", "rejected")]).increment(by: outcome.errors.count)
                return true
            } catch {
                logger.error("feed batch failed; retrying", metadata: ["error": "\(String(reflecting: error))"])
                if Task.isShuttingDownGracefully || Task.isCancelled { return false }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
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
