-- Snapshot of a fully migrated database, written by `npm run db:snapshot`. Do not edit:
-- a test fails when database/migrations and this file disagree.

-- function catalog_changed()
CREATE OR REPLACE FUNCTION public.catalog_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO catalog_changes AS cc (backend_pid, changes) VALUES (pg_backend_pid(), 1)
  ON CONFLICT (backend_pid) DO UPDATE SET changes = cc.changes + 1;
  RETURN NULL;
END
$function$;

-- function catalog_changes_fold()
CREATE OR REPLACE FUNCTION public.catalog_changes_fold()
 RETURNS integer
 LANGUAGE sql
AS $function$
  WITH ended AS (
    DELETE FROM catalog_changes AS cc
     WHERE cc.backend_pid <> 0
       AND NOT EXISTS (SELECT FROM pg_stat_activity AS a WHERE a.pid = cc.backend_pid)
    RETURNING cc.changes
  ), folded AS (
    INSERT INTO catalog_changes AS cc (backend_pid, changes)
    SELECT 0, sum(changes) FROM ended HAVING count(*) > 0
    ON CONFLICT (backend_pid) DO UPDATE SET changes = cc.changes + EXCLUDED.changes
  )
  SELECT count(*)::integer FROM ended;
$function$;

-- function catalog_state()
CREATE OR REPLACE FUNCTION public.catalog_state()
 RETURNS text
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
AS $function$
BEGIN
  RETURN (SELECT coalesce(sum(changes), 0) FROM catalog_changes)::text || '.' || coalesce((
    SELECT floor(extract(epoch FROM min(fresh.until)) * 1000)::bigint
      FROM suppliers s
     CROSS JOIN LATERAL (
       SELECT sc.last_seen_at + make_interval(hours => s.catalog_max_age_hours) AS until
         FROM supplier_catalogs sc
        WHERE sc.supplier_id = s.id AND sc.is_available
          AND sc.last_seen_at > now() - make_interval(hours => s.catalog_max_age_hours)
        ORDER BY sc.last_seen_at
        LIMIT 1) fresh
     WHERE s.status = 'active' AND s.is_dropship), 0)::text;
END
$function$;

-- function pricing_keeps_margin(price numeric, landed_cost numeric, min_margin_percent numeric)
CREATE OR REPLACE FUNCTION public.pricing_keeps_margin(price numeric, landed_cost numeric, min_margin_percent numeric)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
AS $function$
  SELECT price * (1 - min_margin_percent / 100) >= landed_cost
$function$;

-- function pricing_landed_unit_cost(cost numeric, per_order_fee numeric, shipping_rule jsonb)
CREATE OR REPLACE FUNCTION public.pricing_landed_unit_cost(cost numeric, per_order_fee numeric, shipping_rule jsonb)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  SELECT CASE WHEN num_nulls(cost, per_order_fee, shipping_rule) = 0 THEN
    cost + per_order_fee + CASE shipping_rule ->> 'type'
      WHEN 'flat' THEN (shipping_rule ->> 'amount')::numeric
      WHEN 'per_item' THEN (shipping_rule ->> 'amount')::numeric
      WHEN 'free_over' THEN
        CASE WHEN cost >= (shipping_rule ->> 'threshold')::numeric THEN 0 ELSE (shipping_rule ->> 'amount')::numeric END
      ELSE 0
    END
  END
$function$;

-- function pricing_min_margin(p_category bigint, p_supplier bigint, p_cost numeric)
CREATE OR REPLACE FUNCTION public.pricing_min_margin(p_category bigint, p_supplier bigint, p_cost numeric)
 RETURNS numeric
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
AS $function$
BEGIN
  RETURN (
    WITH RECURSIVE ancestors (id) AS (
      SELECT p_category WHERE p_category IS NOT NULL
      UNION ALL
      SELECT c.parent_id FROM ancestors a JOIN categories c ON c.id = a.id WHERE c.parent_id IS NOT NULL
    )
    SELECT coalesce((
      SELECT r.min_margin_percent FROM pricing_rules r
       WHERE r.is_active AND (
                r.scope = 'all'
             OR (r.scope = 'cost_range' AND (r.min_cost IS NULL OR p_cost >= r.min_cost)
                                        AND (r.max_cost IS NULL OR p_cost < r.max_cost))
             OR (r.scope = 'supplier' AND r.supplier_id = p_supplier)
             OR (r.scope = 'category' AND r.category_id IN (SELECT id FROM ancestors)))
       ORDER BY r.priority, r.id
       LIMIT 1), 0));
END
$function$;

-- function pricing_price(cost numeric, markup_type text, markup_value numeric, min_margin_percent numeric, rounding text)
CREATE OR REPLACE FUNCTION public.pricing_price(cost numeric, markup_type text, markup_value numeric, min_margin_percent numeric, rounding text)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  SELECT CASE WHEN num_nulls(cost, markup_type, markup_value, min_margin_percent, rounding) = 0 THEN
    pricing_round(
      greatest(
        CASE markup_type
          WHEN 'percent' THEN cost * (1 + markup_value / 100)
          WHEN 'fixed' THEN cost + markup_value
          WHEN 'multiplier' THEN cost * markup_value
        END,
        cost / (1 - min_margin_percent / 100)),
      rounding)
  END
$function$;

-- function pricing_round(price numeric, rounding text)
CREATE OR REPLACE FUNCTION public.pricing_round(price numeric, rounding text)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  SELECT round(
    ceil((price - CASE WHEN rounding IN ('none', 'whole') THEN 0 ELSE rounding::numeric END)
         * CASE WHEN rounding = 'none' THEN 100 ELSE 1 END)
    / CASE WHEN rounding = 'none' THEN 100 ELSE 1 END
    + CASE WHEN rounding IN ('none', 'whole') THEN 0 ELSE rounding::numeric END,
    2)
$function$;

-- function set_updated_at()
CREATE OR REPLACE FUNCTION public.set_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$function$;

CREATE TABLE alerts (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  rule text NOT NULL,
  subject text NOT NULL,
  supplier_id bigint,
  supplier_order_id bigint,
  order_id bigint,
  message text NOT NULL,
  details jsonb DEFAULT '{}'::jsonb NOT NULL,
  first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
  last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
  resolved_at timestamp with time zone,
  acknowledged_at timestamp with time zone,
  acknowledged_by text,
  digest_claimed_at timestamp with time zone,
  digested_at timestamp with time zone,
  CONSTRAINT alerts_check CHECK (((resolved_at IS NULL) OR (resolved_at >= first_seen_at))),
  CONSTRAINT alerts_check1 CHECK (((acknowledged_at IS NULL) = (acknowledged_by IS NULL))),
  CONSTRAINT alerts_details_check CHECK ((jsonb_typeof(details) = 'object'::text)),
  CONSTRAINT alerts_digest_check CHECK (((digested_at IS NULL) OR (digest_claimed_at IS NOT NULL))),
  CONSTRAINT alerts_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
  CONSTRAINT alerts_pkey PRIMARY KEY (id),
  CONSTRAINT alerts_rule_check CHECK ((rule = ANY (ARRAY['not_submitted'::text, 'not_acknowledged'::text, 'not_shipped_by_ship_by'::text, 'no_tracking'::text, 'dispatch_failed'::text, 'line_unfulfillable'::text, 'stale_reservation'::text, 'stale_feed'::text, 'rating_under_floor'::text]))),
  CONSTRAINT alerts_subject_check CHECK ((subject ~ '^[a-z_]+:[0-9]+$'::text)),
  CONSTRAINT alerts_supplier_id_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE CASCADE,
  CONSTRAINT alerts_supplier_order_id_fkey FOREIGN KEY (supplier_order_id) REFERENCES supplier_orders(id) ON DELETE CASCADE
);
CREATE INDEX alerts_first_seen_idx ON public.alerts USING btree (first_seen_at DESC, id DESC);
CREATE UNIQUE INDEX alerts_open_key ON public.alerts USING btree (rule, subject) WHERE (resolved_at IS NULL);
CREATE INDEX alerts_order_id_idx ON public.alerts USING btree (order_id) WHERE (order_id IS NOT NULL);
CREATE UNIQUE INDEX alerts_pkey ON public.alerts USING btree (id);
CREATE INDEX alerts_supplier_id_idx ON public.alerts USING btree (supplier_id) WHERE (supplier_id IS NOT NULL);
CREATE INDEX alerts_supplier_order_id_idx ON public.alerts USING btree (supplier_order_id) WHERE (supplier_order_id IS NOT NULL);
CREATE INDEX alerts_undigested_idx ON public.alerts USING btree (id) WHERE ((resolved_at IS NULL) AND (digested_at IS NULL));

