import Logging
import PostgresNIO

/// The transactional outbox: events are written in the same transaction as the state change that
/// caused them; `OutboxRelay` publishes them afterwards. Nothing is published that was not
/// committed, and nothing committed is lost.
public enum Outbox {
    /// Adds events to the outbox on a connection that is inside the caller's transaction.
    public static func enqueue(_ events: [CloudEvent], on connection: PostgresConnection, logger: Logger) async throws {
        for event in events {
            guard let topic = event.topic else {
                throw OutboxError(description: "event type \(event.type) belongs to no known topic")
            }
            try await connection.query("""
                INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, event_time, traceparent, data)
                VALUES (\(event.id), \(topic), \(event.key), \(event.type), \(event.source), \(event.subject), \(event.time),
                        \(event.traceParent), \(ByteBuffer(bytes: event.data)))
                ON CONFLICT (event_id) DO NOTHING
                """, logger: logger)
        }
    }

    public static func enqueue(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        try await enqueue([event], on: connection, logger: logger)
    }
}

public struct OutboxError: Error, CustomStringConvertible {
    public let description: String
}
