-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 011_supplier_reroute
\set jne_version 011
\set jne_name supplier_reroute
\set jne_previous 010
\set jne_checksum 782034d293ac4392467b897a3dfa6647e4992febc7ca2f0b4fd3e7be7c886a6b
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
-- Rollback of 011_supplier_reroute: drops the columns and the index it added and gives the
-- allocations their old status check back. A re-routed allocation becomes cancelled first (the
-- old check has no 'rerouted'; its units are not at that supplier any more either way).
-- squawk-ignore-file ban-drop-column -- dropping what 011 added is what this rollback is for
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction
-- squawk-ignore-file constraint-missing-not-valid -- the old check holds for every row once re-routed ones are cancelled
-- squawk-ignore-file require-concurrent-index-deletion -- DROP INDEX CONCURRENTLY cannot run inside the migrator's transaction
ALTER TABLE suppliers DROP COLUMN IF EXISTS live_stock_check;
DROP INDEX IF EXISTS order_item_allocations_replaces_idx;
ALTER TABLE order_item_allocations DROP COLUMN IF EXISTS replaces_allocation_id;
UPDATE order_item_allocations SET status = 'cancelled' WHERE status = 'rerouted';
ALTER TABLE order_item_allocations DROP CONSTRAINT IF EXISTS order_item_allocations_status_check;
ALTER TABLE order_item_allocations ADD CONSTRAINT order_item_allocations_status_check
  CHECK (status IN ('reserved', 'shipped', 'released', 'ordered', 'cancelled'));
DROP INDEX IF EXISTS order_items_unfulfillable_idx;
ALTER TABLE order_items
  DROP CONSTRAINT IF EXISTS order_items_unfulfillable_check,
  DROP COLUMN IF EXISTS unfulfillable_reason,
  DROP COLUMN IF EXISTS unfulfillable_since;
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
