-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 024_catalog_changes_fold
\set jne_version 024
\set jne_name catalog_changes_fold
\set jne_previous 023
\set jne_checksum f2ced87d8e177ba4b31136b0bd59fac6911690d050e27b06608466167fc4acda
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
-- 024: catalog_changes keeps a row for every database backend that ever changed the catalog, and
-- a pool opens new backends all the time (idle connections close after 10 s), while
-- catalog_state() sums every row on each read of the product list: 0.18 ms with 10 rows, 3.3 ms
-- with 100,000. catalog_changes_fold() moves the counters of backends that have ended into one
-- row (backend_pid 0, which no backend has) in one statement, so the sum, and with it the state
-- and every ETag made from it, stays exactly what it was. The scheduled jobs call it.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
CREATE FUNCTION catalog_changes_fold() RETURNS integer
LANGUAGE sql
AS $$
  WITH ended AS (
    DELETE FROM catalog_changes AS cc
     WHERE cc.backend_pid <> 0
       AND NOT EXISTS (SELECT FROM pg_stat_activity AS a WHERE a.pid = cc.backend_pid)
    RETURNING cc.changes
  ), folded AS (
    INSERT INTO catalog_changes AS cc (backend_pid, changes)
    SELECT 0, sum(changes) FROM ended HAVING count(*) > 0
    ON CONFLICT (backend_pid) DO UPDATE SET changes = cc.changes + EXCLUDED.changes
  )
  SELECT count(*)::integer FROM ended;
$$;
COMMENT ON FUNCTION catalog_changes_fold() IS
  'Moves the counters of ended backends into catalog_changes row 0; the sum stays. Returns the rows folded.';
COMMENT ON TABLE catalog_changes IS
  'Statements that changed what the product list shows, counted per database backend by catalog_changed() '
  '(row 0: backends that have ended, folded by catalog_changes_fold()); their sum is part of catalog_state(). '
  'Written by those two functions only.';
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
