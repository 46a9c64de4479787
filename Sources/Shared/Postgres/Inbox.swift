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

extension Inbox {
    /// Records a batch of events in one statement; returns the ids that were new (the ones whose
    /// effect the caller applies). Must run inside the transaction that applies the effects.
    public static func claim(eventIDs: [String], topics: [String], consumer: String, on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        guard !eventIDs.isEmpty else { return [] }
        let rows = try await connection.query("""
            INSERT INTO inbox (consumer, event_id, topic)
            SELECT \(consumer), e, t FROM unnest(\(eventIDs)::text[], \(topics)::text[]) AS x(e, t)
            ON CONFLICT (consumer, event_id) DO NOTHING
            RETURNING event_id
            """, logger: logger)
        var fresh: Set<String> = []
        for try await id in rows.decode(String.self) { fresh.insert(id) }
        return fresh
    }
}