CREATE TABLE api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL,
  token_prefix text NOT NULL,
  role text,
  user_id bigint,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  last_used_at timestamp with time zone,
  expires_at timestamp with time zone,
  revoked_at timestamp with time zone,
  CONSTRAINT api_tokens_pkey PRIMARY KEY (id),
  CONSTRAINT api_tokens_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'staff'::text]))),
  CONSTRAINT api_tokens_role_or_user CHECK (((role IS NOT NULL) OR (user_id IS NOT NULL))),
  CONSTRAINT api_tokens_token_hash_check CHECK ((token_hash ~ '^[0-9a-f]{64}$'::text)),
  CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
  CONSTRAINT api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX api_tokens_pkey ON public.api_tokens USING btree (id);
CREATE UNIQUE INDEX api_tokens_token_hash_key ON public.api_tokens USING btree (token_hash);
CREATE INDEX api_tokens_user_id_idx ON public.api_tokens USING btree (user_id) WHERE (user_id IS NOT NULL);

CREATE TABLE catalog_changes (
  backend_pid integer NOT NULL,
  changes bigint NOT NULL,
  CONSTRAINT catalog_changes_changes_check CHECK ((changes > 0)),
  CONSTRAINT catalog_changes_pkey PRIMARY KEY (backend_pid)
);
CREATE UNIQUE INDEX catalog_changes_pkey ON public.catalog_changes USING btree (backend_pid);

CREATE TABLE catalog_imports (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  supplier_id bigint NOT NULL,
  source text NOT NULL,
  format text NOT NULL,
  mode text DEFAULT 'full'::text NOT NULL,
  status text DEFAULT 'running'::text NOT NULL,
  forced boolean DEFAULT false NOT NULL,
  rows_read integer DEFAULT 0 NOT NULL,
  inserted integer DEFAULT 0 NOT NULL,
  updated integer DEFAULT 0 NOT NULL,
  unchanged integer DEFAULT 0 NOT NULL,
  rejected integer DEFAULT 0 NOT NULL,
  marked_unavailable integer DEFAULT 0 NOT NULL,
  products_repriced integer DEFAULT 0 NOT NULL,
  rejections jsonb DEFAULT '[]'::jsonb NOT NULL,
  message text,
  started_at timestamp with time zone DEFAULT now() NOT NULL,
  finished_at timestamp with time zone,
  CONSTRAINT catalog_imports_format_check CHECK ((format = ANY (ARRAY['csv'::text, 'json'::text]))),
  CONSTRAINT catalog_imports_inserted_check CHECK ((inserted >= 0)),
  CONSTRAINT catalog_imports_marked_unavailable_check CHECK ((marked_unavailable >= 0)),
  CONSTRAINT catalog_imports_mode_check CHECK ((mode = ANY (ARRAY['full'::text, 'delta'::text]))),
  CONSTRAINT catalog_imports_pkey PRIMARY KEY (id),
  CONSTRAINT catalog_imports_products_repriced_check CHECK ((products_repriced >= 0)),
  CONSTRAINT catalog_imports_rejected_check CHECK ((rejected >= 0)),
  CONSTRAINT catalog_imports_rejections_check CHECK ((jsonb_typeof(rejections) = 'array'::text)),
  CONSTRAINT catalog_imports_rows_read_check CHECK ((rows_read >= 0)),
  CONSTRAINT catalog_imports_status_check CHECK ((status = ANY (ARRAY['running'::text, 'completed'::text, 'refused'::text, 'failed'::text]))),
  CONSTRAINT catalog_imports_supplier_id_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE CASCADE,
  CONSTRAINT catalog_imports_unchanged_check CHECK ((unchanged >= 0)),
  CONSTRAINT catalog_imports_updated_check CHECK ((updated >= 0))
);
CREATE UNIQUE INDEX catalog_imports_pkey ON public.catalog_imports USING btree (id);
CREATE INDEX catalog_imports_supplier_started_idx ON public.catalog_imports USING btree (supplier_id, started_at DESC);

CREATE TABLE categories (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  parent_id bigint,
  name text NOT NULL,
  slug text NOT NULL,
  description text,
  position integer DEFAULT 0 NOT NULL,
  is_active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT categories_name_check CHECK ((length(btrim(name)) > 0)),
  CONSTRAINT categories_not_own_parent CHECK ((parent_id IS DISTINCT FROM id)),
  CONSTRAINT categories_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES categories(id) ON DELETE RESTRICT,
  CONSTRAINT categories_pkey PRIMARY KEY (id),
  CONSTRAINT categories_slug_check CHECK ((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text)),
  CONSTRAINT categories_slug_key UNIQUE (slug)
);
CREATE INDEX categories_parent_position_idx ON public.categories USING btree (parent_id, "position", id);
CREATE UNIQUE INDEX categories_pkey ON public.categories USING btree (id);
CREATE UNIQUE INDEX categories_slug_key ON public.categories USING btree (slug);
CREATE TRIGGER categories_catalog_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.categories FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER categories_set_updated_at BEFORE UPDATE ON public.categories FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  email text NOT NULL,
  name text,
  phone text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT customers_email_check CHECK ((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text)),
  CONSTRAINT customers_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX customers_email_lower_key ON public.customers USING btree (lower(email));
