/// Tables every service has: the transactional outbox and the consumer inbox (DESIGN section 2).
enum PlatformMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "outbox and inbox", statements: [
            """
            CREATE TABLE outbox (
                id bigserial PRIMARY KEY,
                event_id text NOT NULL UNIQUE,
                topic text NOT NULL,
                event_key text NOT NULL,
                event_type text NOT NULL,
                source text NOT NULL,
                subject text,
                event_time timestamptz NOT NULL,
                traceparent text,
                data bytea NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                published_at timestamptz
            )
            """,
            "CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL",
            """
            CREATE TABLE inbox (
                consumer text NOT NULL,
                event_id text NOT NULL,
                topic text NOT NULL,
                processed_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (consumer, event_id)
            )
            """,
            "CREATE INDEX inbox_processed_at ON inbox (processed_at)",
        ]),
        // Event ids are made where the event is enqueued, so they cannot collide; the unique
        // index cost a B-tree insert per event on the hottest write path.
        Migration(version: 2, name: "outbox event ids are not indexed", statements: [
            "ALTER TABLE outbox DROP CONSTRAINT outbox_event_id_key",
        ]),
    ]
}
