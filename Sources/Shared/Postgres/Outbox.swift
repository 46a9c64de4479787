import Logging
import PostgresNIO

/// The transactional outbox: events are written in the same transaction as the state change that
/// caused them; `OutboxRelay` publishes them afterwards. Nothing is published that was not
/// committed, and nothing committed is lost.
public enum Outbox {
    /// Adds events to the outbox on a connection that is inside the caller's transaction, in one
    /// statement however many there are (their order is kept: it is the publishing order).
    public static func enqueue(_ events: [CloudEvent], on connection: PostgresConnection, logger: Logger) async throws {
        guard !events.isEmpty else { return }
        var topics: [String] = []
        topics.reserveCapacity(events.count)
        for event in events {
            guard let topic = event.topic else {
                throw OutboxError(description: "event type \(event.type) belongs to no known topic")
            }
            topics.append(topic)
        }
        try await connection.query("""
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, event_time, traceparent, data)
            SELECT event_id, topic, event_key, event_type, source, NULLIF(subject, ''), event_time, NULLIF(traceparent, ''), data
            FROM unnest(\(events.map(\.id)), \(topics), \(events.map(\.key)), \(events.map(\.type)),
                        \(events.map(\.source)), \(events.map { $0.subject ?? "" }), \(events.map(\.time)),
                        \(events.map { $0.traceParent ?? "" }), \(events.map { ByteBuffer(bytes: $0.data) }))
                 WITH ORDINALITY AS e(event_id, topic, event_key, event_type, source, subject, event_time, traceparent, data, position)
            ORDER BY position
            """, logger: logger)
    }

    public static func enqueue(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        try await enqueue([event], on: connection, logger: logger)
    }

    /// A tombstone for `key` on a compacted topic (no data: the relay sends a null value without
    /// CloudEvents headers), so that the topic forgets the key at compaction.
    public static func enqueueTombstone(topic: FremmoedeTopic, key: String, source: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, event_time, data)
            VALUES (\(TimeOrderedID.string()), \(topic.rawValue), \(key), \(topic.eventType), \(source), now(), NULL)
            """, logger: logger)
    }
}

public struct OutboxError: Error, CustomStringConvertible {
    public let description: String
}