CREATE UNIQUE INDEX customers_pkey ON public.customers USING btree (id);
CREATE TRIGGER customers_set_updated_at BEFORE UPDATE ON public.customers FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE fulfillment_inventory (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  source_id bigint NOT NULL,
  product_id bigint NOT NULL,
  quantity_on_hand integer DEFAULT 0 NOT NULL,
  quantity_reserved integer DEFAULT 0 NOT NULL,
  quantity_available integer GENERATED ALWAYS AS ((quantity_on_hand - quantity_reserved)) STORED,
  low_stock_threshold integer DEFAULT 0 NOT NULL,
  bin_location text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT fulfillment_inventory_low_stock_threshold_check CHECK ((low_stock_threshold >= 0)),
  CONSTRAINT fulfillment_inventory_pkey PRIMARY KEY (id),
  CONSTRAINT fulfillment_inventory_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE RESTRICT,
  CONSTRAINT fulfillment_inventory_quantity_on_hand_check CHECK ((quantity_on_hand >= 0)),
  CONSTRAINT fulfillment_inventory_quantity_reserved_check CHECK ((quantity_reserved >= 0)),
  CONSTRAINT fulfillment_inventory_reserved_check CHECK ((quantity_reserved <= quantity_on_hand)),
  CONSTRAINT fulfillment_inventory_source_id_fkey FOREIGN KEY (source_id) REFERENCES inventory_sources(id) ON DELETE RESTRICT,
  CONSTRAINT fulfillment_inventory_source_product_key UNIQUE (source_id, product_id)
);
CREATE INDEX fulfillment_inventory_available_idx ON public.fulfillment_inventory USING btree (product_id, source_id);
CREATE INDEX fulfillment_inventory_low_stock_idx ON public.fulfillment_inventory USING btree (source_id, low_stock_threshold);
CREATE UNIQUE INDEX fulfillment_inventory_pkey ON public.fulfillment_inventory USING btree (id);
CREATE INDEX fulfillment_inventory_product_id_idx ON public.fulfillment_inventory USING btree (product_id);
CREATE UNIQUE INDEX fulfillment_inventory_source_product_key ON public.fulfillment_inventory USING btree (source_id, product_id);
CREATE TRIGGER fulfillment_inventory_catalog_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.fulfillment_inventory FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER fulfillment_inventory_set_updated_at BEFORE UPDATE ON public.fulfillment_inventory FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE inventory_adjustments (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  inventory_id bigint NOT NULL,
  quantity_change integer NOT NULL,
  quantity_on_hand_after integer NOT NULL,
  reason text NOT NULL,
  note text,
  order_id bigint,
  actor text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT inventory_adjustments_inventory_id_fkey FOREIGN KEY (inventory_id) REFERENCES fulfillment_inventory(id) ON DELETE CASCADE,
  CONSTRAINT inventory_adjustments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE SET NULL,
  CONSTRAINT inventory_adjustments_pkey PRIMARY KEY (id),
  CONSTRAINT inventory_adjustments_quantity_on_hand_after_check CHECK ((quantity_on_hand_after >= 0)),
  CONSTRAINT inventory_adjustments_reason_check CHECK ((reason = ANY (ARRAY['set'::text, 'received'::text, 'correction'::text, 'damaged'::text, 'returned'::text, 'shipped'::text])))
);
CREATE INDEX inventory_adjustments_inventory_created_idx ON public.inventory_adjustments USING btree (inventory_id, created_at DESC);
CREATE INDEX inventory_adjustments_order_id_idx ON public.inventory_adjustments USING btree (order_id) WHERE (order_id IS NOT NULL);
CREATE UNIQUE INDEX inventory_adjustments_pkey ON public.inventory_adjustments USING btree (id);

CREATE TABLE inventory_sources (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  type text NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  supplier_id bigint,
  priority integer DEFAULT 100 NOT NULL,
  is_active boolean DEFAULT true NOT NULL,
  address jsonb,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT inventory_sources_address_check CHECK ((jsonb_typeof(address) = 'object'::text)),
  CONSTRAINT inventory_sources_code_key UNIQUE (code),
  CONSTRAINT inventory_sources_pkey PRIMARY KEY (id),
  CONSTRAINT inventory_sources_supplier_id_check CHECK (((type = 'supplier'::text) = (supplier_id IS NOT NULL))),
  CONSTRAINT inventory_sources_supplier_id_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE RESTRICT,
  CONSTRAINT inventory_sources_type_check CHECK ((type = ANY (ARRAY['warehouse'::text, 'supplier'::text, '3pl'::text])))
);
CREATE UNIQUE INDEX inventory_sources_code_key ON public.inventory_sources USING btree (code);
CREATE UNIQUE INDEX inventory_sources_pkey ON public.inventory_sources USING btree (id);
CREATE INDEX inventory_sources_supplier_id_idx ON public.inventory_sources USING btree (supplier_id) WHERE (supplier_id IS NOT NULL);
CREATE INDEX inventory_sources_type_priority_idx ON public.inventory_sources USING btree (type, priority) WHERE is_active;
CREATE TRIGGER inventory_sources_catalog_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.inventory_sources FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER inventory_sources_set_updated_at BEFORE UPDATE ON public.inventory_sources FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE order_item_allocations (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  order_id bigint NOT NULL,
  order_item_id bigint NOT NULL,
  source_type text NOT NULL,
  fulfillment_inventory_id bigint,
  supplier_order_item_id bigint,
  quantity integer NOT NULL,
  unit_cost numeric(12,4),
  status text NOT NULL,
  decision jsonb NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  replaces_allocation_id bigint,
  revenue numeric(12,2),
  cost numeric(14,4),
  fee_share numeric(12,2),
  shipping_share numeric(12,2),
  margin numeric(14,4),
  margin_percent numeric(12,2),
  CONSTRAINT order_item_allocations_decision_check CHECK ((jsonb_typeof(decision) = 'object'::text)),
  CONSTRAINT order_item_allocations_fulfillment_inventory_id_fkey FOREIGN KEY (fulfillment_inventory_id) REFERENCES fulfillment_inventory(id) ON DELETE RESTRICT,
  CONSTRAINT order_item_allocations_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
  CONSTRAINT order_item_allocations_order_item_id_fkey FOREIGN KEY (order_item_id) REFERENCES order_items(id) ON DELETE CASCADE,
  CONSTRAINT order_item_allocations_pkey PRIMARY KEY (id),
  CONSTRAINT order_item_allocations_profit_check CHECK (
CASE
    WHEN (revenue IS NULL) THEN ((cost IS NULL) AND (fee_share IS NULL) AND (shipping_share IS NULL) AND (margin IS NULL) AND (margin_percent IS NULL))
    ELSE ((fee_share >= (0)::numeric) AND (shipping_share >= (0)::numeric) AND ((cost IS NULL) = (margin IS NULL)) AND ((margin_percent IS NULL) OR (margin IS NOT NULL)))
END),
  CONSTRAINT order_item_allocations_quantity_check CHECK ((quantity > 0)),
  CONSTRAINT order_item_allocations_replaces_allocation_id_fkey FOREIGN KEY (replaces_allocation_id) REFERENCES order_item_allocations(id) ON DELETE CASCADE,
  CONSTRAINT order_item_allocations_source_type_check CHECK ((source_type = ANY (ARRAY['warehouse'::text, '3pl'::text, 'supplier'::text]))),
  CONSTRAINT order_item_allocations_status_check CHECK ((status = ANY (ARRAY['reserved'::text, 'shipped'::text, 'released'::text, 'ordered'::text, 'cancelled'::text, 'rerouted'::text]))),
  CONSTRAINT order_item_allocations_supplier_order_item_id_fkey FOREIGN KEY (supplier_order_item_id) REFERENCES supplier_order_items(id) ON DELETE CASCADE,
  CONSTRAINT order_item_allocations_target_check CHECK (
CASE
    WHEN (source_type = 'supplier'::text) THEN ((supplier_order_item_id IS NOT NULL) AND (fulfillment_inventory_id IS NULL))
    ELSE ((fulfillment_inventory_id IS NOT NULL) AND (supplier_order_item_id IS NULL))
END),
  CONSTRAINT order_item_allocations_unit_cost_check CHECK ((unit_cost >= (0)::numeric))
);
CREATE INDEX order_item_allocations_inventory_idx ON public.order_item_allocations USING btree (fulfillment_inventory_id, status) WHERE (fulfillment_inventory_id IS NOT NULL);
CREATE INDEX order_item_allocations_order_id_idx ON public.order_item_allocations USING btree (order_id);
CREATE INDEX order_item_allocations_order_item_id_idx ON public.order_item_allocations USING btree (order_item_id);
CREATE UNIQUE INDEX order_item_allocations_pkey ON public.order_item_allocations USING btree (id);
CREATE INDEX order_item_allocations_replaces_idx ON public.order_item_allocations USING btree (replaces_allocation_id) WHERE (replaces_allocation_id IS NOT NULL);
CREATE INDEX order_item_allocations_reserved_idx ON public.order_item_allocations USING btree (order_id) WHERE (status = 'reserved'::text);
CREATE INDEX order_item_allocations_supplier_item_idx ON public.order_item_allocations USING btree (supplier_order_item_id) WHERE (supplier_order_item_id IS NOT NULL);
CREATE TRIGGER order_item_allocations_set_updated_at BEFORE UPDATE ON public.order_item_allocations FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE order_items (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  order_id bigint NOT NULL,
  product_id bigint NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(12,2) NOT NULL,
  line_total numeric(12,2) NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  unfulfillable_since timestamp with time zone,
  unfulfillable_reason text,
  CONSTRAINT order_items_line_total_check CHECK ((line_total >= (0)::numeric)),
  CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
  CONSTRAINT order_items_pkey PRIMARY KEY (id),
  CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE RESTRICT,
  CONSTRAINT order_items_quantity_check CHECK ((quantity > 0)),
  CONSTRAINT order_items_unfulfillable_check CHECK (((unfulfillable_since IS NULL) = (unfulfillable_reason IS NULL))),
  CONSTRAINT order_items_unfulfillable_reason_check CHECK ((length(btrim(unfulfillable_reason)) > 0)),
  CONSTRAINT order_items_unit_price_check CHECK ((unit_price >= (0)::numeric))
);
CREATE INDEX order_items_order_id_idx ON public.order_items USING btree (order_id);
CREATE UNIQUE INDEX order_items_pkey ON public.order_items USING btree (id);
CREATE INDEX order_items_product_id_idx ON public.order_items USING btree (product_id);
CREATE INDEX order_items_unfulfillable_idx ON public.order_items USING btree (unfulfillable_since) WHERE (unfulfillable_since IS NOT NULL);

