-- check: product_price_changes and its 2 indexes exist
SELECT count(*) = 3 AS ok, format('%s of 3 (table, 2 indexes)', count(*)) AS detail
FROM pg_class c
WHERE c.relnamespace = current_schema()::regnamespace
AND c.relname IN ('product_price_changes', 'product_price_changes_product_idx', 'product_price_changes_rule_id_idx');

-- check: landed cost of one unit: cost 12.17 with 4.90 flat shipping is 17.07; free shipping from 150 on a 160.00 unit adds only the fee
SELECT pricing_landed_unit_cost(12.17, 0, '{"type": "flat", "amount": "4.90"}') = 17.07
   AND pricing_landed_unit_cost(160, 2.50, '{"type": "free_over", "amount": "6.90", "threshold": "150.00"}') = 162.50 AS ok,
       format('%s, %s', pricing_landed_unit_cost(12.17, 0, '{"type": "flat", "amount": "4.90"}'),
              pricing_landed_unit_cost(160, 2.50, '{"type": "free_over", "amount": "6.90", "threshold": "150.00"}')) AS detail;

-- check: a price keeps a 15 % margin over a cost of 8.50 from 10.00 on, not at 9.99
SELECT pricing_keeps_margin(10.00, 8.50, 15) AND NOT pricing_keeps_margin(9.99, 8.50, 15) AS ok,
       format('10.00: %s, 9.99: %s', pricing_keeps_margin(10.00, 8.50, 15), pricing_keeps_margin(9.99, 8.50, 15)) AS detail;

-- check: pricing_min_margin exists
SELECT count(*) = 1 AS ok, format('%s of 1 function', count(*)) AS detail
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema() AND p.proname = 'pricing_min_margin';
