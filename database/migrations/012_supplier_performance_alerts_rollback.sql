-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 012_supplier_performance_alerts
\set jne_version 012
\set jne_name supplier_performance_alerts
\set jne_previous 011
\set jne_checksum 6ef984f27457067193625bac69107faa64cc2df120ac6971a67110a49f52ff3b
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
-- Rollback of 012_supplier_performance_alerts: drops what it created and gives
-- supplier_performance its old key back. Monthly rows whose dates equal a rolling window's are
-- removed first (they are recomputed from the supplier orders; the old key cannot hold both).
-- squawk-ignore-file ban-drop-table, ban-drop-column -- dropping what 012 created is what this rollback is for
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction
-- squawk-ignore-file disallowed-unique-constraint, constraint-missing-not-valid -- supplier_performance holds derived rows, a few per supplier and day
-- squawk-ignore-file require-concurrent-index-deletion -- DROP INDEX CONCURRENTLY cannot run inside the migrator's transaction
DROP INDEX IF EXISTS order_item_allocations_reserved_idx;
DROP INDEX IF EXISTS supplier_orders_untracked_idx;
DROP TABLE IF EXISTS alerts;
ALTER TABLE suppliers DROP COLUMN IF EXISTS alert_thresholds;
DROP INDEX IF EXISTS supplier_performance_label_idx;
DELETE FROM supplier_performance m
 WHERE m.period_kind = 'month'
   AND EXISTS (SELECT FROM supplier_performance r
                WHERE r.supplier_id = m.supplier_id AND r.period_kind = 'rolling'
                  AND r.period_start = m.period_start AND r.period_end = m.period_end);
ALTER TABLE supplier_performance DROP CONSTRAINT IF EXISTS supplier_performance_period_key;
ALTER TABLE supplier_performance
  ADD CONSTRAINT supplier_performance_period_key UNIQUE (supplier_id, period_start, period_end);
ALTER TABLE supplier_performance
  DROP COLUMN IF EXISTS rated,
  DROP COLUMN IF EXISTS mean_ack_hours,
  DROP COLUMN IF EXISTS p90_handling_hours,
  DROP COLUMN IF EXISTS acceptance_rate,
  DROP COLUMN IF EXISTS period_label,
  DROP COLUMN IF EXISTS period_kind;
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
