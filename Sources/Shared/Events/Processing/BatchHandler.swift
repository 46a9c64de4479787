import Logging
import PostgresNIO

/// Applies a batch of consumed messages inside the transaction `EventProcessor` opened for it.
/// The processor has already skipped duplicates (inbox) and events for erased pupils; the handler
/// applies the rest in order and names the messages whose data it refuses. A thrown error rolls the
/// transaction back: a data error (`DataError`) has the batch split until the message that causes
/// it is found and dead-lettered; any other error has it retried.
public protocol BatchHandler: Sendable {
    /// What makes a redelivery harmless.
    var idempotence: BatchIdempotence { get }

    func apply(_ events: [ConsumedEvent], on connection: PostgresConnection, logger: Logger) async throws -> [Refusal]

    /// The transaction rolled back: what the handler holds in memory may be ahead of storage.
    func rolledBack()
}

extension BatchHandler {
    public func rolledBack() {}
}

public enum BatchIdempotence: Sendable {
    /// The messages are CloudEvents; their ids are claimed in the inbox with the batch's effects.
    case inbox
    /// Raw messages whose effect is idempotent in itself (the Kafka feed's registrations).
    case handler
}

/// One message of a batch; `event` is its CloudEvent when the handler's idempotence is `.inbox`.
public struct ConsumedEvent: Sendable {
    public let message: KafkaConsumerMessage
    public let event: CloudEvent?

    public init(message: KafkaConsumerMessage, event: CloudEvent?) {
        self.message = message
        self.event = event
    }
}

/// A message the handler refuses for its data: it goes to `<topic>.dlq` with the reason (and the
/// field, when the handler names one), and its effects must not be in the transaction.
public struct Refusal: Sendable {
    public let event: ConsumedEvent
    public let field: String?
    public let reason: String

    public init(_ event: ConsumedEvent, field: String? = nil, reason: String) {
        self.event = event
        self.field = field
        self.reason = reason
    }
}
