-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 005_dropshipping_platform_phase1
\set jne_version 005
\set jne_name dropshipping_platform_phase1
\set jne_previous 004
\set jne_checksum 0f4f96fe4c9e25dbd178ed55cdafdc3d1f98c5409c7861e6acdd5f4af4c45694
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
-- Rollback of 005_dropshipping_platform_phase1: drops exactly what 005
-- created and nothing else: the 7 tables (dependents first; their indexes,
-- constraints and triggers go with them, and so do the 2 pricing_rules rows),
-- the 4 indexes 005 put on suppliers, and the 22 columns it added to
-- suppliers (with their CHECK constraints). Supplier rows and their basic data
-- from 004 stay. set_updated_at() belongs to 001 and stays.
-- Everything is IF EXISTS, so a rollback of a partly applied state works too.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file ban-drop-table, ban-drop-column -- dropping what 005 created is the purpose of this rollback; restoring data is the backup's job (runbook: Restore from Backup)
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it

DROP TABLE IF EXISTS supplier_order_items;
DROP TABLE IF EXISTS supplier_orders;
DROP TABLE IF EXISTS supplier_performance;
DROP TABLE IF EXISTS pricing_rules;
DROP TABLE IF EXISTS supplier_catalogs;
DROP TABLE IF EXISTS fulfillment_inventory;
DROP TABLE IF EXISTS inventory_sources;

-- squawk-ignore require-concurrent-index-deletion -- DROP INDEX CONCURRENTLY cannot run inside the migrator's transaction; suppliers is small
DROP INDEX IF EXISTS suppliers_catalog_sync_due_idx;
-- squawk-ignore require-concurrent-index-deletion -- as above
DROP INDEX IF EXISTS suppliers_status_idx;
-- squawk-ignore require-concurrent-index-deletion -- as above
DROP INDEX IF EXISTS suppliers_order_method_idx;
-- squawk-ignore require-concurrent-index-deletion -- as above
DROP INDEX IF EXISTS suppliers_name_lower_key;

-- One statement: one ACCESS EXCLUSIVE lock on suppliers; dropping columns
-- only marks them dropped (no rewrite).
ALTER TABLE suppliers
  DROP COLUMN IF EXISTS is_dropship,
  DROP COLUMN IF EXISTS stock_buffer,
  DROP COLUMN IF EXISTS auto_submit,
  DROP COLUMN IF EXISTS currency,
  DROP COLUMN IF EXISTS shipping_cost_rule,
  DROP COLUMN IF EXISTS per_order_fee,
  DROP COLUMN IF EXISTS minimum_order_value,
  DROP COLUMN IF EXISTS handling_days,
  DROP COLUMN IF EXISTS order_cutoff_timezone,
  DROP COLUMN IF EXISTS order_cutoff_time,
  DROP COLUMN IF EXISTS last_catalog_sync_at,
  DROP COLUMN IF EXISTS catalog_max_age_hours,
  DROP COLUMN IF EXISTS catalog_sync_schedule,
  DROP COLUMN IF EXISTS catalog_column_mapping,
  DROP COLUMN IF EXISTS catalog_feed_format,
  DROP COLUMN IF EXISTS catalog_feed_location,
  DROP COLUMN IF EXISTS catalog_feed_method,
  DROP COLUMN IF EXISTS order_email,
  DROP COLUMN IF EXISTS webhook_secret_encrypted,
  DROP COLUMN IF EXISTS api_credentials_encrypted,
  DROP COLUMN IF EXISTS api_endpoint,
  DROP COLUMN IF EXISTS order_method;
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
