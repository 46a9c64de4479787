import Foundation
import Logging
import Metrics
import PostgresNIO
import Shared

/// The Kafka feed: registrations streamed by school systems, one JSON object per message (CloudEvents
/// headers optional), each source on its own topic `attendance.registrations.source.<sourceSystem>`
/// that only its Kafka principal may write — so a message's source is the topic it came on, never
/// what it says: one naming another source is refused (`sourceSystem`), and a school the topic's
/// source does not serve is refused as over HTTP. As a handler of the shared consumption path
/// (`EventProcessor`), each batch goes through the same ingest use case (`IngestRegistrations`) as HTTP, in the
/// batch's transaction; anything invalid becomes an `attendance.rejected` event in that transaction
/// and its message a reference on `attendance.registrations.dlq` (`dlq_field`, `dlq_error`), so no
/// message blocks its partition and none is lost. A replay is harmless: registrations are
/// idempotent, so the feed needs no inbox.
///
/// The processor runs a batch as `lanes` transactions side by side, split by partition, so the
/// database works on one while the service parses and encodes the other. Their order does not
/// matter: of two registrations for one pupil, date and period the later `recordedAt` wins.
struct RegistrationFeedHandler: BatchHandler {
    let ingest: IngestRegistrations

    static let consumerName = "intake-feed"

    var idempotence: BatchIdempotence { .handler }

    func apply(_ events: [ConsumedEvent], on connection: PostgresConnection, logger: Logger) async throws -> [Refusal] {
        guard !events.isEmpty else { return [] }
        let outcome = try await ingest(Self.batch(from: events.map(\.message)), source: nil, channel: .kafka, now: Date(), on: connection)
        Counter(label: "intake_registrations_total", dimensions: [("channel", "kafka"), ("result", "accepted")]).increment(by: outcome.accepted)
        Counter(label: "intake_registrations_total", dimensions: [("channel", "kafka"), ("result", "rejected")]).increment(by: outcome.errors.count)
        // Refused messages are kept on the dead-letter topic for the source to resend corrected
        // (the reason masked: it may quote a value).
        return outcome.errors.compactMap { error in
            events.indices.contains(error.index) ? Refusal(events[error.index], field: error.field, reason: PrivacyMask.mask(error.reason)) : nil
        }
    }

    /// Each message is one registration from the source whose topic it came on; one that is not a
    /// UTF-8 JSON object is that item's error.
    static func batch(from messages: [KafkaConsumerMessage]) -> RegistrationBatch {
        var batch = RegistrationBatch()
        batch.registrations = messages.enumerated().map { index, message in
            func unreadable(_ reason: String) -> RegistrationInput {
                var input = RegistrationInput(index: index, fields: [:])
                input.unreadable = reason
                return input
            }
            guard let source = FremmoedeTopic.sourceSystem(ofFeed: message.topic) else {
                return unreadable("the message came on '\(message.topic)', which is no source's feed topic")
            }
            guard String(validating: message.value, as: UTF8.self) != nil else { return unreadable("the message is not valid UTF-8") }
            guard let object = try? JSONSerialization.jsonObject(with: Data(message.value)), object is [String: Any] else {
                return unreadable("the message is not a JSON object")
            }
            var input = RegistrationBatch.registration(index: index, object)
            input.topicSource = source
            return input
        }
        return batch
    }
}