CREATE TABLE order_status_events (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  order_id bigint NOT NULL,
  from_status text NOT NULL,
  to_status text NOT NULL,
  cause text NOT NULL,
  actor text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT order_status_events_actor_check CHECK ((actor <> ''::text)),
  CONSTRAINT order_status_events_cause_check CHECK ((cause <> ''::text)),
  CONSTRAINT order_status_events_changes CHECK ((from_status <> to_status)),
  CONSTRAINT order_status_events_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
  CONSTRAINT order_status_events_pkey PRIMARY KEY (id)
);
CREATE INDEX order_status_events_order_idx ON public.order_status_events USING btree (order_id, id);
CREATE UNIQUE INDEX order_status_events_pkey ON public.order_status_events USING btree (id);

CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  order_number text NOT NULL,
  customer_id bigint,
  email text NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  currency character(3) DEFAULT 'EUR'::bpchar NOT NULL,
  subtotal numeric(12,2) DEFAULT 0 NOT NULL,
  shipping_total numeric(12,2) DEFAULT 0 NOT NULL,
  tax_total numeric(12,2) DEFAULT 0 NOT NULL,
  total numeric(12,2) DEFAULT 0 NOT NULL,
  shipping_address jsonb NOT NULL,
  billing_address jsonb,
  idempotency_key text,
  request_hash text,
  notes text,
  placed_at timestamp with time zone DEFAULT now() NOT NULL,
  cancelled_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  is_test boolean DEFAULT false NOT NULL,
  CONSTRAINT orders_billing_address_check CHECK ((jsonb_typeof(billing_address) = 'object'::text)),
  CONSTRAINT orders_cancelled_at_status CHECK (((cancelled_at IS NULL) OR (status = 'cancelled'::text))),
  CONSTRAINT orders_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
  CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE SET NULL,
  CONSTRAINT orders_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT orders_order_number_key UNIQUE (order_number),
  CONSTRAINT orders_pkey PRIMARY KEY (id),
  CONSTRAINT orders_request_hash_with_key CHECK (((request_hash IS NULL) OR (idempotency_key IS NOT NULL))),
  CONSTRAINT orders_shipping_address_check CHECK ((jsonb_typeof(shipping_address) = 'object'::text)),
  CONSTRAINT orders_shipping_total_check CHECK ((shipping_total >= (0)::numeric)),
  CONSTRAINT orders_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'confirmed'::text, 'processing'::text, 'partially_shipped'::text, 'shipped'::text, 'delivered'::text, 'cancelled'::text]))),
  CONSTRAINT orders_subtotal_check CHECK ((subtotal >= (0)::numeric)),
  CONSTRAINT orders_tax_total_check CHECK ((tax_total >= (0)::numeric)),
  CONSTRAINT orders_total_check CHECK ((total >= (0)::numeric))
);
CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id) WHERE (customer_id IS NOT NULL);
CREATE UNIQUE INDEX orders_idempotency_key_key ON public.orders USING btree (idempotency_key);
CREATE UNIQUE INDEX orders_order_number_key ON public.orders USING btree (order_number);
CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id);
CREATE INDEX orders_placed_at_idx ON public.orders USING btree (placed_at DESC);
CREATE INDEX orders_status_placed_idx ON public.orders USING btree (status, placed_at DESC);
CREATE TRIGGER orders_set_updated_at BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE pricing_rules (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  name text NOT NULL,
  description text,
  scope text NOT NULL,
  category_id bigint,
  supplier_id bigint,
  min_cost numeric(12,4),
  max_cost numeric(12,4),
  priority integer DEFAULT 100 NOT NULL,
  markup_type text NOT NULL,
  markup_value numeric(12,4) NOT NULL,
  min_margin_percent numeric(6,2) DEFAULT 0 NOT NULL,
  rounding text DEFAULT 'none'::text NOT NULL,
  compare_at_markup_percent numeric(6,2),
  is_active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT pricing_rules_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE CASCADE,
  CONSTRAINT pricing_rules_category_scope_check CHECK (((scope = 'category'::text) = (category_id IS NOT NULL))),
  CONSTRAINT pricing_rules_compare_at_markup_percent_check CHECK ((compare_at_markup_percent >= (0)::numeric)),
  CONSTRAINT pricing_rules_cost_range_scope_check CHECK (
CASE
    WHEN (scope = 'cost_range'::text) THEN (((min_cost IS NOT NULL) OR (max_cost IS NOT NULL)) AND ((min_cost IS NULL) OR (max_cost IS NULL) OR (min_cost < max_cost)))
    ELSE ((min_cost IS NULL) AND (max_cost IS NULL))
END),
  CONSTRAINT pricing_rules_markup_type_check CHECK ((markup_type = ANY (ARRAY['percent'::text, 'fixed'::text, 'multiplier'::text]))),
  CONSTRAINT pricing_rules_markup_value_check CHECK ((markup_value >= (0)::numeric)),
  CONSTRAINT pricing_rules_max_cost_check CHECK ((max_cost >= (0)::numeric)),
  CONSTRAINT pricing_rules_min_cost_check CHECK ((min_cost >= (0)::numeric)),
  CONSTRAINT pricing_rules_min_margin_percent_check CHECK (((min_margin_percent >= (0)::numeric) AND (min_margin_percent < (100)::numeric))),
  CONSTRAINT pricing_rules_multiplier_check CHECK (((markup_type <> 'multiplier'::text) OR (markup_value > (0)::numeric))),
  CONSTRAINT pricing_rules_name_key UNIQUE (name),
  CONSTRAINT pricing_rules_pkey PRIMARY KEY (id),
  CONSTRAINT pricing_rules_rounding_check CHECK ((rounding = ANY (ARRAY['none'::text, '0.99'::text, '0.95'::text, '0.90'::text, 'whole'::text]))),
  CONSTRAINT pricing_rules_scope_check CHECK ((scope = ANY (ARRAY['all'::text, 'category'::text, 'supplier'::text, 'cost_range'::text]))),
  CONSTRAINT pricing_rules_supplier_id_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE CASCADE,
  CONSTRAINT pricing_rules_supplier_scope_check CHECK (((scope = 'supplier'::text) = (supplier_id IS NOT NULL)))
);
CREATE INDEX pricing_rules_category_id_idx ON public.pricing_rules USING btree (category_id) WHERE (category_id IS NOT NULL);
CREATE INDEX pricing_rules_cost_range_idx ON public.pricing_rules USING btree (min_cost, max_cost) WHERE ((scope = 'cost_range'::text) AND is_active);
CREATE UNIQUE INDEX pricing_rules_name_key ON public.pricing_rules USING btree (name);
CREATE UNIQUE INDEX pricing_rules_pkey ON public.pricing_rules USING btree (id);
CREATE INDEX pricing_rules_scope_priority_idx ON public.pricing_rules USING btree (scope, priority) WHERE is_active;
CREATE INDEX pricing_rules_supplier_id_idx ON public.pricing_rules USING btree (supplier_id) WHERE (supplier_id IS NOT NULL);
CREATE TRIGGER pricing_rules_catalog_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.pricing_rules FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER pricing_rules_set_updated_at BEFORE UPDATE ON public.pricing_rules FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE product_price_changes (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  product_id bigint NOT NULL,
  old_price numeric(12,2) NOT NULL,
  new_price numeric(12,2) NOT NULL,
  old_compare_at_price numeric(12,2),
  new_compare_at_price numeric(12,2),
  cost_basis numeric(12,4) NOT NULL,
  basis_source text NOT NULL,
  rule_id bigint,
  rule_name text NOT NULL,
  reason text NOT NULL,
  changed_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT product_price_changes_cost_basis_check CHECK ((cost_basis >= (0)::numeric)),
  CONSTRAINT product_price_changes_new_price_check CHECK ((new_price >= (0)::numeric)),
  CONSTRAINT product_price_changes_pkey PRIMARY KEY (id),
  CONSTRAINT product_price_changes_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE,
  CONSTRAINT product_price_changes_reason_check CHECK ((length(btrim(reason)) > 0)),
  CONSTRAINT product_price_changes_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES pricing_rules(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX product_price_changes_pkey ON public.product_price_changes USING btree (id);
CREATE INDEX product_price_changes_product_idx ON public.product_price_changes USING btree (product_id, changed_at DESC, id DESC);
CREATE INDEX product_price_changes_rule_id_idx ON public.product_price_changes USING btree (rule_id) WHERE (rule_id IS NOT NULL);

CREATE TABLE products (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  sku text NOT NULL,
  slug text NOT NULL,
  name text NOT NULL,
  description text,
  category_id bigint,
  gtin text,
  price numeric(12,2) NOT NULL,
  compare_at_price numeric(12,2),
  cost_price numeric(12,4),
  currency character(3) DEFAULT 'EUR'::bpchar NOT NULL,
  status text DEFAULT 'draft'::text NOT NULL,
  images jsonb DEFAULT '[]'::jsonb NOT NULL,
  attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
  price_locked boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT products_attributes_check CHECK ((jsonb_typeof(attributes) = 'object'::text)),
  CONSTRAINT products_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE RESTRICT,
  CONSTRAINT products_compare_at_price_check CHECK ((compare_at_price >= (0)::numeric)),
  CONSTRAINT products_cost_price_check CHECK ((cost_price >= (0)::numeric)),
  CONSTRAINT products_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
  CONSTRAINT products_gtin_check CHECK ((gtin ~ '^[0-9]{8,14}$'::text)),
  CONSTRAINT products_images_check CHECK ((jsonb_typeof(images) = 'array'::text)),
  CONSTRAINT products_name_check CHECK ((length(btrim(name)) > 0)),
  CONSTRAINT products_pkey PRIMARY KEY (id),
  CONSTRAINT products_price_check CHECK ((price >= (0)::numeric)),
  CONSTRAINT products_sku_check CHECK ((length(btrim(sku)) > 0)),
  CONSTRAINT products_sku_key UNIQUE (sku),
  CONSTRAINT products_slug_check CHECK ((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text)),
  CONSTRAINT products_slug_key UNIQUE (slug),
  CONSTRAINT products_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'active'::text, 'archived'::text])))
);
CREATE INDEX products_category_id_idx ON public.products USING btree (category_id);
CREATE INDEX products_gtin_idx ON public.products USING btree (gtin) WHERE (gtin IS NOT NULL);
CREATE INDEX products_name_lower_idx ON public.products USING btree (lower(name) text_pattern_ops);
CREATE UNIQUE INDEX products_pkey ON public.products USING btree (id);
CREATE INDEX products_price_idx ON public.products USING btree (price, id);
CREATE INDEX products_search_idx ON public.products USING gin (to_tsvector('simple'::regconfig, ((name || ' '::text) || sku)));
CREATE UNIQUE INDEX products_sku_key ON public.products USING btree (sku);
CREATE UNIQUE INDEX products_slug_key ON public.products USING btree (slug);
CREATE INDEX products_status_created_idx ON public.products USING btree (status, created_at DESC, id DESC);
CREATE TRIGGER products_catalog_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.products FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER products_set_updated_at BEFORE UPDATE ON public.products FOR EACH ROW WHEN ((NOT (new.updated_at IS DISTINCT FROM old.updated_at))) EXECUTE FUNCTION set_updated_at();

