import Shared

/// NotificationService's own schema, versioned. The platform's outbox and inbox tables are applied before
/// these by `MigrationRunner`. Never edit an applied migration: add the next version.
enum NotificationServiceMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "routing rules, preferences, e-mails, reminders", statements: [
            """
            CREATE TABLE routing_rules (
                rule_id uuid PRIMARY KEY,
                school_id text NOT NULL,
                school_name text,
                event_type text NOT NULL,
                mailbox_role text NOT NULL,
                mailbox text NOT NULL,
                created_by text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (school_id, event_type, mailbox)
            )
            """,
            "CREATE INDEX routing_rules_school ON routing_rules (school_id, event_type)",
            """
            CREATE TABLE recipient_settings (
                recipient text PRIMARY KEY,
                staff_id text,
                language text NOT NULL DEFAULT 'da',
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE preferences (
                recipient text NOT NULL,
                event_type text NOT NULL,
                mode text NOT NULL,
                PRIMARY KEY (recipient, event_type)
            )
            """,
            // One row per event and recipient (the unique key makes "once" hold across redeliveries and
            // replicas). Status: pending → sending (leased) → sent | failed; suppressed (preference off);
            // digest (waiting for the daily digest) → digested (digest_email_id says in which).
            """
            CREATE TABLE emails (
                email_id uuid PRIMARY KEY,
                event_id text NOT NULL,
                recipient text NOT NULL,
                staff_id text,
                reason text NOT NULL,
                kind text NOT NULL,
                school_id text NOT NULL,
                case_id text,
                language text NOT NULL,
                subject text NOT NULL,
                text_body text NOT NULL,
                html_body text NOT NULL,
                link text NOT NULL,
                message_id text NOT NULL,
                status text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL DEFAULT now(),
                lease_until timestamptz,
                leased_by text,
                last_error text,
                digest_email_id uuid,
                created_at timestamptz NOT NULL DEFAULT now(),
                sent_at timestamptz,
                UNIQUE (event_id, recipient)
            )
            """,
            "CREATE INDEX emails_due ON emails (next_attempt_at) WHERE status IN ('pending', 'sending')",
            "CREATE INDEX emails_digest ON emails (recipient, created_at) WHERE status = 'digest'",
            "CREATE INDEX emails_recipient ON emails (recipient, created_at DESC)",
            // Reminders planned from plan.updated; fired exactly once (status pending → fired, in the
            // transaction that writes its e-mails), or cancelled when the plan no longer calls for it.
            """
            CREATE TABLE reminders (
                reminder_id text PRIMARY KEY,
                case_id text NOT NULL,
                school_id text NOT NULL,
                kind text NOT NULL,
                due text NOT NULL,
                fire_at timestamptz NOT NULL,
                recipients jsonb NOT NULL,
                status text NOT NULL DEFAULT 'pending',
                fired_at timestamptz,
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX reminders_due ON reminders (fire_at) WHERE status = 'pending'",
            "CREATE INDEX reminders_case ON reminders (case_id)",
            // The newest plan revision seen per case, so a late, older plan.updated cannot bring back reminders.
            """
            CREATE TABLE case_plans (
                case_id text PRIMARY KEY,
                plan_revision integer NOT NULL DEFAULT 0,
                closed boolean NOT NULL DEFAULT false
            )
            """,
        ]),
        // Which pupil each consumed event was about, so a pupil's e-mails, reminders and plans can be
        // exported and erased (the e-mails themselves name no pupil).
        Migration(version: 2, name: "pupil of each event", statements: [
            """
            CREATE TABLE pupil_events (
                event_id text PRIMARY KEY,
                pupil_key text NOT NULL,
                case_id text,
                seen_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX pupil_events_pupil ON pupil_events (pupil_key)",
        ]),
        // The immediate concern e-mails already sent per recipient, pupil and school day (ConcernMailDays).
        Migration(version: 3, name: "one immediate concern e-mail per pupil and school day", statements: [
            """
            CREATE TABLE concern_mail_days (
                recipient text NOT NULL,
                pupil_key text NOT NULL,
                school_day date NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (recipient, pupil_key, school_day)
            )
            """,
            "CREATE INDEX concern_mail_days_pupil ON concern_mail_days (pupil_key)",
        ]),
        // A concern e-mail's inbox tier, so the digest counts a school's new pupils by tier.
        Migration(version: 4, name: "the inbox tier of a concern e-mail", statements: [
            "ALTER TABLE emails ADD COLUMN tier smallint",
        ]),
        // The sender is woken by the commit of a new e-mail instead of polling (`MailSender`).
        Migration(version: 5, name: "new e-mails notify the sender", statements: [
            """
            CREATE FUNCTION emails_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('emails_' || TG_TABLE_SCHEMA, '');
                RETURN NULL;
            END
            $$
            """,
            "CREATE TRIGGER emails_notify AFTER INSERT ON emails FOR EACH STATEMENT EXECUTE FUNCTION emails_notify()",
        ]),
    ]
}
