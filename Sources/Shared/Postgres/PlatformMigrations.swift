/// Tables every service has: the transactional outbox and the consumer inbox (architecture §2),
/// the append-only audit log (section 3) and the keys of erased pupils.
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
        // Every service that shows a pupil's data audits it (architecture §3); the log can only grow.
        Migration(version: 3, name: "append-only audit log", statements: [
            """
            CREATE TABLE audit_log (
                id bigserial PRIMARY KEY,
                at timestamptz NOT NULL DEFAULT now(),
                staff_id text NOT NULL,
                role text NOT NULL,
                action text NOT NULL,
                pupil_key text,
                case_id text,
                school_id text
            )
            """,
            "CREATE INDEX audit_log_pupil ON audit_log (pupil_key, at)",
            "CREATE INDEX audit_log_case ON audit_log (case_id, at)",
            """
            CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
            END
            $$
            """,
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()",
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()",
        ]),
        // The service's role owned the table of migration 3, so it could drop its triggers and rewrite
        // it. The log moves to <schema>_audit, owned by fremmoede_audit (scripts/sql/audit-log.sql, run
        // by the database's owner): the service may only INSERT and SELECT. Rows so far move along.
        Migration(version: 4, name: "audit log owned by fremmoede_audit", statements: [
            "ALTER TABLE audit_log RENAME TO audit_log_v3",
            """
            DO $$
            BEGIN
                IF to_regprocedure('fremmoede_audit.provision(text)') IS NULL THEN
                    RAISE EXCEPTION 'fremmoede_audit.provision is missing: run scripts/sql/audit-log.sql as the database owner (docs/operations.md, Audit log)';
                END IF;
            END
            $$
            """,
            "SELECT set_config('search_path', current_schema() || ',' || fremmoede_audit.provision(current_schema()), true)",
            """
            INSERT INTO audit_log (at, staff_id, role, action, pupil_key, case_id, school_id)
            SELECT at, staff_id, role, action, pupil_key, case_id, school_id FROM audit_log_v3 ORDER BY id
            """,
            "DROP TABLE audit_log_v3",
            "DROP FUNCTION audit_log_refuse_change()",
        ]),
        // Erasure sticks (issue 16, finding 7): the keys of erased pupils, so that events for them
        // still in flight are refused (`ErasedPupils`), and tombstones in the outbox (no data).
        Migration(version: 5, name: "erased pupils and outbox tombstones", statements: [
            "CREATE TABLE erased_pupils (pupil_key text PRIMARY KEY, erased_at timestamptz NOT NULL DEFAULT now())",
            "ALTER TABLE outbox ALTER COLUMN data DROP NOT NULL",
        ]),
        // The relay is woken by the commit instead of polling (`OutboxRelay`), and deletes what it
        // published (an update per event cost as much as the insert).
        Migration(version: 6, name: "outbox notifies its relay; published events are deleted", statements: [
            "DELETE FROM outbox WHERE published_at IS NOT NULL",
            "DROP INDEX outbox_unpublished",
            "ALTER TABLE outbox DROP COLUMN published_at",
            """
            CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
                RETURN NULL;
            END
            $$
            """,
            "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()",
        ]),
    ]
}
