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
-- 005_dropshipping_platform_phase1: the core of the dropshipping platform.
-- Runbook: shared/seed/000_508b1a26bd9eaeb3.txt (Migration 005).
--
--   new tables (7): inventory_sources, fulfillment_inventory, supplier_catalogs,
--                   supplier_orders, supplier_order_items, pricing_rules,
--                   supplier_performance
--   suppliers:      22 integration columns (ALTER TABLE ... ADD COLUMN, every
--                   one NULL-able or with a constant default, so existing rows
--                   stay valid and no table rewrite happens) and 4 indexes,
--                   among them the unique suppliers_name_lower_key
--   indexes:        47: 34 named CREATE [UNIQUE] INDEX + 13 PRIMARY KEY/UNIQUE
--   triggers:       5 (updated_at via set_updated_at() from 001)
--   rows:           2 in pricing_rules
--
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here, so
-- a failure anywhere leaves the database exactly as it was.
-- Failure modes (see the runbook):
--   "relation ... already exists" (42P07): 005 was already applied.
--   "could not create unique index suppliers_name_lower_key" (23505): two
--     suppliers have the same name ignoring case; rename one and re-run:
--     SELECT lower(name), array_agg(code) FROM suppliers GROUP BY 1 HAVING count(*) > 1;
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file prefer-bigint-over-int -- integer is used only for bounded quantities, counts, days, hours and priorities; every id and foreign key is bigint
-- squawk-ignore-file ban-char-field -- currency is an ISO 4217 code, exactly 3 letters: char(3) by design, with a CHECK


