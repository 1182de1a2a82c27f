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
DO $$
DECLARE
  later text;
BEGIN
  SELECT string_agg(version || '_' || name, ', ' ORDER BY version) INTO later
    FROM public.schema_migrations WHERE version > current_setting('jne.version');
  IF later IS NOT NULL THEN
    RAISE EXCEPTION '% cannot be rolled back while later migrations are applied: %. Nothing was changed.',
      current_setting('jne.migration'), later
      USING ERRCODE = 'dependent_objects_still_exist',
            HINT = format('Use jne db rollback --to %s: it rolls back every migration above %s, newest first.',
              current_setting('jne.previous'), current_setting('jne.previous'));
  END IF;
END
$$;
-- >>> jne runs only the lines from here to the <<< line; the lines around them are for psql
-- Rollback of 024: no folding function; the table's comment as 018 wrote it. A row 0 that folding
-- left stays: catalog_state() sums every row, so the state does not change.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
DROP FUNCTION catalog_changes_fold();
COMMENT ON TABLE catalog_changes IS
  'Statements that changed what the product list shows, counted per database backend by catalog_changed(); '
  'their sum is part of catalog_state(). Written by triggers only.';
-- <<< end of what jne runs
DELETE FROM public.schema_migrations WHERE version = :'jne_version';
\set jne_done 'rolled back, and schema_migrations no longer lists it'
\if :jne_in_transaction
\echo :jne_migration :jne_done, inside the open transaction: its COMMIT keeps that, its ROLLBACK undoes it
\else
COMMIT;
\echo :jne_migration :jne_done
\endif
\set ON_ERROR_STOP :jne_on_error_stop
