-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 010_supplier_dispatch
\set jne_version 010
\set jne_name supplier_dispatch
\set jne_previous 009
\set jne_checksum 2b302143c659324bb35bbcbfb024c9dbdff424a678dd5a0403f3b7562f30b690
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
-- 010_supplier_dispatch: what supplier orders need to leave the shop and come back.
--   supplier_order_events: every status change of a supplier order, and every refused one, with
--     what caused it (dispatch, a supplier's webhook, a tracking file, an operator, the shop).
--   supplier_webhook_receipts: the event ids a supplier's webhooks have delivered, so a repeated
--     event is answered without a second effect.
--   supplier_shipments: each parcel a supplier ships (carrier, tracking, the lines it carries).
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it

-- ---------------------------------------------------------------------------
-- supplier_order_events: the life of a supplier order, kept forever
-- ---------------------------------------------------------------------------
CREATE TABLE supplier_order_events (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supplier_order_id  bigint NOT NULL REFERENCES supplier_orders (id) ON DELETE CASCADE,
  from_status        text NOT NULL,
  to_status          text NOT NULL,
  -- what caused it: the dispatch worker's call (api), a supplier's webhook, a tracking file
  -- (csv), a person in the back office (operator), the shop itself (system)
  source             text NOT NULL CHECK (source IN ('api', 'webhook', 'csv', 'operator', 'system')),
  -- false: the transition was refused and nothing else changed
  applied            boolean NOT NULL,
  -- why: the supplier's reason, the error, or why the state machine refused it
  reason             text,
  -- who: a user's e-mail, a token's name, the worker, the supplier's code
  actor              text,
  -- what came with it: the webhook body, the supplier's answer, the tracking row
  payload            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object'),
  created_at         timestamptz NOT NULL DEFAULT now()
);

-- The history of one supplier order, in order; also the FK supplier_order_id.
CREATE INDEX supplier_order_events_order_idx ON supplier_order_events (supplier_order_id, id);

-- ---------------------------------------------------------------------------
-- supplier_webhook_receipts: event ids already received, per supplier
-- ---------------------------------------------------------------------------
CREATE TABLE supplier_webhook_receipts (
  supplier_id        bigint NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  event_id           text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 200),
  event_type         text NOT NULL,
  supplier_order_id  bigint REFERENCES supplier_orders (id) ON DELETE SET NULL,
  applied            boolean NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now(),
  -- The duplicate check: INSERT ... ON CONFLICT DO NOTHING; also serves the FK supplier_id.
  PRIMARY KEY (supplier_id, event_id)
);

-- The receipts of a supplier order (its history page); also the FK supplier_order_id.
CREATE INDEX supplier_webhook_receipts_order_idx ON supplier_webhook_receipts (supplier_order_id)
  WHERE supplier_order_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- supplier_shipments: parcels sent by suppliers, with tracking
-- ---------------------------------------------------------------------------
CREATE TABLE supplier_shipments (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supplier_order_id  bigint NOT NULL REFERENCES supplier_orders (id) ON DELETE CASCADE,
  carrier            text,
  tracking_number    text,
  tracking_url       text CHECK (tracking_url ~ '^https?://'),
  -- [{"supplierSku": "A-1", "quantity": 2}, ...]: the units in this parcel
  lines              jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(lines) = 'array'),
  source             text NOT NULL CHECK (source IN ('api', 'webhook', 'csv', 'operator', 'system')),
  shipped_at         timestamptz NOT NULL DEFAULT now(),
  created_at         timestamptz NOT NULL DEFAULT now()
);

-- The parcels of a supplier order (order page, customer's tracking links); also the FK.
CREATE INDEX supplier_shipments_order_idx ON supplier_shipments (supplier_order_id);
-- Customer support looks parcels up by tracking number.
CREATE INDEX supplier_shipments_tracking_number_idx ON supplier_shipments (tracking_number)
  WHERE tracking_number IS NOT NULL;
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
