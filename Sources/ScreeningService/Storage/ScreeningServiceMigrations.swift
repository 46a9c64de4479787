import Shared

/// ScreeningService's own schema, versioned. The platform's outbox and inbox tables are applied before
/// these by `MigrationRunner`. Never edit an applied migration: add the next version.
enum ScreeningServiceMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "calendars, enrolments, pupil days, concerns, policy", statements: [
            // One row: bumped when calendars, the policy or stored state change under the processors.
            """
            CREATE TABLE control (
                id integer PRIMARY KEY CHECK (id = 1),
                epoch bigint NOT NULL,
                calendar_version bigint NOT NULL
            )
            """,
            "INSERT INTO control (id, epoch, calendar_version) VALUES (1, 0, 0)",
            """
            CREATE TABLE school_days (
                school_id text NOT NULL,
                day date NOT NULL,
                PRIMARY KEY (school_id, day)
            )
            """,
            """
            CREATE TABLE pupils (
                pupil_key text PRIMARY KEY,
                school_id text NOT NULL,
                partition integer NOT NULL,
                enrolled_from date,
                enrolled_to date,
                last_summary_week date,
                last_summary_had_absence boolean NOT NULL DEFAULT false
            )
            """,
            "CREATE INDEX pupils_partition ON pupils (partition)",
            "CREATE INDEX pupils_school ON pupils (school_id)",
            // Per pupil and school day: periods (bit 0 = whole day, bit n = lesson n) by status, and
            // the absent shares by category they add up to — what an analyst queries.
            """
            CREATE TABLE pupil_days (
                pupil_key text NOT NULL,
                day date NOT NULL,
                illness_periods integer NOT NULL,
                authorized_periods integer NOT NULL,
                unauthorized_periods integer NOT NULL,
                late_periods integer NOT NULL,
                present_periods integer NOT NULL,
                lesson_share double precision NOT NULL,
                recorded_at bigint NOT NULL,
                illness double precision NOT NULL,
                authorized double precision NOT NULL,
                unauthorized double precision NOT NULL,
                PRIMARY KEY (pupil_key, day)
            )
            """,
            """
            CREATE TABLE watermarks (
                school_id text NOT NULL,
                partition integer NOT NULL,
                day date NOT NULL,
                PRIMARY KEY (school_id, partition)
            )
            """,
            """
            CREATE TABLE concerns (
                concern_id text PRIMARY KEY,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                rule text NOT NULL,
                period text NOT NULL,
                sequence integer NOT NULL,
                status text NOT NULL CHECK (status IN ('open', 'resolved')),
                raised_as_of date NOT NULL,
                window_start date NOT NULL,
                window_end date NOT NULL,
                explanation jsonb NOT NULL,
                escalates_concern_id text,
                policy_version integer NOT NULL,
                raised_at timestamptz NOT NULL,
                resolved_as_of date,
                resolved_reason text,
                resolved_at timestamptz
            )
            """,
            "CREATE UNIQUE INDEX concerns_one_open ON concerns (pupil_key, rule, period) WHERE status = 'open'",
            "CREATE INDEX concerns_pupil ON concerns (pupil_key)",
            // Every policy version is kept: the audit of who changed what, when and why.
            """
            CREATE TABLE policies (
                version integer PRIMARY KEY,
                policy jsonb NOT NULL,
                changed_by text NOT NULL,
                reason text NOT NULL,
                changed_at timestamptz NOT NULL DEFAULT now()
            )
            """,
        ]),
    ]
}
