-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 003_customers_orders
\set jne_version 003
\set jne_name customers_orders
\set jne_previous 002
\set jne_checksum 6540f65ae44d32a0105f54cec74f021686b6e85b397b4b3e32427628b44aa92f
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
-- 003_customers_orders: customers (guest checkout, keyed by e-mail), orders
-- and their items.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file prefer-bigint-over-int -- integer is used only for line quantities; every id and foreign key is bigint
-- squawk-ignore-file ban-char-field -- currency is an ISO 4217 code, exactly 3 letters: char(3) by design, with a CHECK

CREATE TABLE customers (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  name       text,
  phone      text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Checkout upserts the customer by address: ON CONFLICT ((lower(email))); one customer per address.
CREATE UNIQUE INDEX customers_email_lower_key ON customers (lower(email));

CREATE TRIGGER customers_set_updated_at
  BEFORE UPDATE ON customers
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE orders (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Human-facing number, e.g. JNE-2025-000123; its UNIQUE index serves lookup by number.
  order_number     text NOT NULL CONSTRAINT orders_order_number_key UNIQUE,
  -- NULL once a customer is erased (GDPR); the order keeps its e-mail.
  customer_id      bigint REFERENCES customers (id) ON DELETE SET NULL,
  email            text NOT NULL,
  status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'confirmed', 'processing', 'partially_shipped',
                                       'shipped', 'delivered', 'cancelled')),
  currency         char(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal         numeric(12, 2) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  shipping_total   numeric(12, 2) NOT NULL DEFAULT 0 CHECK (shipping_total >= 0),
  tax_total        numeric(12, 2) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  total            numeric(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  shipping_address jsonb NOT NULL CHECK (jsonb_typeof(shipping_address) = 'object'),
  billing_address  jsonb CHECK (jsonb_typeof(billing_address) = 'object'),
  -- Idempotency-Key header of the request that created the order; a replay
  -- with the same key and the same request_hash returns this order, one with
  -- a different body is rejected. Its UNIQUE index serves that lookup.
  idempotency_key  text CONSTRAINT orders_idempotency_key_key UNIQUE,
  -- sha256 hex of the canonical request body.
  request_hash     text,
  notes            text,
  placed_at        timestamptz NOT NULL DEFAULT now(),
  cancelled_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_request_hash_with_key CHECK (request_hash IS NULL OR idempotency_key IS NOT NULL),
  CONSTRAINT orders_cancelled_at_status CHECK (cancelled_at IS NULL OR status = 'cancelled')
);

-- A customer's orders (account/order history); also the FK customer_id (ON DELETE SET NULL).
CREATE INDEX orders_customer_id_idx ON orders (customer_id) WHERE customer_id IS NOT NULL;
-- Back-office order list filtered by status, newest first: WHERE status = $1 ORDER BY placed_at DESC.
CREATE INDEX orders_status_placed_idx ON orders (status, placed_at DESC);
-- Back-office order list and reports by date, newest first: ORDER BY placed_at DESC / WHERE placed_at >= $1.
CREATE INDEX orders_placed_at_idx ON orders (placed_at DESC);

CREATE TRIGGER orders_set_updated_at
  BEFORE UPDATE ON orders
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE order_items (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id bigint NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
  -- sku, name and unit_price are copied at order time: the order does not
  -- change when the product does.
  sku        text NOT NULL,
  name       text NOT NULL,
  quantity   integer NOT NULL CHECK (quantity > 0),
  unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
  line_total numeric(12, 2) NOT NULL CHECK (line_total >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Items of an order (order detail, routing, cascade delete); also the FK order_id.
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
-- Sales of a product (product history, the RESTRICT check when deleting a product); also the FK product_id.
CREATE INDEX order_items_product_id_idx ON order_items (product_id);
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
