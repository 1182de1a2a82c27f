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
-- 011_supplier_reroute: what re-routing a supplier order's lines and the live re-check need.
--   order_items.unfulfillable_since, unfulfillable_reason: a line that re-routing could fill from
--     nowhere, since when and why (the operator's alarm reads them); both set or both empty.
--   order_item_allocations: status 'rerouted' (the units of a rejected, failed or cancelled
--     supplier order that were moved away from it), and replaces_allocation_id: the allocation a
--     re-routed one took the place of.
--   suppliers.live_stock_check: ask the supplier's stock endpoint (DESIGN §7) for stock and cost
--     before each order is sent to its API.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file require-concurrent-index-creation -- a migration runs in one transaction, where CONCURRENTLY cannot run; both indexes are partial and cover only the new, empty columns
-- squawk-ignore-file constraint-missing-not-valid, adding-foreign-key-constraint -- the checks and the foreign key are on new columns (empty everywhere) or widen an existing check: validated at once

-- ---------------------------------------------------------------------------
-- order_items: lines nothing can fill
-- ---------------------------------------------------------------------------
ALTER TABLE order_items
  ADD COLUMN unfulfillable_since timestamptz,
  ADD COLUMN unfulfillable_reason text CHECK (length(btrim(unfulfillable_reason)) > 0),
  ADD CONSTRAINT order_items_unfulfillable_check CHECK ((unfulfillable_since IS NULL) = (unfulfillable_reason IS NULL));

-- The alarm of unfulfillable lines, oldest first.
CREATE INDEX order_items_unfulfillable_idx ON order_items (unfulfillable_since) WHERE unfulfillable_since IS NOT NULL;

-- ---------------------------------------------------------------------------
-- order_item_allocations: units moved away from a supplier order
-- ---------------------------------------------------------------------------
ALTER TABLE order_item_allocations DROP CONSTRAINT order_item_allocations_status_check;
ALTER TABLE order_item_allocations ADD CONSTRAINT order_item_allocations_status_check
  CHECK (status IN ('reserved', 'shipped', 'released', 'ordered', 'cancelled', 'rerouted'));
ALTER TABLE order_item_allocations
  ADD COLUMN replaces_allocation_id bigint REFERENCES order_item_allocations (id) ON DELETE CASCADE;

-- What a re-routed allocation became (the answer to a repeated re-route); also the FK.
CREATE INDEX order_item_allocations_replaces_idx ON order_item_allocations (replaces_allocation_id)
  WHERE replaces_allocation_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- suppliers: the live stock and cost re-check before sending by API
-- ---------------------------------------------------------------------------
ALTER TABLE suppliers ADD COLUMN live_stock_check boolean NOT NULL DEFAULT false;
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
