-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 016_supplier_order_totals
\set jne_version 016
\set jne_name supplier_order_totals
\set jne_previous 015
\set jne_checksum 57f0821c0d7b914a660a26842b863ebb57e2cb53f1ae39ca6e4fbaf3ca6cf56d
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
-- 016: each supplier order carries the totals of its items and its parcels, kept by the module
-- that writes them (src/fulfillment/): units ordered and shipped, parcels with a tracking number
-- and the hours between their shipping and their tracking reaching the shop, summed. The
-- performance recompute reads them from the order row instead of joining every item and parcel
-- of a year of orders. Existing orders get their totals from their items and parcels here.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file prefer-bigint-over-int -- integer is used only for unit and parcel counts of one supplier order (its items' quantities are integer); every id and foreign key is bigint
-- squawk-ignore-file constraint-missing-not-valid -- the checks are on new columns, filled in this transaction: validated at once
ALTER TABLE supplier_orders
  ADD COLUMN units_ordered integer NOT NULL DEFAULT 0,
  ADD COLUMN units_shipped integer NOT NULL DEFAULT 0,
  ADD COLUMN tracked_parcels integer NOT NULL DEFAULT 0,
  ADD COLUMN tracking_hours numeric NOT NULL DEFAULT 0,
  ADD CONSTRAINT supplier_orders_totals_check CHECK (
    units_ordered >= 0 AND units_shipped >= 0 AND tracked_parcels >= 0);

UPDATE supplier_orders so
   SET units_ordered = i.ordered, units_shipped = i.shipped
  FROM (SELECT supplier_order_id, sum(quantity) AS ordered, sum(quantity_shipped) AS shipped
          FROM supplier_order_items GROUP BY supplier_order_id) i
 WHERE i.supplier_order_id = so.id;

UPDATE supplier_orders so
   SET tracked_parcels = t.n, tracking_hours = t.hours
  FROM (SELECT supplier_order_id, count(*) AS n, sum(extract(epoch FROM created_at - shipped_at) / 3600) AS hours
          FROM supplier_shipments WHERE tracking_number IS NOT NULL GROUP BY supplier_order_id) t
 WHERE t.supplier_order_id = so.id;

COMMENT ON COLUMN supplier_orders.units_ordered IS 'Sum of its items'' quantity.';
COMMENT ON COLUMN supplier_orders.units_shipped IS 'Sum of its items'' quantity_shipped.';
COMMENT ON COLUMN supplier_orders.tracked_parcels IS 'Its parcels (supplier_shipments) with a tracking number.';
COMMENT ON COLUMN supplier_orders.tracking_hours IS
  'Sum over those parcels of the hours from shipped_at to created_at (when the tracking reached the shop).';
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
