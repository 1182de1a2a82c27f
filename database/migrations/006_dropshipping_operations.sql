-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 006_dropshipping_operations
\set jne_version 006
\set jne_name dropshipping_operations
\set jne_previous 005
\set jne_checksum c11b92e5063db8e4ae260d801893fd38393f1cd19c89d758d7f99cc010529103
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
-- 006_dropshipping_operations: what the phase-1 tables need to do their work.
--   inventory_adjustments: the audit trail of every own-stock change (who, why, how much).
--   order_item_allocations: where each order line is fulfilled from (own stock or a supplier
--     order line), the reservation state, and the routing decision (candidates, why it won).
--   catalog_imports: one row per supplier feed import, with its report.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file prefer-bigint-over-int -- integer is used only for bounded quantities and counts; every id and foreign key is bigint

-- ---------------------------------------------------------------------------
-- inventory_adjustments: every change of quantity_on_hand, kept forever
-- ---------------------------------------------------------------------------
CREATE TABLE inventory_adjustments (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inventory_id            bigint NOT NULL REFERENCES fulfillment_inventory (id) ON DELETE CASCADE,
  -- change of quantity_on_hand (+ received, - shipped or written off)
  quantity_change         integer NOT NULL,
  quantity_on_hand_after  integer NOT NULL CHECK (quantity_on_hand_after >= 0),
  reason                  text NOT NULL
                            CHECK (reason IN ('set', 'received', 'correction', 'damaged', 'returned', 'shipped')),
  note                    text,
  -- the order whose shipment decremented the stock
  order_id                bigint REFERENCES orders (id) ON DELETE SET NULL,
  -- who did it: a user's e-mail, a token's name, 'jne stock set'
  actor                   text NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now()
);

-- Stock history of one inventory row, newest first; also the FK inventory_id.
CREATE INDEX inventory_adjustments_inventory_created_idx ON inventory_adjustments (inventory_id, created_at DESC);
-- Adjustments caused by an order's shipment (order detail); also the FK order_id.
CREATE INDEX inventory_adjustments_order_id_idx ON inventory_adjustments (order_id) WHERE order_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- order_item_allocations: the routing of each order line
-- ---------------------------------------------------------------------------
CREATE TABLE order_item_allocations (
  id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id                 bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  order_item_id            bigint NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
  source_type              text NOT NULL CHECK (source_type IN ('warehouse', '3pl', 'supplier')),
  -- own stock (warehouse, 3pl): the inventory row the units are reserved on
  fulfillment_inventory_id bigint REFERENCES fulfillment_inventory (id) ON DELETE RESTRICT,
  -- dropship: the supplier order line that carries the units
  supplier_order_item_id   bigint REFERENCES supplier_order_items (id) ON DELETE CASCADE,
  quantity                 integer NOT NULL CHECK (quantity > 0),
  -- cost per unit at routing time (own cost or supplier landed cost), for margin reports
  unit_cost                numeric(12, 4) CHECK (unit_cost >= 0),
  -- reserved: own units held for the order; shipped: left the warehouse (stock decremented);
  -- released: the order was cancelled; ordered: sent to a supplier; cancelled: supplier line cancelled
  status                   text NOT NULL
                             CHECK (status IN ('reserved', 'shipped', 'released', 'ordered', 'cancelled')),
  -- the decision: {"rule": "...", "chosen": {...}, "candidates": [{..., "rejected": "why"}]}
  decision                 jsonb NOT NULL CHECK (jsonb_typeof(decision) = 'object'),
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT order_item_allocations_target_check CHECK (
    CASE WHEN source_type = 'supplier'
         THEN supplier_order_item_id IS NOT NULL AND fulfillment_inventory_id IS NULL
         ELSE fulfillment_inventory_id IS NOT NULL AND supplier_order_item_id IS NULL
    END)
);

-- Allocations of an order (order detail, cancellation releases them all); also the FK order_id.
CREATE INDEX order_item_allocations_order_id_idx ON order_item_allocations (order_id);
-- Allocations of one line (split lines); also the FK order_item_id.
CREATE INDEX order_item_allocations_order_item_id_idx ON order_item_allocations (order_item_id);
-- Open reservations on an inventory row (stock reconciliation: reserved = sum of these); also the FK.
CREATE INDEX order_item_allocations_inventory_idx ON order_item_allocations (fulfillment_inventory_id, status)
  WHERE fulfillment_inventory_id IS NOT NULL;
-- The allocation of a supplier order line (shipment updates); also the FK supplier_order_item_id.
CREATE INDEX order_item_allocations_supplier_item_idx ON order_item_allocations (supplier_order_item_id)
  WHERE supplier_order_item_id IS NOT NULL;

CREATE TRIGGER order_item_allocations_set_updated_at
  BEFORE UPDATE ON order_item_allocations
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------
-- catalog_imports: one row per supplier feed import, with its report
-- ---------------------------------------------------------------------------
CREATE TABLE catalog_imports (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supplier_id        bigint NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  -- file name or URL of the feed
  source             text NOT NULL,
  format             text NOT NULL CHECK (format IN ('csv', 'json')),
  -- full: items missing from the feed become unavailable; delta: only the rows given change
  mode               text NOT NULL DEFAULT 'full' CHECK (mode IN ('full', 'delta')),
  status             text NOT NULL DEFAULT 'running'
                       CHECK (status IN ('running', 'completed', 'refused', 'failed')),
  forced             boolean NOT NULL DEFAULT false,
  rows_read          integer NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
  inserted           integer NOT NULL DEFAULT 0 CHECK (inserted >= 0),
  updated            integer NOT NULL DEFAULT 0 CHECK (updated >= 0),
  unchanged          integer NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
  rejected           integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
  marked_unavailable integer NOT NULL DEFAULT 0 CHECK (marked_unavailable >= 0),
  products_repriced  integer NOT NULL DEFAULT 0 CHECK (products_repriced >= 0),
  -- [{"line": 12, "reason": "cost_price: not a decimal number: 'abc'"}, ...] (the first 1000)
  rejections         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rejections) = 'array'),
  -- why the guard refused the feed, or why it failed
  message            text,
  started_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz
);

-- A supplier's import history, newest first (supplier page, "last import" in the CLI); also the FK.
CREATE INDEX catalog_imports_supplier_started_idx ON catalog_imports (supplier_id, started_at DESC);
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
