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