CREATE TABLE rate_limit_hits (
  key text NOT NULL,
  hits bigint NOT NULL,
  window_ends_at timestamp with time zone NOT NULL,
  CONSTRAINT rate_limit_hits_hits_check CHECK ((hits >= 1)),
  CONSTRAINT rate_limit_hits_key_check CHECK (((length(key) >= 1) AND (length(key) <= 500))),
  CONSTRAINT rate_limit_hits_pkey PRIMARY KEY (key)
);
CREATE UNIQUE INDEX rate_limit_hits_pkey ON public.rate_limit_hits USING btree (key);
CREATE INDEX rate_limit_hits_window_ends_at_idx ON public.rate_limit_hits USING btree (window_ends_at);

CREATE TABLE schema_migrations (
  version text NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  execution_ms integer NOT NULL,
  applied_by text NOT NULL,
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);
CREATE UNIQUE INDEX schema_migrations_pkey ON public.schema_migrations USING btree (version);

CREATE TABLE supplier_catalogs (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  supplier_id bigint NOT NULL,
  supplier_sku text NOT NULL,
  product_id bigint,
  gtin text,
  name text,
  cost_price numeric(12,4) NOT NULL,
  currency character(3) DEFAULT 'EUR'::bpchar NOT NULL,
  stock_quantity integer DEFAULT 0 NOT NULL,
  lead_time_days integer,
  min_order_quantity integer DEFAULT 1 NOT NULL,
  is_available boolean DEFAULT true NOT NULL,
  raw jsonb,
  content_hash text,
  last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT supplier_catalogs_cost_price_check CHECK ((cost_price >= (0)::numeric)),
  CONSTRAINT supplier_catalogs_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
  CONSTRAINT supplier_catalogs_gtin_check CHECK ((gtin ~ '^[0-9]{8,14}$'::text)),
  CONSTRAINT supplier_catalogs_lead_time_days_check CHECK ((lead_time_days >= 0)),
  CONSTRAINT supplier_catalogs_min_order_quantity_check CHECK ((min_order_quantity >= 1)),
  CONSTRAINT supplier_catalogs_pkey PRIMARY KEY (id),
  CONSTRAINT supplier_catalogs_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE SET NULL,
  CONSTRAINT supplier_catalogs_stock_quantity_check CHECK ((stock_quantity >= 0)),
  CONSTRAINT supplier_catalogs_supplier_id_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE CASCADE,
  CONSTRAINT supplier_catalogs_supplier_sku_check CHECK ((length(btrim(supplier_sku)) > 0)),
  CONSTRAINT supplier_catalogs_supplier_sku_key UNIQUE (supplier_id, supplier_sku)
);
CREATE INDEX supplier_catalogs_gtin_idx ON public.supplier_catalogs USING btree (gtin) WHERE (gtin IS NOT NULL);
CREATE INDEX supplier_catalogs_last_seen_idx ON public.supplier_catalogs USING btree (supplier_id, last_seen_at) WHERE is_available;
CREATE UNIQUE INDEX supplier_catalogs_pkey ON public.supplier_catalogs USING btree (id);
CREATE INDEX supplier_catalogs_product_offer_idx ON public.supplier_catalogs USING btree (product_id, is_available, cost_price) WHERE (product_id IS NOT NULL);
CREATE INDEX supplier_catalogs_supplier_gtin_idx ON public.supplier_catalogs USING btree (supplier_id, gtin) WHERE (gtin IS NOT NULL);
CREATE UNIQUE INDEX supplier_catalogs_supplier_sku_key ON public.supplier_catalogs USING btree (supplier_id, supplier_sku);
CREATE INDEX supplier_catalogs_unlinked_idx ON public.supplier_catalogs USING btree (supplier_id, supplier_sku) WHERE (product_id IS NULL);
CREATE TRIGGER supplier_catalogs_catalog_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.supplier_catalogs FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER supplier_catalogs_set_updated_at BEFORE UPDATE ON public.supplier_catalogs FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE supplier_order_events (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  supplier_order_id bigint NOT NULL,
  from_status text NOT NULL,
  to_status text NOT NULL,
  source text NOT NULL,
  applied boolean NOT NULL,
  reason text,
  actor text,
  payload jsonb DEFAULT '{}'::jsonb NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT supplier_order_events_payload_check CHECK ((jsonb_typeof(payload) = 'object'::text)),
  CONSTRAINT supplier_order_events_pkey PRIMARY KEY (id),
  CONSTRAINT supplier_order_events_source_check CHECK ((source = ANY (ARRAY['api'::text, 'webhook'::text, 'csv'::text, 'operator'::text, 'system'::text]))),
  CONSTRAINT supplier_order_events_supplier_order_id_fkey FOREIGN KEY (supplier_order_id) REFERENCES supplier_orders(id) ON DELETE CASCADE
);
CREATE INDEX supplier_order_events_order_idx ON public.supplier_order_events USING btree (supplier_order_id, id);
CREATE UNIQUE INDEX supplier_order_events_pkey ON public.supplier_order_events USING btree (id);

