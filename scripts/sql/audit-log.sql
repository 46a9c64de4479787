-- The audit log's owner (architecture §3; docs/operations.md "Audit log"). Run once per database
-- by its owner or a superuser — never by a service's own role:
--
--   psql "$ADMIN_DATABASE_URL" -v ON_ERROR_STOP=1 -f scripts/sql/audit-log.sql
--
-- It makes the role fremmoede_audit (no login) and one function, fremmoede_audit.provision(schema),
-- which a service calls from its platform migration. The function (SECURITY DEFINER, owned by
-- fremmoede_audit) makes the schema <schema>_audit with the table audit_log, both owned by
-- fremmoede_audit, and grants the calling role USAGE, SELECT and INSERT only: the service's role
-- cannot UPDATE, DELETE or TRUNCATE its audit log, cannot disable its triggers, alter or drop it.
-- Idempotent: running it again changes nothing.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fremmoede_audit') THEN
        CREATE ROLE fremmoede_audit NOLOGIN;
    END IF;
    EXECUTE format('GRANT CREATE ON DATABASE %I TO fremmoede_audit', current_database());
END
$$;

CREATE SCHEMA IF NOT EXISTS fremmoede_audit AUTHORIZATION fremmoede_audit;
GRANT USAGE ON SCHEMA fremmoede_audit TO PUBLIC;

CREATE OR REPLACE FUNCTION fremmoede_audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END
$$;
ALTER FUNCTION fremmoede_audit.refuse_change() OWNER TO fremmoede_audit;

CREATE OR REPLACE FUNCTION fremmoede_audit.provision(service_schema text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target text := service_schema || '_audit';
    grantee text := session_user;
BEGIN
    IF service_schema !~ '^[a-z_][a-z0-9_]{0,56}$' THEN
        RAISE EXCEPTION 'schema name % is not a plain lower-case identifier', service_schema;
    END IF;
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', target);
    EXECUTE format($t$
        CREATE TABLE IF NOT EXISTS %I.audit_log (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            staff_id text NOT NULL,
            role text NOT NULL,
            action text NOT NULL,
            pupil_key text,
            case_id text,
            school_id text
        )$t$, target);
    EXECUTE format('CREATE INDEX IF NOT EXISTS audit_log_pupil ON %I.audit_log (pupil_key, at)', target);
    EXECUTE format('CREATE INDEX IF NOT EXISTS audit_log_case ON %I.audit_log (case_id, at)', target);
    EXECUTE format('CREATE INDEX IF NOT EXISTS audit_log_staff ON %I.audit_log (staff_id, at)', target);
    EXECUTE format('CREATE INDEX IF NOT EXISTS audit_log_at ON %I.audit_log (at)', target);
    IF NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = target AND c.relname = 'audit_log' AND t.tgname = 'audit_log_append_only') THEN
        EXECUTE format('CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON %I.audit_log FOR EACH ROW EXECUTE FUNCTION fremmoede_audit.refuse_change()', target);
        EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I.audit_log FOR EACH STATEMENT EXECUTE FUNCTION fremmoede_audit.refuse_change()', target);
    END IF;
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', target);
    EXECUTE format('REVOKE ALL ON %I.audit_log FROM PUBLIC', target);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', target, grantee);
    EXECUTE format('GRANT SELECT, INSERT ON %I.audit_log TO %I', target, grantee);
    EXECUTE format('GRANT USAGE ON SEQUENCE %I.audit_log_id_seq TO %I', target, grantee);
    RETURN target;
END
$$;
ALTER FUNCTION fremmoede_audit.provision(text) OWNER TO fremmoede_audit;
REVOKE ALL ON FUNCTION fremmoede_audit.provision(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fremmoede_audit.provision(text) TO PUBLIC;
