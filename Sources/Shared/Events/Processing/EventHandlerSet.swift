import Logging
import PostgresNIO

/// Per-event handlers (topic → `EventHandler`) as a batch handler: each event is applied under a
/// savepoint of its own, so one the handler throws on is rolled back alone and dead-lettered while
/// the rest of the batch commits. An error worth a retry (`DataError.isRetryable`) fails the batch.
public struct EventHandlerSet: BatchHandler {
    let handlers: [String: any EventHandler]

    public init(_ handlers: [FremmoedeTopic: any EventHandler]) {
        self.init(topicNames: Dictionary(uniqueKeysWithValues: handlers.map { ($0.key.rawValue, $0.value) }))
    }

    /// - Parameter topicNames: topic name → handler.
    public init(topicNames: [String: any EventHandler]) {
        self.handlers = topicNames
    }

    public var idempotence: BatchIdempotence { .inbox }

    public func apply(_ events: [ConsumedEvent], on connection: PostgresConnection, logger: Logger) async throws -> [Refusal] {
        var refusals: [Refusal] = []
        for consumed in events {
            guard let event = consumed.event, let handler = handlers[consumed.message.topic] else {
                refusals.append(Refusal(consumed, reason: "no handler for topic \(consumed.message.topic)"))
                continue
            }
            try await connection.query("SAVEPOINT message", logger: logger)
            do {
                let trace = event.traceParent.flatMap(TraceContext.init(traceParent:))?.child() ?? .root()
                try await TraceContext.$current.withValue(trace) {
                    try await handler.handle(event, on: connection, logger: logger)
                }
                try await connection.query("RELEASE SAVEPOINT message", logger: logger)
            } catch where !DataError.isRetryable(error) {
                try await connection.query("ROLLBACK TO SAVEPOINT message", logger: logger)
                refusals.append(Refusal(consumed, reason: DataError.reason(error)))
            }
        }
        return refusals
    }
}
