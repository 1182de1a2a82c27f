-- 009_pricing_margin: what keeps every unit the shop offers at or above its minimum margin.
--   pricing_landed_unit_cost(): the landed cost of ONE unit ordered alone from a supplier (unit
--     cost + per-order fee + shipping for one item): no line from that supplier ever costs more
--     per unit, since the per-order costs are shared over more units.
--   pricing_min_margin(): the minimum margin of the rule that wins for a cost (same precedence as
--     the reprice: active rules by priority, then id; no rule: 0).
--   pricing_keeps_margin(): price * (1 - min_margin / 100) >= landed unit cost.
--   product_price_changes: every price change a reprice makes (old, new, cost basis, rule, why).
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction

-- One unit ordered alone from a supplier: its unit cost, the per-order fee and the shipping of one
-- item by the supplier's shipping_cost_rule (flat, per_item, free_over a goods value).
CREATE FUNCTION pricing_landed_unit_cost(cost numeric, per_order_fee numeric, shipping_rule jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT cost + per_order_fee + CASE shipping_rule ->> 'type'
    WHEN 'flat' THEN (shipping_rule ->> 'amount')::numeric
    WHEN 'per_item' THEN (shipping_rule ->> 'amount')::numeric
    WHEN 'free_over' THEN
      CASE WHEN cost >= (shipping_rule ->> 'threshold')::numeric THEN 0 ELSE (shipping_rule ->> 'amount')::numeric END
    ELSE 0
  END
$$;

-- The minimum margin (percent) of the winning rule for a cost of a product in category p_category
-- coming from supplier p_supplier (NULL: own stock).
CREATE FUNCTION pricing_min_margin(p_category bigint, p_supplier bigint, p_cost numeric) RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
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
     LIMIT 1), 0)
$$;

-- A unit at landed_cost sold at price keeps the minimum margin.
CREATE FUNCTION pricing_keeps_margin(price numeric, landed_cost numeric, min_margin_percent numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT price * (1 - min_margin_percent / 100) >= landed_cost
$$;

-- ---------------------------------------------------------------------------
-- product_price_changes: the change log of selling prices, written by the reprice only
-- ---------------------------------------------------------------------------
CREATE TABLE product_price_changes (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id            bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  old_price             numeric(12,2) NOT NULL,
  new_price             numeric(12,2) NOT NULL CHECK (new_price >= 0),
  old_compare_at_price  numeric(12,2),
  new_compare_at_price  numeric(12,2),
  -- the cost the new price is computed from, and where it comes from ('own stock', 'supplier CODE')
  cost_basis            numeric(12,4) NOT NULL CHECK (cost_basis >= 0),
  basis_source          text NOT NULL,
  rule_id               bigint REFERENCES pricing_rules (id) ON DELETE SET NULL,
  rule_name             text NOT NULL,
  -- what triggered the reprice: 'rule 1 changed', 'own stock of SKU X set', 'catalog import 7', ...
  reason                text NOT NULL CHECK (length(btrim(reason)) > 0),
  changed_at            timestamptz NOT NULL DEFAULT now()
);

-- A product's price history, newest first; also the FK product_id.
CREATE INDEX product_price_changes_product_idx ON product_price_changes (product_id, changed_at DESC, id DESC);
-- The FK rule_id (ON DELETE SET NULL when a rule is removed).
CREATE INDEX product_price_changes_rule_id_idx ON product_price_changes (rule_id) WHERE rule_id IS NOT NULL;