CREATE TABLE supplier_order_items (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  supplier_order_id bigint NOT NULL,
  order_item_id bigint NOT NULL,
  supplier_catalog_id bigint,
  product_id bigint NOT NULL,
  supplier_sku text NOT NULL,
  quantity integer NOT NULL,
  unit_cost numeric(12,4) NOT NULL,
  quantity_shipped integer DEFAULT 0 NOT NULL,
  quantity_cancelled integer DEFAULT 0 NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT supplier_order_items_order_item_id_fkey FOREIGN KEY (order_item_id) REFERENCES order_items(id) ON DELETE RESTRICT,
  CONSTRAINT supplier_order_items_pkey PRIMARY KEY (id),
  CONSTRAINT supplier_order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE RESTRICT,
  CONSTRAINT supplier_order_items_quantities_check CHECK (((quantity_shipped + quantity_cancelled) <= quantity)),
  CONSTRAINT supplier_order_items_quantity_cancelled_check CHECK ((quantity_cancelled >= 0)),
  CONSTRAINT supplier_order_items_quantity_check CHECK ((quantity > 0)),
  CONSTRAINT supplier_order_items_quantity_shipped_check CHECK ((quantity_shipped >= 0)),
  CONSTRAINT supplier_order_items_supplier_catalog_id_fkey FOREIGN KEY (supplier_catalog_id) REFERENCES supplier_catalogs(id) ON DELETE SET NULL,
  CONSTRAINT supplier_order_items_supplier_order_id_fkey FOREIGN KEY (supplier_order_id) REFERENCES supplier_orders(id) ON DELETE CASCADE,
  CONSTRAINT supplier_order_items_unit_cost_check CHECK ((unit_cost >= (0)::numeric))
);
CREATE UNIQUE INDEX supplier_order_items_line_key ON public.supplier_order_items USING btree (supplier_order_id, order_item_id);
CREATE INDEX supplier_order_items_order_item_id_idx ON public.supplier_order_items USING btree (order_item_id);
CREATE UNIQUE INDEX supplier_order_items_pkey ON public.supplier_order_items USING btree (id);
CREATE INDEX supplier_order_items_product_id_idx ON public.supplier_order_items USING btree (product_id);
CREATE INDEX supplier_order_items_sku_idx ON public.supplier_order_items USING btree (supplier_order_id, supplier_sku);
CREATE INDEX supplier_order_items_supplier_catalog_id_idx ON public.supplier_order_items USING btree (supplier_catalog_id) WHERE (supplier_catalog_id IS NOT NULL);

