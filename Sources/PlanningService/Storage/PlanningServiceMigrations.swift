import PlanningAPI
import Shared

/// PlanningService's own schema, versioned. The platform's outbox and inbox tables are applied before
/// these by `MigrationRunner`. Never edit an applied migration: add the next version.
enum PlanningServiceMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "read models: pupils, absence, concerns", statements: [
            """
            CREATE TABLE pupils (
                pupil_key text PRIMARY KEY,
                given_name text NOT NULL,
                family_name text NOT NULL,
                school_id text NOT NULL,
                school_name text NOT NULL,
                class_name text NOT NULL,
                grade integer NOT NULL,
                enrolled_from date NOT NULL,
                enrolled_to date,
                erased boolean NOT NULL DEFAULT false,
                updated_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX pupils_school ON pupils (school_id)",
            """
            CREATE TABLE absence_current (
                pupil_key text PRIMARY KEY,
                school_id text NOT NULL,
                as_of date NOT NULL,
                computed_at timestamptz NOT NULL,
                summary jsonb NOT NULL
            )
            """,
            """
            CREATE TABLE absence_weeks (
                pupil_key text NOT NULL,
                week_start date NOT NULL,
                school_days integer NOT NULL,
                absent_days double precision NOT NULL,
                computed_at timestamptz NOT NULL,
                PRIMARY KEY (pupil_key, week_start)
            )
            """,
            """
            CREATE TABLE absence_months (
                pupil_key text NOT NULL,
                month text NOT NULL,
                school_id text NOT NULL,
                as_of date NOT NULL,
                computed_at timestamptz NOT NULL,
                last40_total double precision NOT NULL,
                quarter text NOT NULL,
                quarter_unauthorized double precision NOT NULL,
                PRIMARY KEY (pupil_key, month)
            )
            """,
            "CREATE INDEX absence_months_school ON absence_months (school_id, month)",
            """
            CREATE TABLE concerns (
                concern_id text PRIMARY KEY,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                origin text NOT NULL,
                rule text NOT NULL,
                staff_category text,
                window_start date NOT NULL,
                window_end date NOT NULL,
                period text NOT NULL,
                explanation jsonb,
                escalates_concern_id text,
                raised_at timestamptz NOT NULL,
                description text,
                reported_by text,
                triage text NOT NULL DEFAULT 'new' CHECK (triage IN ('new', 'watching', 'dismissed', 'case')),
                triage_reason text,
                review_date date,
                case_id text,
                triaged_by text,
                triaged_at timestamptz,
                version integer NOT NULL DEFAULT 1
            )
            """,
            "CREATE INDEX concerns_school ON concerns (school_id, raised_at)",
            "CREATE INDEX concerns_pupil ON concerns (pupil_key)",
            """
            CREATE TABLE concern_resolutions (
                concern_id text PRIMARY KEY,
                reason text NOT NULL,
                rate double precision,
                resolved_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE legal_tasks (
                task_id text PRIMARY KEY,
                concern_id text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('warn-parents', 'notify-municipality')),
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                period text NOT NULL,
                due_date date NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                done_at timestamptz,
                done_by text,
                note text,
                cancelled_reason text,
                UNIQUE (pupil_key, kind, period)
            )
            """,
            "CREATE INDEX legal_tasks_school ON legal_tasks (school_id, due_date)",
        ]),
        Migration(version: 2, name: "cases, team, timeline, plans, kortlægning, meetings, catalogue", statements: [
            """
            CREATE TABLE cases (
                case_id text PRIMARY KEY,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                status text NOT NULL,
                opened_at timestamptz NOT NULL,
                opened_by text NOT NULL,
                first_concern_at timestamptz,
                meeting_cadence_days integer,
                participants jsonb NOT NULL DEFAULT '[]',
                closed_at timestamptz,
                outcome text,
                evaluation jsonb,
                version integer NOT NULL DEFAULT 1
            )
            """,
            "CREATE UNIQUE INDEX cases_one_open_per_pupil ON cases (pupil_key) WHERE status <> 'closed'",
            "CREATE INDEX cases_school ON cases (school_id, opened_at)",
            "CREATE TABLE case_concerns (case_id text NOT NULL, concern_id text NOT NULL, PRIMARY KEY (case_id, concern_id))",
            """
            CREATE TABLE case_team (
                case_id text NOT NULL,
                position integer NOT NULL,
                staff_id text NOT NULL,
                role text NOT NULL,
                email text NOT NULL,
                name text,
                PRIMARY KEY (case_id, position)
            )
            """,
            "CREATE INDEX case_team_staff ON case_team (staff_id)",
            """
            CREATE TABLE case_timeline (
                id bigserial PRIMARY KEY,
                case_id text NOT NULL,
                at timestamptz NOT NULL DEFAULT now(),
                staff_id text NOT NULL,
                kind text NOT NULL,
                summary text NOT NULL
            )
            """,
            "CREATE INDEX case_timeline_case ON case_timeline (case_id, id)",
            """
            CREATE TABLE assessments (
                case_id text PRIMARY KEY,
                document jsonb NOT NULL,
                version integer NOT NULL,
                updated_at timestamptz NOT NULL,
                updated_by text NOT NULL
            )
            """,
            """
            CREATE TABLE plan_revisions (
                case_id text NOT NULL,
                revision integer NOT NULL,
                document jsonb NOT NULL,
                updated_at timestamptz NOT NULL,
                updated_by text NOT NULL,
                PRIMARY KEY (case_id, revision)
            )
            """,
            """
            CREATE TABLE meetings (
                meeting_id text PRIMARY KEY,
                case_id text NOT NULL,
                held_at timestamptz NOT NULL,
                attendees jsonb NOT NULL,
                decisions jsonb NOT NULL,
                next_meeting_at timestamptz,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX meetings_case ON meetings (case_id, held_at)",
            """
            CREATE TABLE action_catalogue (
                code text PRIMARY KEY,
                title_da text NOT NULL,
                title_en text NOT NULL,
                arena text NOT NULL,
                added_by text,
                added_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // The seed catalogue of handlemuligheder; municipalities add their own through the API.
            """
            INSERT INTO action_catalogue (code, title_da, title_en, arena) VALUES
                ('gradual-return', 'Gradvis tilbagevenden', 'Gradual return', 'learning-environment'),
                ('trusted-adult', 'Tryg voksen / mentor', 'Trusted adult / mentor', 'relations'),
                ('adjusted-timetable', 'Tilpasset skema', 'Adjusted timetable', 'learning-environment'),
                ('safe-space', 'Tryghedsrum', 'Safe space', 'learning-environment'),
                ('family-treatment', 'Familiebehandling', 'Family treatment', 'home-and-family'),
                ('ppr-assessment', 'PPR-vurdering', 'PPR assessment', 'child'),
                ('leisure-bridge', 'Fritidsbro', 'Leisure bridge', 'leisure'),
                ('morning-pickup', 'Morgenafhentning', 'Morning pick-up', 'home-and-family'),
                ('class-wellbeing', 'Indsats for klassens trivsel', 'Class wellbeing work', 'relations'),
                ('health-nurse-talks', 'Samtaler med sundhedsplejersken', 'Talks with the health nurse', 'child')
            """,
        ]),
        Migration(version: 3, name: "the inbox's decision per pupil", statements: [
            """
            CREATE TABLE pupil_triage (
                pupil_key text PRIMARY KEY,
                school_id text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('watching', 'contacting', 'dismissed', 'case')),
                tier integer NOT NULL,
                reason text,
                review_date date,
                case_id text,
                decided_by text NOT NULL,
                decided_at timestamptz NOT NULL,
                version integer NOT NULL DEFAULT 1
            )
            """,
            "CREATE INDEX pupil_triage_school ON pupil_triage (school_id)",
            "CREATE INDEX concerns_school_pupil ON concerns (school_id, pupil_key)",
        ]),
        // A task cancelled because its concern was withdrawn no longer holds the quarter's place: a concern
        // raised again in the same quarter gets its task.
        Migration(version: 4, name: "one live legal task per pupil, kind and quarter", statements: [
            "ALTER TABLE legal_tasks DROP CONSTRAINT legal_tasks_pupil_key_kind_period_key",
            "CREATE UNIQUE INDEX legal_tasks_live ON legal_tasks (pupil_key, kind, period) WHERE cancelled_reason IS NULL",
        ]),
        Migration(version: 5, name: "the opsporingsteam's meetings per school", statements: [
            """
            CREATE TABLE opsporing_meetings (
                meeting_id text PRIMARY KEY,
                school_id text NOT NULL,
                held_at timestamptz NOT NULL,
                recorded_by text NOT NULL,
                decisions integer NOT NULL
            )
            """,
            "CREATE INDEX opsporing_meetings_school ON opsporing_meetings (school_id, held_at DESC)",
        ]),
        // The municipality's staff as Planning knows them: from the administrator's import of the staff
        // directory, and from the tokens of those who sign in. A team takes only a known address.
        Migration(version: 6, name: "the register of the municipality's staff", statements: [
            """
            CREATE TABLE staff_members (
                staff_id text PRIMARY KEY,
                email text NOT NULL,
                name text,
                in_directory boolean NOT NULL DEFAULT false,
                directory_updated_at timestamptz,
                removed_at timestamptz,
                signed_in_at timestamptz
            )
            """,
            "CREATE INDEX staff_members_email ON staff_members (lower(email))",
        ]),
        // The legal track (docs/legal-track.md) stands on the registrations themselves: the absence
        // registrations of attendance.ingested and every correction of them, with the school system
        // that sent each and when — the daily contact list and the underretning's evidence.
        Migration(version: 7, name: "registered absences and their corrections", statements: [
            """
            CREATE TABLE registered_absences (
                registration_id text PRIMARY KEY,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                date date NOT NULL,
                period text NOT NULL,
                status text NOT NULL,
                absence_category text,
                day_fraction double precision NOT NULL,
                recorded_at timestamptz NOT NULL,
                source_system text NOT NULL,
                replaces_registration_id text,
                received_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX registered_absences_pupil ON registered_absences (pupil_key, date)",
            "CREATE INDEX registered_absences_school_day ON registered_absences (school_id, date) WHERE absence_category = 'unauthorized'",
            "CREATE INDEX registered_absences_replaces ON registered_absences (replaces_registration_id) WHERE replaces_registration_id IS NOT NULL",
        ]),
        // Each step of the legal track as a record: the contacts with the parents, the warning letters as
        // sent, the underretning with its evidence, the municipality's hearing, decision and an appeal, and
        // the track's own timeline (no free text in it).
        Migration(version: 8, name: "the legal track's steps", statements: [
            """
            CREATE TABLE parent_contacts (
                contact_id text PRIMARY KEY,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                absence_date date NOT NULL,
                contacted_at timestamptz NOT NULL,
                method text NOT NULL,
                reached boolean NOT NULL,
                note text,
                recorded_by text NOT NULL,
                recorded_by_name text,
                recorded_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX parent_contacts_school_day ON parent_contacts (school_id, absence_date)",
            "CREATE INDEX parent_contacts_pupil ON parent_contacts (pupil_key, absence_date)",
            """
            CREATE TABLE warning_letters (
                letter_id text PRIMARY KEY,
                task_id text NOT NULL,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                period text NOT NULL,
                language text NOT NULL,
                body text NOT NULL,
                sent_at timestamptz NOT NULL,
                sent_via text NOT NULL,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX warning_letters_task ON warning_letters (task_id)",
            "CREATE INDEX warning_letters_pupil ON warning_letters (pupil_key, period)",
            """
            CREATE TABLE underretninger (
                underretning_id text PRIMARY KEY,
                task_id text NOT NULL UNIQUE,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                period text NOT NULL,
                made_at timestamptz NOT NULL,
                made_by text NOT NULL,
                made_by_name text,
                assessment text NOT NULL,
                evidence jsonb NOT NULL,
                received_at timestamptz,
                received_by text,
                evidence_supports boolean,
                evidence_note text,
                evidence_checked_at timestamptz,
                evidence_checked_by text
            )
            """,
            "CREATE INDEX underretninger_school ON underretninger (school_id, made_at)",
            "CREATE INDEX underretninger_pupil ON underretninger (pupil_key)",
            """
            CREATE TABLE hearings (
                hearing_id text PRIMARY KEY,
                underretning_id text NOT NULL,
                sent_at timestamptz NOT NULL,
                sent_via text NOT NULL,
                answer_by date NOT NULL,
                child text NOT NULL,
                content text NOT NULL,
                sent_by text NOT NULL,
                answered_at timestamptz,
                answer text,
                answer_recorded_by text
            )
            """,
            "CREATE INDEX hearings_underretning ON hearings (underretning_id, sent_at)",
            """
            CREATE TABLE benefit_decisions (
                underretning_id text PRIMARY KEY,
                outcome text NOT NULL CHECK (outcome IN ('stop', 'no-stop', 'dropped')),
                excusable jsonb NOT NULL,
                reasons text NOT NULL,
                stop_period text,
                language text NOT NULL,
                letter text NOT NULL,
                payer_notice text,
                decided_at timestamptz NOT NULL,
                decided_by text NOT NULL,
                appeal_by date NOT NULL
            )
            """,
            """
            CREATE TABLE appeals (
                underretning_id text PRIMARY KEY,
                received_at timestamptz NOT NULL,
                recorded_by text NOT NULL,
                reassessment text CHECK (reassessment IN ('kept', 'changed')),
                reassessed_at timestamptz,
                outcome text CHECK (outcome IN ('upheld', 'changed', 'overturned', 'remitted')),
                outcome_at timestamptz,
                note text
            )
            """,
            """
            CREATE TABLE legal_timeline (
                id bigserial PRIMARY KEY,
                pupil_key text NOT NULL,
                school_id text NOT NULL,
                period text NOT NULL,
                underretning_id text,
                at timestamptz NOT NULL DEFAULT now(),
                staff_id text NOT NULL,
                step text NOT NULL,
                summary text NOT NULL
            )
            """,
            "CREATE INDEX legal_timeline_pupil ON legal_timeline (pupil_key, period, id)",
        ]),
        // The municipality's own letter templates (Mustache, plain text); without one, the shipped template is used.
        Migration(version: 9, name: "the municipality's letter templates", statements: [
            """
            CREATE TABLE letter_templates (
                kind text NOT NULL CHECK (kind IN ('warning', 'decision', 'payer-notice')),
                language text NOT NULL,
                body text NOT NULL,
                updated_by text NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (kind, language)
            )
            """,
        ]),
        // The dashboard (issue 19). Migrations 7–19 are the legal track's. School calendars (from
        // school.calendar) give the ministry's definition its school days and the months that have any;
        // the municipality's targets are kept in every version, with who set them.
        Migration(version: 20, name: "school calendars and the municipality's dashboard targets", statements: [
            """
            CREATE TABLE school_calendars (
                school_id text NOT NULL,
                school_year text NOT NULL,
                school_days date[] NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (school_id, school_year)
            )
            """,
            """
            CREATE TABLE dashboard_targets (
                version integer PRIMARY KEY CHECK (version > 0),
                baseline_from text NOT NULL,
                baseline_to text NOT NULL,
                problematic_reduction double precision NOT NULL,
                underretning_reduction double precision NOT NULL,
                set_by text NOT NULL,
                set_at timestamptz NOT NULL
            )
            """,
        ]),
    ]
}
