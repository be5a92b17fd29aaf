-- Roles, schemas and privileges of one Redress database. Run inside the target database by an
-- administrative role (a superuser locally); `bootstrap.mjs` creates the database first, runs
-- this file under an advisory lock, then sets passwords from the environment. Every statement
-- is idempotent, so the file can be re-run at every start.
--
-- Each service logs in as its own role, which owns the schema of the same name: the default
-- search_path ("$user", public) lands its tables there, and it has no privilege at all on
-- another service's schema (services share events, never tables). `analytics` also owns
-- `analytics_bi`, whose views BI tools read as `bi_reader`, a role that can SELECT there and
-- nothing else.

-- Roles are cluster-wide: a second database (tests use redress_test) shares them.
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['intake', 'triage', 'resolution', 'followup', 'analytics', 'bi_reader']
  LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I LOGIN', role_name);
      EXCEPTION
        -- Another bootstrap (through another maintenance database) created it meanwhile.
        WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
    -- Re-asserted on every run, so a role widened by hand is narrowed again.
    EXECUTE format(
      'ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT',
      role_name
    );
  END LOOP;
END
$$;

-- Nobody but the listed roles may connect, and nobody may create objects in `public`.
DO $$
BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format(
    'GRANT CONNECT ON DATABASE %I TO intake, triage, resolution, followup, analytics, bi_reader',
    current_database()
  );
END
$$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;

DO $$
DECLARE
  owned record;
BEGIN
  FOR owned IN
    SELECT * FROM (VALUES
      ('intake', 'intake'),
      ('triage', 'triage'),
      ('resolution', 'resolution'),
      ('followup', 'followup'),
      ('analytics', 'analytics'),
      ('analytics_bi', 'analytics')
    ) AS s(schema_name, owner_name)
  LOOP
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = owned.schema_name) THEN
      BEGIN
        EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', owned.schema_name, owned.owner_name);
      EXCEPTION
        WHEN duplicate_schema OR unique_violation THEN NULL;
      END;
    END IF;
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', owned.schema_name, owned.owner_name);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', owned.schema_name);
  END LOOP;
END
$$;

-- BI reads the views of analytics_bi and nothing else; views created later by `analytics`
-- (a projection rebuild swaps them) are readable without another grant.
GRANT USAGE ON SCHEMA analytics_bi TO bi_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA analytics_bi TO bi_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE analytics IN SCHEMA analytics_bi GRANT SELECT ON TABLES TO bi_reader;
ALTER ROLE bi_reader SET search_path = analytics_bi;
ALTER ROLE bi_reader SET default_transaction_read_only = on;