CREATE TABLE supplier_orders (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  order_id bigint NOT NULL,
  supplier_id bigint NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  method text DEFAULT 'manual'::text NOT NULL,
  idempotency_key text NOT NULL,
  external_reference text,
  currency character(3) DEFAULT 'EUR'::bpchar NOT NULL,
  subtotal_cost numeric(12,4) DEFAULT 0 NOT NULL,
  per_order_fee numeric(12,2) DEFAULT 0 NOT NULL,
  shipping_cost numeric(12,2) DEFAULT 0 NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  last_error text,
  next_attempt_at timestamp with time zone,
  submitted_at timestamp with time zone,
  acknowledged_at timestamp with time zone,
  shipped_at timestamp with time zone,
  delivered_at timestamp with time zone,
  cancelled_at timestamp with time zone,
  ship_by timestamp with time zone,
  carrier text,
  tracking_number text,
  tracking_url text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  units_ordered integer DEFAULT 0 NOT NULL,
  units_shipped integer DEFAULT 0 NOT NULL,
  tracked_parcels integer DEFAULT 0 NOT NULL,
  tracking_hours numeric DEFAULT 0 NOT NULL,
  CONSTRAINT supplier_orders_attempts_check CHECK ((attempts >= 0)),
  CONSTRAINT supplier_orders_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
  CONSTRAINT supplier_orders_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT supplier_orders_method_check CHECK ((method = ANY (ARRAY['api'::text, 'email'::text, 'csv_sftp'::text, 'csv_folder'::text, 'manual'::text]))),
  CONSTRAINT supplier_orders_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE RESTRICT,
  CONSTRAINT supplier_orders_per_order_fee_check CHECK ((per_order_fee >= (0)::numeric)),
  CONSTRAINT supplier_orders_pkey PRIMARY KEY (id),
  CONSTRAINT supplier_orders_shipping_cost_check CHECK ((shipping_cost >= (0)::numeric)),
  CONSTRAINT supplier_orders_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'submitted'::text, 'acknowledged'::text, 'rejected'::text, 'partially_shipped'::text, 'shipped'::text, 'delivered'::text, 'cancel_requested'::text, 'cancelled'::text, 'failed'::text]))),
  CONSTRAINT supplier_orders_subtotal_cost_check CHECK ((subtotal_cost >= (0)::numeric)),
  CONSTRAINT supplier_orders_supplier_id_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE RESTRICT,
  CONSTRAINT supplier_orders_totals_check CHECK (((units_ordered >= 0) AND (units_shipped >= 0) AND (tracked_parcels >= 0)))
);
CREATE INDEX supplier_orders_cancel_queue_idx ON public.supplier_orders USING btree (next_attempt_at) WHERE (status = 'cancel_requested'::text);
CREATE INDEX supplier_orders_created_idx ON public.supplier_orders USING btree (created_at);
CREATE INDEX supplier_orders_dispatch_queue_idx ON public.supplier_orders USING btree (status, next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'failed'::text]));
CREATE INDEX supplier_orders_external_reference_idx ON public.supplier_orders USING btree (external_reference, supplier_id) WHERE (external_reference IS NOT NULL);
CREATE UNIQUE INDEX supplier_orders_idempotency_key_key ON public.supplier_orders USING btree (idempotency_key);
CREATE INDEX supplier_orders_order_id_idx ON public.supplier_orders USING btree (order_id);
CREATE INDEX supplier_orders_overdue_idx ON public.supplier_orders USING btree (ship_by) WHERE (status = ANY (ARRAY['submitted'::text, 'acknowledged'::text]));
CREATE UNIQUE INDEX supplier_orders_pkey ON public.supplier_orders USING btree (id);
CREATE INDEX supplier_orders_status_created_idx ON public.supplier_orders USING btree (status, created_at DESC);
CREATE INDEX supplier_orders_supplier_created_idx ON public.supplier_orders USING btree (supplier_id, created_at);
CREATE INDEX supplier_orders_supplier_status_created_idx ON public.supplier_orders USING btree (supplier_id, status, created_at);
CREATE INDEX supplier_orders_tracking_number_idx ON public.supplier_orders USING btree (tracking_number) WHERE (tracking_number IS NOT NULL);
CREATE INDEX supplier_orders_untracked_idx ON public.supplier_orders USING btree (shipped_at) WHERE ((status = ANY (ARRAY['partially_shipped'::text, 'shipped'::text])) AND (tracking_number IS NULL));
CREATE INDEX supplier_orders_updated_idx ON public.supplier_orders USING btree (updated_at);
CREATE TRIGGER supplier_orders_set_updated_at BEFORE UPDATE ON public.supplier_orders FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE supplier_performance (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  supplier_id bigint NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  orders_count integer DEFAULT 0 NOT NULL,
  items_ordered integer DEFAULT 0 NOT NULL,
  items_shipped integer DEFAULT 0 NOT NULL,
  fill_rate numeric(5,4),
  on_time_ship_rate numeric(5,4),
  mean_handling_hours numeric(8,2),
  cancellation_rate numeric(5,4),
  defect_rate numeric(5,4),
  return_rate numeric(5,4),
  mean_tracking_upload_hours numeric(8,2),
  rating numeric(3,2),
  computed_at timestamp with time zone DEFAULT now() NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  period_kind text DEFAULT 'rolling'::text NOT NULL,
  period_label text DEFAULT '30d'::text NOT NULL,
  acceptance_rate numeric(5,4),
  p90_handling_hours numeric(8,2),
  mean_ack_hours numeric(8,2),
  rated boolean DEFAULT false NOT NULL,
  CONSTRAINT supplier_performance_acceptance_rate_check CHECK (((acceptance_rate >= (0)::numeric) AND (acceptance_rate <= (1)::numeric))),
  CONSTRAINT supplier_performance_cancellation_rate_check CHECK (((cancellation_rate >= (0)::numeric) AND (cancellation_rate <= (1)::numeric))),
  CONSTRAINT supplier_performance_defect_rate_check CHECK (((defect_rate >= (0)::numeric) AND (defect_rate <= (1)::numeric))),
  CONSTRAINT supplier_performance_fill_rate_check CHECK (((fill_rate >= (0)::numeric) AND (fill_rate <= (1)::numeric))),
  CONSTRAINT supplier_performance_items_ordered_check CHECK ((items_ordered >= 0)),
  CONSTRAINT supplier_performance_items_shipped_check CHECK ((items_shipped >= 0)),
  CONSTRAINT supplier_performance_mean_ack_hours_check CHECK ((mean_ack_hours >= (0)::numeric)),
  CONSTRAINT supplier_performance_mean_handling_hours_check CHECK ((mean_handling_hours >= (0)::numeric)),
  CONSTRAINT supplier_performance_mean_tracking_upload_hours_check CHECK ((mean_tracking_upload_hours >= (0)::numeric)),
  CONSTRAINT supplier_performance_on_time_ship_rate_check CHECK (((on_time_ship_rate >= (0)::numeric) AND (on_time_ship_rate <= (1)::numeric))),
  CONSTRAINT supplier_performance_orders_count_check CHECK ((orders_count >= 0)),
  CONSTRAINT supplier_performance_p90_handling_hours_check CHECK ((p90_handling_hours >= (0)::numeric)),
  CONSTRAINT supplier_performance_period_check CHECK ((period_end >= period_start)),
  CONSTRAINT supplier_performance_period_key UNIQUE (supplier_id, period_kind, period_start, period_end),
  CONSTRAINT supplier_performance_period_kind_check CHECK ((period_kind = ANY (ARRAY['rolling'::text, 'month'::text]))),
  CONSTRAINT supplier_performance_period_label_check CHECK ((period_label ~ '^([0-9]+d|[0-9]{4}-[0-9]{2})$'::text)),
  CONSTRAINT supplier_performance_pkey PRIMARY KEY (id),
  CONSTRAINT supplier_performance_rating_check CHECK (((rating >= (0)::numeric) AND (rating <= (5)::numeric))),
  CONSTRAINT supplier_performance_return_rate_check CHECK (((return_rate >= (0)::numeric) AND (return_rate <= (1)::numeric))),
  CONSTRAINT supplier_performance_supplier_id_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE CASCADE
);
CREATE INDEX supplier_performance_label_idx ON public.supplier_performance USING btree (period_label, supplier_id, period_end DESC);
CREATE INDEX supplier_performance_latest_idx ON public.supplier_performance USING btree (supplier_id, period_end DESC);
CREATE INDEX supplier_performance_period_idx ON public.supplier_performance USING btree (period_start, period_end);
CREATE UNIQUE INDEX supplier_performance_period_key ON public.supplier_performance USING btree (supplier_id, period_kind, period_start, period_end);
CREATE UNIQUE INDEX supplier_performance_pkey ON public.supplier_performance USING btree (id);

