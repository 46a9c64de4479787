import Logging
import PostgresNIO

/// Per-event handlers (topic → `EventHandler`) as a batch handler: each event is applied under a
/// savepoint of its own, so one the handler throws on is rolled back alone and dead-lettered while
/// the rest of the batch commits; a `RunEventHandler` gets each run of consecutive events of its
/// topic at once, and one by one only when the run fails. An error worth a retry
/// (`DataError.isRetryable`) fails the batch.
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
        var index = events.startIndex
        while index < events.endIndex {
            let consumed = events[index]
            guard consumed.event != nil, let handler = handlers[consumed.message.topic] else {
                refusals.append(Refusal(consumed, reason: "no handler for topic \(consumed.message.topic)"))
                index += 1
                continue
            }
            // The longest run of readable events of this topic from here, for a handler that takes runs.
            var end = index + 1
            if handler is any RunEventHandler {
                while end < events.endIndex, events[end].event != nil, events[end].message.topic == consumed.message.topic { end += 1 }
            }
            let run = events[index..<end]
            if run.count > 1, let runHandler = handler as? any RunEventHandler, try await applyRun(run, runHandler, on: connection, logger: logger) {
                index = end
                continue
            }
            for item in run {
                if let refusal = try await applyOne(item, handler, on: connection, logger: logger) { refusals.append(refusal) }
            }
            index = end
        }
        return refusals
    }

    /// The run in one call under one savepoint; false (and nothing applied) when it failed on a data error.
    private func applyRun(_ run: ArraySlice<ConsumedEvent>, _ handler: any RunEventHandler, on connection: PostgresConnection,
                          logger: Logger) async throws -> Bool {
        let events = run.compactMap(\.event)
        try await connection.query("SAVEPOINT run", logger: logger)
        do {
            let trace = events.first?.traceParent.flatMap(TraceContext.init(traceParent:))?.child() ?? .root()
            try await TraceContext.$current.withValue(trace) {
                try await handler.handle(run: events, on: connection, logger: logger)
            }
            try await connection.query("RELEASE SAVEPOINT run", logger: logger)
            return true
        } catch where !DataError.isRetryable(error) {
            try await connection.query("ROLLBACK TO SAVEPOINT run", logger: logger)
            return false
        }
    }

    private func applyOne(_ consumed: ConsumedEvent, _ handler: any EventHandler, on connection: PostgresConnection,
                          logger: Logger) async throws -> Refusal? {
        guard let event = consumed.event else { return Refusal(consumed, reason: "no handler for topic \(consumed.message.topic)") }
        try await connection.query("SAVEPOINT message", logger: logger)
        do {
            let trace = event.traceParent.flatMap(TraceContext.init(traceParent:))?.child() ?? .root()
            try await TraceContext.$current.withValue(trace) {
                try await handler.handle(event, on: connection, logger: logger)
            }
            try await connection.query("RELEASE SAVEPOINT message", logger: logger)
            return nil
        } catch where !DataError.isRetryable(error) {
            try await connection.query("ROLLBACK TO SAVEPOINT message", logger: logger)
            return Refusal(consumed, reason: DataError.reason(error))
        }
    }
}
