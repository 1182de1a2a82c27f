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