-- ---------------------------------------------------------------------------
-- suppliers: integration columns
-- ---------------------------------------------------------------------------
-- One statement: one ACCESS EXCLUSIVE lock on suppliers, one validation scan
-- of the (small) table for the CHECKs; constant defaults need no rewrite.
ALTER TABLE suppliers
  -- How supplier orders are sent.
  ADD COLUMN order_method text NOT NULL DEFAULT 'manual'
    CONSTRAINT suppliers_order_method_check
    CHECK (order_method IN ('api', 'email', 'csv_sftp', 'csv_folder', 'manual')),
  -- REST endpoint for order_method = 'api'.
  ADD COLUMN api_endpoint text
    CONSTRAINT suppliers_api_endpoint_check CHECK (api_endpoint ~ '^https?://'),
  -- AES-256-GCM ciphertext (base64 of iv | ciphertext | tag) of the API credentials JSON.
  ADD COLUMN api_credentials_encrypted text,
  -- AES-256-GCM ciphertext of the HMAC secret that signs the supplier's webhooks.
  ADD COLUMN webhook_secret_encrypted text,
  -- Recipient for order_method = 'email'.
  ADD COLUMN order_email text
    CONSTRAINT suppliers_order_email_check CHECK (order_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  -- Where the catalog feed comes from, and how it is read.
  ADD COLUMN catalog_feed_method text NOT NULL DEFAULT 'upload'
    CONSTRAINT suppliers_catalog_feed_method_check
    CHECK (catalog_feed_method IN ('url', 'sftp', 'folder', 'upload', 'api')),
  -- URL, sftp://host/path or folder path, depending on catalog_feed_method.
  ADD COLUMN catalog_feed_location text,
  ADD COLUMN catalog_feed_format text NOT NULL DEFAULT 'csv'
    CONSTRAINT suppliers_catalog_feed_format_check CHECK (catalog_feed_format IN ('csv', 'json')),
  -- Our field -> the feed's column, e.g. {"supplier_sku":"Art.-Nr.","cost_price":"EK netto"}.
  ADD COLUMN catalog_column_mapping jsonb NOT NULL DEFAULT '{}'
    CONSTRAINT suppliers_catalog_column_mapping_check CHECK (jsonb_typeof(catalog_column_mapping) = 'object'),
  -- Cron expression (5 fields) for scheduled feed imports; NULL = not scheduled.
  ADD COLUMN catalog_sync_schedule text,
  -- Routing ignores this supplier's offers when the last import is older than this.
  ADD COLUMN catalog_max_age_hours integer NOT NULL DEFAULT 48
    CONSTRAINT suppliers_catalog_max_age_hours_check CHECK (catalog_max_age_hours > 0),
  ADD COLUMN last_catalog_sync_at timestamptz,
  -- Orders submitted before the cut-off (local time in order_cutoff_timezone)
  -- ship after handling_days working days; later ones a day later.
  ADD COLUMN order_cutoff_time time,
  ADD COLUMN order_cutoff_timezone text NOT NULL DEFAULT 'Europe/Berlin',
  ADD COLUMN handling_days integer NOT NULL DEFAULT 1
    CONSTRAINT suppliers_handling_days_check CHECK (handling_days >= 0),
  -- Supplier-side order conditions, in the supplier's currency.
  ADD COLUMN minimum_order_value numeric(12, 2) NOT NULL DEFAULT 0
    CONSTRAINT suppliers_minimum_order_value_check CHECK (minimum_order_value >= 0),
  ADD COLUMN per_order_fee numeric(12, 2) NOT NULL DEFAULT 0
    CONSTRAINT suppliers_per_order_fee_check CHECK (per_order_fee >= 0),
  -- {"type":"flat","amount":"4.90"} | {"type":"free_over","amount":"4.90","threshold":"100.00"}
  -- | {"type":"per_item","amount":"1.50"}; amounts are decimal strings.
  ADD COLUMN shipping_cost_rule jsonb NOT NULL DEFAULT '{"type":"flat","amount":"0.00"}'
    CONSTRAINT suppliers_shipping_cost_rule_check
    CHECK (jsonb_typeof(shipping_cost_rule) = 'object' AND shipping_cost_rule ? 'type'),
  -- Currency of the supplier's prices and fees.
  ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR'
    CONSTRAINT suppliers_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  -- true = supplier orders are dispatched without an operator's approval.
  ADD COLUMN auto_submit boolean NOT NULL DEFAULT false,
  -- Units held back from the supplier's reported stock before routing to it.
  ADD COLUMN stock_buffer integer NOT NULL DEFAULT 0
    CONSTRAINT suppliers_stock_buffer_check CHECK (stock_buffer >= 0),
  -- true = ships directly to our customers (candidate for routing).
  ADD COLUMN is_dropship boolean NOT NULL DEFAULT false;

-- Supplier lookup by name in the API/CLI: WHERE lower(name) = lower($1); one supplier per name, case-insensitively.
-- On existing data this is where 005 can fail with "could not create unique index" (23505) if names collide.
-- require-concurrent-index-creation: CONCURRENTLY cannot run inside the migrator's transaction, and suppliers is a small table.
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX suppliers_name_lower_key ON suppliers (lower(name));
-- Dispatch workers per method, e.g. the e-mail and CSV senders: WHERE order_method = $1.
-- squawk-ignore require-concurrent-index-creation -- same as above: inside the migrator's transaction, small table
CREATE INDEX suppliers_order_method_idx ON suppliers (order_method);
-- Supplier lists and routing candidates: WHERE status = 'active' (and is_dropship).
-- squawk-ignore require-concurrent-index-creation -- same as above: inside the migrator's transaction, small table
CREATE INDEX suppliers_status_idx ON suppliers (status, is_dropship);
-- Catalog sync scheduler: active suppliers with an automatic feed, least recently synced first.
-- squawk-ignore require-concurrent-index-creation -- same as above: inside the migrator's transaction, small table
CREATE INDEX suppliers_catalog_sync_due_idx ON suppliers (last_catalog_sync_at NULLS FIRST)
  WHERE status = 'active' AND catalog_feed_method <> 'upload';


-- ---------------------------------------------------------------------------
-- inventory_sources: where a unit can come from
-- ---------------------------------------------------------------------------
CREATE TABLE inventory_sources (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type        text NOT NULL CHECK (type IN ('warehouse', 'supplier', '3pl')),
  -- Machine code, e.g. 'MAIN', 'SUP-ACME'; its UNIQUE index serves lookup by code.
  code        text NOT NULL CONSTRAINT inventory_sources_code_key UNIQUE,
  name        text NOT NULL,
  -- The supplier behind a 'supplier' source; only those have one.
  supplier_id bigint REFERENCES suppliers (id) ON DELETE RESTRICT,
  -- Last tie-break in routing: lower number is preferred.
  priority    integer NOT NULL DEFAULT 100,
  is_active   boolean NOT NULL DEFAULT true,
  address     jsonb CHECK (jsonb_typeof(address) = 'object'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inventory_sources_supplier_id_check CHECK ((type = 'supplier') = (supplier_id IS NOT NULL))
);

-- Source of a supplier (routing maps a supplier offer to its source); also the FK supplier_id.
CREATE INDEX inventory_sources_supplier_id_idx ON inventory_sources (supplier_id) WHERE supplier_id IS NOT NULL;
-- Routing candidates: active sources of a type in priority order: WHERE type = $1 AND is_active ORDER BY priority.
CREATE INDEX inventory_sources_type_priority_idx ON inventory_sources (type, priority) WHERE is_active;

CREATE TRIGGER inventory_sources_set_updated_at
  BEFORE UPDATE ON inventory_sources
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();


-- ---------------------------------------------------------------------------
-- fulfillment_inventory: stock per own source (warehouse, 3PL) and product
-- ---------------------------------------------------------------------------
CREATE TABLE fulfillment_inventory (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id           bigint NOT NULL REFERENCES inventory_sources (id) ON DELETE RESTRICT,
  product_id          bigint NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
  quantity_on_hand    integer NOT NULL DEFAULT 0 CHECK (quantity_on_hand >= 0),
  -- Units promised to placed orders, not yet shipped. Order placement reserves
  -- with one conditional UPDATE ... SET quantity_reserved = quantity_reserved + $n
  -- WHERE quantity_on_hand - quantity_reserved >= $n; the CHECK below is the backstop.
  quantity_reserved   integer NOT NULL DEFAULT 0 CHECK (quantity_reserved >= 0),
  quantity_available  integer GENERATED ALWAYS AS (quantity_on_hand - quantity_reserved) STORED,
  low_stock_threshold integer NOT NULL DEFAULT 0 CHECK (low_stock_threshold >= 0),
  bin_location        text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fulfillment_inventory_reserved_check CHECK (quantity_reserved <= quantity_on_hand),
  -- Stock upserts ON CONFLICT (source_id, product_id); leading column also serves the FK source_id.
  CONSTRAINT fulfillment_inventory_source_product_key UNIQUE (source_id, product_id)
);

-- Stock of a product across sources (product page, stock API); also the FK product_id.
CREATE INDEX fulfillment_inventory_product_id_idx ON fulfillment_inventory (product_id);
-- Routing: own stock that can be sold: WHERE product_id = ANY($1) AND quantity_on_hand > quantity_reserved.
CREATE INDEX fulfillment_inventory_available_idx ON fulfillment_inventory (product_id, source_id)
  WHERE quantity_on_hand > quantity_reserved;
-- Low-stock report per source: WHERE source_id = $1 AND quantity_available <= low_stock_threshold.
CREATE INDEX fulfillment_inventory_low_stock_idx ON fulfillment_inventory (source_id, quantity_available)
  WHERE quantity_available <= low_stock_threshold;

CREATE TRIGGER fulfillment_inventory_set_updated_at
  BEFORE UPDATE ON fulfillment_inventory
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();


-- ---------------------------------------------------------------------------
-- supplier_catalogs: each supplier's offer (imported feed), linked to products
-- ---------------------------------------------------------------------------
CREATE TABLE supplier_catalogs (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supplier_id        bigint NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  supplier_sku       text NOT NULL CHECK (length(btrim(supplier_sku)) > 0),
  -- The link to our product; NULL until matched (by GTIN or by the operator).
  product_id         bigint REFERENCES products (id) ON DELETE SET NULL,
  gtin               text CHECK (gtin ~ '^[0-9]{8,14}$'),
  name               text,
  -- Supplier's price per unit, net, in currency.
  cost_price         numeric(12, 4) NOT NULL CHECK (cost_price >= 0),
  currency           char(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  -- As reported by the feed; routing subtracts suppliers.stock_buffer.
  stock_quantity     integer NOT NULL DEFAULT 0 CHECK (stock_quantity >= 0),
  lead_time_days     integer CHECK (lead_time_days >= 0),
  min_order_quantity integer NOT NULL DEFAULT 1 CHECK (min_order_quantity >= 1),
  -- false = no longer in the feed or discontinued; rows are never deleted.
  is_available       boolean NOT NULL DEFAULT true,
  -- The feed row as received, after column mapping.
  raw                jsonb,
  -- sha256 hex of the normalized row: import skips rows whose hash is unchanged.
  content_hash       text,
  -- Set on every import that contains the row.
  last_seen_at       timestamptz NOT NULL DEFAULT now(),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  -- Import upsert ON CONFLICT (supplier_id, supplier_sku); leading column also serves the FK supplier_id.
  CONSTRAINT supplier_catalogs_supplier_sku_key UNIQUE (supplier_id, supplier_sku)
);

-- Import auto-link: a supplier's rows by GTIN, joined to products.gtin: WHERE supplier_id = $1 AND gtin IS NOT NULL.
CREATE INDEX supplier_catalogs_supplier_gtin_idx ON supplier_catalogs (supplier_id, gtin) WHERE gtin IS NOT NULL;
-- Offers for a product across suppliers (routing candidates, set-based repricing by lowest cost): also the FK product_id.
CREATE INDEX supplier_catalogs_product_offer_idx ON supplier_catalogs (product_id, is_available, cost_price)
  WHERE product_id IS NOT NULL;
-- "Which suppliers offer this EAN?" from the product page and the link dialog: WHERE gtin = $1.
CREATE INDEX supplier_catalogs_gtin_idx ON supplier_catalogs (gtin) WHERE gtin IS NOT NULL;
-- Operator's link queue: a supplier's rows not yet linked to a product, by SKU.
CREATE INDEX supplier_catalogs_unlinked_idx ON supplier_catalogs (supplier_id, supplier_sku) WHERE product_id IS NULL;
-- Import end: mark rows missing from this feed unavailable: WHERE supplier_id = $1 AND is_available AND last_seen_at < $2.
CREATE INDEX supplier_catalogs_last_seen_idx ON supplier_catalogs (supplier_id, last_seen_at) WHERE is_available;

CREATE TRIGGER supplier_catalogs_set_updated_at
  BEFORE UPDATE ON supplier_catalogs
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();


-- ---------------------------------------------------------------------------
-- supplier_orders: the part of an order that one supplier ships
-- ---------------------------------------------------------------------------
CREATE TABLE supplier_orders (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id           bigint NOT NULL REFERENCES orders (id) ON DELETE RESTRICT,
  supplier_id        bigint NOT NULL REFERENCES suppliers (id) ON DELETE RESTRICT,
  status             text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'submitted', 'acknowledged', 'rejected',
                                         'partially_shipped', 'shipped', 'delivered',
                                         'cancel_requested', 'cancelled', 'failed')),
  -- The suppliers.order_method used for this order (copied when it is created).
  method             text NOT NULL DEFAULT 'manual'
                       CHECK (method IN ('api', 'email', 'csv_sftp', 'csv_folder', 'manual')),
  -- Sent with every submission attempt so the supplier can drop duplicates.
  -- Its UNIQUE index serves the dispatcher's lookup by key.
  idempotency_key    text NOT NULL CONSTRAINT supplier_orders_idempotency_key_key UNIQUE,
  -- The supplier's order number, once known.
  external_reference text,
  currency           char(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  -- Costs to us, in currency.
  subtotal_cost      numeric(12, 4) NOT NULL DEFAULT 0 CHECK (subtotal_cost >= 0),
  per_order_fee      numeric(12, 2) NOT NULL DEFAULT 0 CHECK (per_order_fee >= 0),
  shipping_cost      numeric(12, 2) NOT NULL DEFAULT 0 CHECK (shipping_cost >= 0),
  -- Dispatch retries: attempts so far, last failure, when to try again.
  attempts           integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error         text,
  next_attempt_at    timestamptz,
  submitted_at       timestamptz,
  acknowledged_at    timestamptz,
  shipped_at         timestamptz,
  delivered_at       timestamptz,
  cancelled_at       timestamptz,
  -- Expected ship date from the supplier's cut-off time and handling days.
  ship_by            timestamptz,
  carrier            text,
  tracking_number    text,
  tracking_url       text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Supplier orders of an order (order detail, status roll-up); also the FK order_id.
CREATE INDEX supplier_orders_order_id_idx ON supplier_orders (order_id);
-- A supplier's orders by status, oldest first (supplier page, CSV export of pending orders); also the FK supplier_id.
CREATE INDEX supplier_orders_supplier_status_created_idx ON supplier_orders (supplier_id, status, created_at);
-- Supplier performance over a period: WHERE supplier_id = $1 AND created_at >= $2 AND created_at < $3.
CREATE INDEX supplier_orders_supplier_created_idx ON supplier_orders (supplier_id, created_at);
-- Dispatch queue: due orders to (re)send: WHERE status IN ('pending','failed') AND next_attempt_at <= now().
CREATE INDEX supplier_orders_dispatch_queue_idx ON supplier_orders (status, next_attempt_at)
  WHERE status IN ('pending', 'failed');
-- Cancellation queue: cancel requests still to send to the supplier: WHERE status = 'cancel_requested'.
CREATE INDEX supplier_orders_cancel_queue_idx ON supplier_orders (next_attempt_at)
  WHERE status = 'cancel_requested';
-- Overdue monitor: sent but not shipped past ship_by: WHERE status IN ('submitted','acknowledged') AND ship_by < now().
CREATE INDEX supplier_orders_overdue_idx ON supplier_orders (ship_by)
  WHERE status IN ('submitted', 'acknowledged');
-- Back-office list of supplier orders by status, newest first.
CREATE INDEX supplier_orders_status_created_idx ON supplier_orders (status, created_at DESC);
-- Inbound shipment webhooks/CSV and customer support: WHERE tracking_number = $1.
CREATE INDEX supplier_orders_tracking_number_idx ON supplier_orders (tracking_number) WHERE tracking_number IS NOT NULL;
-- Inbound acknowledgements/shipments quoting the supplier's order number: WHERE external_reference = $1 (AND supplier_id = $2).
CREATE INDEX supplier_orders_external_reference_idx ON supplier_orders (external_reference, supplier_id)
  WHERE external_reference IS NOT NULL;

CREATE TRIGGER supplier_orders_set_updated_at
  BEFORE UPDATE ON supplier_orders
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();


-- ---------------------------------------------------------------------------
-- supplier_order_items: order lines of a supplier order
-- ---------------------------------------------------------------------------
CREATE TABLE supplier_order_items (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supplier_order_id   bigint NOT NULL REFERENCES supplier_orders (id) ON DELETE CASCADE,
  order_item_id       bigint NOT NULL REFERENCES order_items (id) ON DELETE RESTRICT,
  -- The offer the line was routed to; NULL if that catalog row is gone.
  supplier_catalog_id bigint REFERENCES supplier_catalogs (id) ON DELETE SET NULL,
  product_id          bigint NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
  supplier_sku        text NOT NULL,
  quantity            integer NOT NULL CHECK (quantity > 0),
  -- Supplier's unit cost at routing time, in the supplier order's currency.
  unit_cost           numeric(12, 4) NOT NULL CHECK (unit_cost >= 0),
  quantity_shipped    integer NOT NULL DEFAULT 0 CHECK (quantity_shipped >= 0),
  quantity_cancelled  integer NOT NULL DEFAULT 0 CHECK (quantity_cancelled >= 0),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT supplier_order_items_quantities_check
    CHECK (quantity_shipped + quantity_cancelled <= quantity)
);

-- Lines of a supplier order (submission payload, cascade delete), an order line at most once per
-- supplier order; leading column serves the FK supplier_order_id.
CREATE UNIQUE INDEX supplier_order_items_line_key ON supplier_order_items (supplier_order_id, order_item_id);
-- Inbound shipment lines identify items by the supplier's SKU: WHERE supplier_order_id = $1 AND supplier_sku = $2.
CREATE INDEX supplier_order_items_sku_idx ON supplier_order_items (supplier_order_id, supplier_sku);
-- Fulfillment state of an order line (shipped/cancelled quantities, re-routing); also the FK order_item_id.
CREATE INDEX supplier_order_items_order_item_id_idx ON supplier_order_items (order_item_id);
-- Orders placed on a catalog offer (offer history; ON DELETE SET NULL); also the FK supplier_catalog_id.
CREATE INDEX supplier_order_items_supplier_catalog_id_idx ON supplier_order_items (supplier_catalog_id)
  WHERE supplier_catalog_id IS NOT NULL;
-- Dropship sales of a product (product history, RESTRICT check on product delete); also the FK product_id.
CREATE INDEX supplier_order_items_product_id_idx ON supplier_order_items (product_id);


-- ---------------------------------------------------------------------------
-- pricing_rules: selling price = f(cost)
-- ---------------------------------------------------------------------------
-- Precedence: active rules are tried in ascending priority (LOWER number =
-- HIGHER precedence, ties by id); the first rule whose scope matches the cost
-- wins. scope 'all' matches every cost: give it the highest number so it is
-- the fallback.
-- Price: percent    cost * (1 + markup_value / 100)
--        fixed      cost + markup_value
--        multiplier cost * markup_value
-- then raised to at least cost / (1 - min_margin_percent / 100), so that the
-- margin (price - cost) / price is never below min_margin_percent, then
-- rounded UP to the ending in rounding ('0.99' -> x.99, 'whole' -> x.00).
-- compare_at_price = price * (1 + compare_at_markup_percent / 100), NULL = none.
-- cost_range matches min_cost <= cost < max_cost (a NULL bound is open).
CREATE TABLE pricing_rules (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Its UNIQUE index serves lookup by name (CLI, seed rows).
  name                      text NOT NULL CONSTRAINT pricing_rules_name_key UNIQUE,
  description               text,
  scope                     text NOT NULL CHECK (scope IN ('all', 'category', 'supplier', 'cost_range')),
  category_id               bigint REFERENCES categories (id) ON DELETE CASCADE,
  supplier_id               bigint REFERENCES suppliers (id) ON DELETE CASCADE,
  min_cost                  numeric(12, 4) CHECK (min_cost >= 0),
  max_cost                  numeric(12, 4) CHECK (max_cost >= 0),
  priority                  integer NOT NULL DEFAULT 100,
  markup_type               text NOT NULL CHECK (markup_type IN ('percent', 'fixed', 'multiplier')),
  markup_value              numeric(12, 4) NOT NULL CHECK (markup_value >= 0),
  min_margin_percent        numeric(6, 2) NOT NULL DEFAULT 0
                              CHECK (min_margin_percent >= 0 AND min_margin_percent < 100),
  rounding                  text NOT NULL DEFAULT 'none'
                              CHECK (rounding IN ('none', '0.99', '0.95', '0.90', 'whole')),
  compare_at_markup_percent numeric(6, 2) CHECK (compare_at_markup_percent >= 0),
  is_active                 boolean NOT NULL DEFAULT true,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  -- The scope's own column is set, and only that one.
  CONSTRAINT pricing_rules_category_scope_check CHECK ((scope = 'category') = (category_id IS NOT NULL)),
  CONSTRAINT pricing_rules_supplier_scope_check CHECK ((scope = 'supplier') = (supplier_id IS NOT NULL)),
  CONSTRAINT pricing_rules_cost_range_scope_check CHECK (
    CASE WHEN scope = 'cost_range'
         THEN (min_cost IS NOT NULL OR max_cost IS NOT NULL)
              AND (min_cost IS NULL OR max_cost IS NULL OR min_cost < max_cost)
         ELSE min_cost IS NULL AND max_cost IS NULL
    END),
  CONSTRAINT pricing_rules_multiplier_check CHECK (markup_type <> 'multiplier' OR markup_value > 0)
);

-- Rule resolution (preview and set-based reprice): WHERE is_active ORDER BY priority, by scope.
CREATE INDEX pricing_rules_scope_priority_idx ON pricing_rules (scope, priority) WHERE is_active;
-- Rules of a category (category page, ON DELETE CASCADE); also the FK category_id.
CREATE INDEX pricing_rules_category_id_idx ON pricing_rules (category_id) WHERE category_id IS NOT NULL;
-- Rules of a supplier (supplier page, ON DELETE CASCADE); also the FK supplier_id.
CREATE INDEX pricing_rules_supplier_id_idx ON pricing_rules (supplier_id) WHERE supplier_id IS NOT NULL;
-- Cost-range rules matching a cost: WHERE scope = 'cost_range' AND min_cost <= $1 AND $1 < max_cost.
CREATE INDEX pricing_rules_cost_range_idx ON pricing_rules (min_cost, max_cost)
  WHERE scope = 'cost_range' AND is_active;

CREATE TRIGGER pricing_rules_set_updated_at
  BEFORE UPDATE ON pricing_rules
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The 2 seed rules (the runbook expects exactly 2 rows after apply).
INSERT INTO pricing_rules
  (name, description, scope, min_cost, max_cost, priority,
   markup_type, markup_value, min_margin_percent, rounding)
VALUES
  -- 'Default margin': the fallback for every cost no other rule matches
  -- (scope all, priority 1000 = lowest precedence): cost + 40 %, never under a
  -- 15 % margin, price ending in .99. Cost 10.00 -> 14.00 -> 14.99.
  ('Default margin',
   'Fallback for all products: cost + 40 %, at least 15 % margin, price ending .99.',
   'all', NULL, NULL, 1000,
   'percent', 40, 15, '0.99'),
  -- 'Low-cost items': costs from 0 up to (not including) 10.00 (priority 100 =
  -- tried before the default): cost x 2, at least 25 % margin, ending .99,
  -- because fixed per-order costs weigh more on cheap items.
  -- Cost 3.20 -> 6.40 -> 6.99.
  ('Low-cost items',
   'Costs 0 to under 10.00: cost x 2.0, at least 25 % margin, price ending .99.',
   'cost_range', 0, 10, 100,
   'multiplier', 2.0, 25, '0.99');


-- ---------------------------------------------------------------------------
-- supplier_performance: metrics per supplier and period (feeds routing)
-- ---------------------------------------------------------------------------
CREATE TABLE supplier_performance (
  id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supplier_id                bigint NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  period_start               date NOT NULL,
  period_end                 date NOT NULL,
  orders_count               integer NOT NULL DEFAULT 0 CHECK (orders_count >= 0),
  items_ordered              integer NOT NULL DEFAULT 0 CHECK (items_ordered >= 0),
  items_shipped              integer NOT NULL DEFAULT 0 CHECK (items_shipped >= 0),
  -- Rates are fractions 0..1; NULL = no data in the period.
  fill_rate                  numeric(5, 4) CHECK (fill_rate BETWEEN 0 AND 1),
  on_time_ship_rate          numeric(5, 4) CHECK (on_time_ship_rate BETWEEN 0 AND 1),
  mean_handling_hours        numeric(8, 2) CHECK (mean_handling_hours >= 0),
  cancellation_rate          numeric(5, 4) CHECK (cancellation_rate BETWEEN 0 AND 1),
  defect_rate                numeric(5, 4) CHECK (defect_rate BETWEEN 0 AND 1),
  return_rate                numeric(5, 4) CHECK (return_rate BETWEEN 0 AND 1),
  mean_tracking_upload_hours numeric(8, 2) CHECK (mean_tracking_upload_hours >= 0),
  rating                     numeric(3, 2) CHECK (rating BETWEEN 0 AND 5),
  computed_at                timestamptz NOT NULL DEFAULT now(),
  created_at                 timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT supplier_performance_period_check CHECK (period_end >= period_start),
  -- Recompute upserts ON CONFLICT (supplier_id, period_start, period_end); leading column also serves the FK.
  CONSTRAINT supplier_performance_period_key UNIQUE (supplier_id, period_start, period_end)
);

-- Routing and supplier page: a supplier's latest rating: WHERE supplier_id = $1 ORDER BY period_end DESC LIMIT 1.
CREATE INDEX supplier_performance_latest_idx ON supplier_performance (supplier_id, period_end DESC);
-- Performance dashboard: all suppliers for a period: WHERE period_start = $1 AND period_end = $2.
CREATE INDEX supplier_performance_period_idx ON supplier_performance (period_start, period_end);
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
