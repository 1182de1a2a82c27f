-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 009_pricing_margin
\set jne_version 009
\set jne_name pricing_margin
\set jne_previous 008
\set jne_checksum 1938465edee8999cba6521c61c50426f2433d7a3dd4b40fcc547cfa1859972f8
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
