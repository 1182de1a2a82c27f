-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 018_catalog_version
\set jne_version 018
\set jne_name catalog_version
\set jne_previous 017
\set jne_checksum 27774c44c61a8424bd167a03669b9a17a8f7bbce24e209ecdf9fc57861f340be
\set jne_on_error_stop :ON_ERROR_STOP
\set ON_ERROR_STOP on
SELECT set_config('jne.migration', :'jne_migration', true) AS jne_probe \gset
SELECT current_setting('jne.migration', true) IS NOT DISTINCT FROM :'jne_migration' AS jne_in_transaction \gset
\if :jne_in_transaction
\else
BEGIN;
\endif
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '5min';
SELECT set_config('jne.migration', :'jne_migration', true) AS jne_probe,
       set_config('jne.version', :'jne_version', true) AS jne_probe,
       set_config('jne.previous', :'jne_previous', true) AS jne_probe \gset
SELECT to_regclass('public.schema_migrations') IS NULL AS jne_no_history \gset
\if :jne_no_history
CREATE TABLE public.schema_migrations (
  version      text primary key,
  name         text not null,
  checksum     text not null,
  applied_at   timestamptz not null default now(),
  execution_ms integer not null,
  applied_by   text not null
);
\endif
SELECT EXISTS (SELECT FROM public.schema_migrations WHERE version = :'jne_version') AS jne_applied \gset
\if :jne_applied
\set jne_done 'is already applied (schema_migrations has it): nothing was run'
\else
DO $$
BEGIN
  IF current_setting('jne.previous') <> '000' AND NOT EXISTS (
    SELECT FROM public.schema_migrations WHERE version = current_setting('jne.previous')
  ) THEN
    RAISE EXCEPTION '% needs migration % first, and schema_migrations does not have it. Nothing was changed.',
      current_setting('jne.migration'), current_setting('jne.previous')
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = format('Apply the migrations in order (jne db migrate --to %s). If %s was applied by hand, '
              'check it with jne db verify --version %s and record it with jne db baseline %s.',
              current_setting('jne.version'), current_setting('jne.previous'),
              current_setting('jne.previous'), current_setting('jne.previous'));
  END IF;
END
$$;
SELECT clock_timestamp() AS jne_started \gset
-- >>> jne runs only the lines from here to the <<< line; the lines around them are for psql
-- 018: the catalog's state, so that a client holding the product list can ask "has anything changed?"
-- (ETag / If-None-Match) and every process of the shop answers the same, without reading the list.
--   catalog_changes: one counter per database backend (server process) of the statements that
--     changed a table the product list reads. A statement trigger on each of those tables counts
--     in its own backend's row, in the writer's transaction: the count becomes visible with the
--     change, at commit, and concurrent writers never wait for each other (each has its own row).
--   catalog_state(): the sum of the counters and the moment the next supplier offer goes stale
--     (its feed older than the supplier's catalog_max_age_hours), which changes the list without
--     a write. Equal states: the list has not changed.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file prefer-bigint-over-int -- a backend's process id is an int4 (pg_backend_pid())
CREATE TABLE catalog_changes (
  backend_pid integer PRIMARY KEY,
  changes     bigint NOT NULL CHECK (changes > 0)
);

COMMENT ON TABLE catalog_changes IS
  'Statements that changed what the product list shows, counted per database backend by catalog_changed(); '
  'their sum is part of catalog_state(). Written by triggers only.';

CREATE FUNCTION catalog_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO catalog_changes AS cc (backend_pid, changes) VALUES (pg_backend_pid(), 1)
  ON CONFLICT (backend_pid) DO UPDATE SET changes = cc.changes + 1;
  RETURN NULL;
END
$$;

-- Every table the product list reads (src/catalog/products-repository.ts and the availability of
-- src/pricing-engine/availability.ts).
CREATE TRIGGER products_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER categories_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER fulfillment_inventory_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fulfillment_inventory
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER inventory_sources_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON inventory_sources
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER supplier_catalogs_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON supplier_catalogs
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER suppliers_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON suppliers
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER pricing_rules_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pricing_rules
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();

-- "<changes>.<next stale offer, epoch ms, or 0>". The next stale offer: per active dropshipping
-- supplier, its oldest available offer still fresh (supplier_catalogs_last_seen_idx, one probe each).
-- PL/pgSQL: its query plan is kept for the session; a SQL function would be planned on every call.
CREATE FUNCTION catalog_state() RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN (SELECT coalesce(sum(changes), 0) FROM catalog_changes)::text || '.' || coalesce((
    SELECT floor(extract(epoch FROM min(fresh.until)) * 1000)::bigint
      FROM suppliers s
     CROSS JOIN LATERAL (
       SELECT sc.last_seen_at + make_interval(hours => s.catalog_max_age_hours) AS until
         FROM supplier_catalogs sc
        WHERE sc.supplier_id = s.id AND sc.is_available
          AND sc.last_seen_at > now() - make_interval(hours => s.catalog_max_age_hours)
        ORDER BY sc.last_seen_at
        LIMIT 1) fresh
     WHERE s.status = 'active' AND s.is_dropship), 0)::text;
END
$$;
-- <<< end of what jne runs
INSERT INTO public.schema_migrations (version, name, checksum, execution_ms, applied_by)
VALUES (:'jne_version', :'jne_name', :'jne_checksum',
        round(extract(epoch FROM clock_timestamp() - :'jne_started'::timestamptz) * 1000),
        coalesce(nullif(current_setting('application_name'), ''), 'psql') || ' as role ' || current_user);
\set jne_done 'applied and recorded in schema_migrations'
\endif
\if :jne_in_transaction
\echo :jne_migration :jne_done, inside the open transaction: its COMMIT keeps that, its ROLLBACK undoes it
\else
COMMIT;
\echo :jne_migration :jne_done
\endif
\set ON_ERROR_STOP :jne_on_error_stop
