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
