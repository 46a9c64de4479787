import Logging
import PostgresNIO

/// The consumer inbox: the ids of processed events, recorded in the same transaction as their
/// effect, so a redelivered event is recognised and changes nothing.
public enum Inbox {
    /// Records the event as processed by `consumer`. Returns false when it already was: the caller
    /// then skips its effect. Must run inside the transaction that applies the effect.
    public static func claim(eventID: String, topic: String, consumer: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("""
            INSERT INTO inbox (consumer, event_id, topic) VALUES (\(consumer), \(eventID), \(topic))
            ON CONFLICT (consumer, event_id) DO NOTHING
            RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
