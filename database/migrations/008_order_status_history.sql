-- 008_order_status_history: every change of an order's status, with its cause.
--   order_status_events: one row per applied change (from, to, why, who, when). The orders module
--   writes it in the same transaction as the change itself, so the history never disagrees with
--   orders.status. A refused change writes nothing.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it

CREATE TABLE order_status_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id     bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  -- what made the change: placed, cancelled, own stock shipped, ...
  cause        text NOT NULL CHECK (cause <> ''),
  -- who: a user's e-mail, an API token's name, 'customer', 'system'
  actor        text NOT NULL CHECK (actor <> ''),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT order_status_events_changes CHECK (from_status <> to_status)
);

-- An order's history, oldest first: WHERE order_id = $1 ORDER BY id; also the FK order_id.
CREATE INDEX order_status_events_order_idx ON order_status_events (order_id, id);
