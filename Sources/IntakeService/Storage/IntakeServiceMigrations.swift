import Shared

/// IntakeService's own schema, versioned. The platform's outbox and inbox tables are applied before
/// these by `MigrationRunner`. Never edit an applied migration: add the next version.
enum IntakeServiceMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "sources, schools, calendars, pupils, registrations", statements: [
            """
            CREATE TABLE sources (
                source_system text PRIMARY KEY,
                key_hash text NOT NULL UNIQUE,
                schools text[] NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                rotated_at timestamptz
            )
            """,
            """
            CREATE TABLE schools (
                school_id text PRIMARY KEY,
                name text NOT NULL,
                lessons_per_day integer NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE school_days (
                school_id text NOT NULL REFERENCES schools,
                school_year text NOT NULL,
                date date NOT NULL,
                PRIMARY KEY (school_id, date)
            )
            """,
            """
            CREATE TABLE holidays (
                school_id text NOT NULL REFERENCES schools,
                school_year text NOT NULL,
                date date NOT NULL,
                name text NOT NULL,
                PRIMARY KEY (school_id, date)
            )
            """,
            """
            CREATE TABLE pupils (
                pupil_key text PRIMARY KEY,
                source_id_encrypted bytea NOT NULL,
                given_name text NOT NULL,
                family_name text NOT NULL,
                school_id text NOT NULL,
                class_name text NOT NULL,
                grade integer NOT NULL,
                enrolled_from date NOT NULL,
                enrolled_to date,
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE registrations (
                registration_id uuid PRIMARY KEY,
                source_system text NOT NULL,
                source_registration_id text NOT NULL,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                date date NOT NULL,
                period text NOT NULL,
                status text NOT NULL,
                absence_category text,
                minutes_late integer,
                day_fraction double precision NOT NULL,
                recorded_at timestamptz NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (source_system, source_registration_id)
            )
            """,
            "CREATE INDEX registrations_pupil_date ON registrations (pupil_key, date)",
            """
            CREATE TABLE current_registrations (
                pupil_key text NOT NULL,
                date date NOT NULL,
                period text NOT NULL,
                registration_id uuid NOT NULL,
                recorded_at timestamptz NOT NULL,
                PRIMARY KEY (pupil_key, date, period)
            )
            """,
        ]),
        // Rotating a key keeps the old one valid for an overlap (INTAKE_KEY_OVERLAP_HOURS), so an
        // attendance system can switch without dropping registrations.
        Migration(version: 2, name: "source key rotation overlap", statements: [
            "ALTER TABLE sources ADD COLUMN previous_key_hash text, ADD COLUMN previous_key_valid_until timestamptz",
            "CREATE INDEX sources_previous_key ON sources (previous_key_hash) WHERE previous_key_hash IS NOT NULL",
        ]),
        // A source that sends a pupil enrolled at a school it does not serve: the move waits for the
        // municipality's administrator (PupilMoveStore), one held move per pupil and source.
        Migration(version: 3, name: "moves held for an administrator", statements: [
            """
            CREATE TABLE pupil_moves (
                move_id text PRIMARY KEY,
                pupil_key text NOT NULL,
                source_system text NOT NULL,
                from_school text NOT NULL,
                to_school text NOT NULL,
                source_id_encrypted bytea NOT NULL,
                given_name text NOT NULL,
                family_name text NOT NULL,
                class_name text NOT NULL,
                grade integer NOT NULL,
                enrolled_from date NOT NULL,
                enrolled_to date,
                requested_at timestamptz NOT NULL DEFAULT now(),
                status text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'applied', 'rejected')),
                decided_by text,
                decided_at timestamptz
            )
            """,
            "CREATE UNIQUE INDEX pupil_moves_held ON pupil_moves (pupil_key, source_system) WHERE status = 'held'",
        ]),
        // One row write per registration instead of two (issue 18): the current registration of a
        // pupil, date and period is the row whose `noncurrent_id` is NULL; one that is not (replaced,
        // or stale on arrival) holds its own id there. A unique index over the slot and that column,
        // NULLs not distinct, allows one current registration per slot, and replaces both
        // `current_registrations` (now a view of the same rows) and the (pupil_key, date) index.
        // Not expand-only: an Intake of an earlier release fails on the view until it stops (its
        // batches are retried, nothing is lost); docs/operations.md has the way back.
        Migration(version: 4, name: "the current registration is a column of registrations", statements: [
            """
            ALTER TABLE registrations ADD COLUMN noncurrent_id uuid,
                ADD CONSTRAINT registrations_noncurrent_own_id CHECK (noncurrent_id IS NULL OR noncurrent_id = registration_id)
            """,
            """
            UPDATE registrations r SET noncurrent_id = r.registration_id
            WHERE NOT EXISTS (SELECT 1 FROM current_registrations c WHERE c.registration_id = r.registration_id)
            """,
            "CREATE UNIQUE INDEX registrations_slot ON registrations (pupil_key, date, period, noncurrent_id) NULLS NOT DISTINCT",
            "DROP INDEX registrations_pupil_date",
            "DROP TABLE current_registrations",
            """
            CREATE VIEW current_registrations AS
            SELECT pupil_key, date, period, registration_id, recorded_at FROM registrations WHERE noncurrent_id IS NULL
            """,
        ]),
    ]
}