CREATE TABLE supplier_shipments (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  supplier_order_id bigint NOT NULL,
  carrier text,
  tracking_number text,
  tracking_url text,
  lines jsonb DEFAULT '[]'::jsonb NOT NULL,
  source text NOT NULL,
  shipped_at timestamp with time zone DEFAULT now() NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT supplier_shipments_lines_check CHECK ((jsonb_typeof(lines) = 'array'::text)),
  CONSTRAINT supplier_shipments_pkey PRIMARY KEY (id),
  CONSTRAINT supplier_shipments_source_check CHECK ((source = ANY (ARRAY['api'::text, 'webhook'::text, 'csv'::text, 'operator'::text, 'system'::text]))),
  CONSTRAINT supplier_shipments_supplier_order_id_fkey FOREIGN KEY (supplier_order_id) REFERENCES supplier_orders(id) ON DELETE CASCADE,
  CONSTRAINT supplier_shipments_tracking_url_check CHECK ((tracking_url ~ '^https?://'::text))
);
CREATE INDEX supplier_shipments_order_idx ON public.supplier_shipments USING btree (supplier_order_id);
CREATE UNIQUE INDEX supplier_shipments_pkey ON public.supplier_shipments USING btree (id);
CREATE INDEX supplier_shipments_tracking_number_idx ON public.supplier_shipments USING btree (tracking_number) WHERE (tracking_number IS NOT NULL);

CREATE TABLE supplier_webhook_receipts (
  supplier_id bigint NOT NULL,
  event_id text NOT NULL,
  event_type text NOT NULL,
  supplier_order_id bigint,
  applied boolean NOT NULL,
  received_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT supplier_webhook_receipts_event_id_check CHECK (((length(event_id) >= 1) AND (length(event_id) <= 200))),
  CONSTRAINT supplier_webhook_receipts_pkey PRIMARY KEY (supplier_id, event_id),
  CONSTRAINT supplier_webhook_receipts_supplier_id_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers(id) ON DELETE CASCADE,
  CONSTRAINT supplier_webhook_receipts_supplier_order_id_fkey FOREIGN KEY (supplier_order_id) REFERENCES supplier_orders(id) ON DELETE SET NULL
);
CREATE INDEX supplier_webhook_receipts_order_idx ON public.supplier_webhook_receipts USING btree (supplier_order_id) WHERE (supplier_order_id IS NOT NULL);
CREATE UNIQUE INDEX supplier_webhook_receipts_pkey ON public.supplier_webhook_receipts USING btree (supplier_id, event_id);

CREATE TABLE suppliers (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  contact_name text,
  email text,
  phone text,
  website text,
  address jsonb,
  notes text,
  status text DEFAULT 'active'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  order_method text DEFAULT 'manual'::text NOT NULL,
  api_endpoint text,
  api_credentials_encrypted text,
  webhook_secret_encrypted text,
  order_email text,
  catalog_feed_method text DEFAULT 'upload'::text NOT NULL,
  catalog_feed_location text,
  catalog_feed_format text DEFAULT 'csv'::text NOT NULL,
  catalog_column_mapping jsonb DEFAULT '{}'::jsonb NOT NULL,
  catalog_sync_schedule text,
  catalog_max_age_hours integer DEFAULT 48 NOT NULL,
  last_catalog_sync_at timestamp with time zone,
  order_cutoff_time time without time zone,
  order_cutoff_timezone text DEFAULT 'Europe/Berlin'::text NOT NULL,
  handling_days integer DEFAULT 1 NOT NULL,
  minimum_order_value numeric(12,2) DEFAULT 0 NOT NULL,
  per_order_fee numeric(12,2) DEFAULT 0 NOT NULL,
  shipping_cost_rule jsonb DEFAULT '{"type": "flat", "amount": "0.00"}'::jsonb NOT NULL,
  currency character(3) DEFAULT 'EUR'::bpchar NOT NULL,
  auto_submit boolean DEFAULT false NOT NULL,
  stock_buffer integer DEFAULT 0 NOT NULL,
  is_dropship boolean DEFAULT false NOT NULL,
  live_stock_check boolean DEFAULT false NOT NULL,
  alert_thresholds jsonb DEFAULT '{}'::jsonb NOT NULL,
  CONSTRAINT suppliers_address_check CHECK ((jsonb_typeof(address) = 'object'::text)),
  CONSTRAINT suppliers_alert_thresholds_check CHECK ((jsonb_typeof(alert_thresholds) = 'object'::text)),
  CONSTRAINT suppliers_api_endpoint_check CHECK ((api_endpoint ~ '^https?://'::text)),
  CONSTRAINT suppliers_catalog_column_mapping_check CHECK ((jsonb_typeof(catalog_column_mapping) = 'object'::text)),
  CONSTRAINT suppliers_catalog_feed_format_check CHECK ((catalog_feed_format = ANY (ARRAY['csv'::text, 'json'::text]))),
  CONSTRAINT suppliers_catalog_feed_method_check CHECK ((catalog_feed_method = ANY (ARRAY['url'::text, 'sftp'::text, 'folder'::text, 'upload'::text, 'api'::text]))),
  CONSTRAINT suppliers_catalog_max_age_hours_check CHECK ((catalog_max_age_hours > 0)),
  CONSTRAINT suppliers_code_check CHECK ((code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'::text)),
  CONSTRAINT suppliers_code_key UNIQUE (code),
  CONSTRAINT suppliers_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
  CONSTRAINT suppliers_handling_days_check CHECK ((handling_days >= 0)),
  CONSTRAINT suppliers_minimum_order_value_check CHECK ((minimum_order_value >= (0)::numeric)),
  CONSTRAINT suppliers_name_check CHECK ((length(btrim(name)) > 0)),
  CONSTRAINT suppliers_order_email_check CHECK ((order_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text)),
  CONSTRAINT suppliers_order_method_check CHECK ((order_method = ANY (ARRAY['api'::text, 'email'::text, 'csv_sftp'::text, 'csv_folder'::text, 'manual'::text]))),
  CONSTRAINT suppliers_per_order_fee_check CHECK ((per_order_fee >= (0)::numeric)),
  CONSTRAINT suppliers_pkey PRIMARY KEY (id),
  CONSTRAINT suppliers_shipping_cost_rule_check CHECK (((jsonb_typeof(shipping_cost_rule) = 'object'::text) AND (shipping_cost_rule ? 'type'::text))),
  CONSTRAINT suppliers_status_check CHECK ((status = ANY (ARRAY['active'::text, 'paused'::text, 'archived'::text]))),
  CONSTRAINT suppliers_stock_buffer_check CHECK ((stock_buffer >= 0))
);
CREATE INDEX suppliers_catalog_sync_due_idx ON public.suppliers USING btree (last_catalog_sync_at NULLS FIRST) WHERE ((status = 'active'::text) AND (catalog_feed_method <> 'upload'::text));
CREATE UNIQUE INDEX suppliers_code_key ON public.suppliers USING btree (code);
CREATE UNIQUE INDEX suppliers_name_lower_key ON public.suppliers USING btree (lower(name));
CREATE INDEX suppliers_order_method_idx ON public.suppliers USING btree (order_method);
CREATE UNIQUE INDEX suppliers_pkey ON public.suppliers USING btree (id);
CREATE INDEX suppliers_status_idx ON public.suppliers USING btree (status, is_dropship);
CREATE TRIGGER suppliers_catalog_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.suppliers FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER suppliers_set_updated_at BEFORE UPDATE ON public.suppliers FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  email text NOT NULL,
  password_hash text NOT NULL,
  name text,
  role text NOT NULL,
  is_active boolean DEFAULT true NOT NULL,
  last_login_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT users_email_check CHECK ((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text)),
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'staff'::text])))
);
CREATE UNIQUE INDEX users_email_lower_key ON public.users USING btree (lower(email));
CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id);
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
