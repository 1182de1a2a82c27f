-- check: the pricing functions are not STRICT (so PostgreSQL inlines them)
SELECT count(*) = 3 AS ok, format('%s of 3 pricing functions not strict', count(*)) AS detail
FROM pg_proc
WHERE pronamespace = current_schema()::regnamespace AND NOT proisstrict
AND proname IN ('pricing_round', 'pricing_price', 'pricing_landed_unit_cost');

-- check: every rounding gives 007's price: cost 10.00 at 40 % with 15 % margin; 9.40 exactly on an ending
SELECT pricing_price(10.00, 'percent', 40, 15, 'none') = 14.00 AND pricing_price(10.00, 'percent', 40, 15, '0.99') = 14.99
   AND pricing_price(10.00, 'percent', 40, 15, '0.95') = 14.95 AND pricing_price(10.00, 'percent', 40, 15, '0.90') = 14.90
   AND pricing_price(10.00, 'percent', 40, 15, 'whole') = 14.00 AND pricing_round(14.90, '0.90') = 14.90
   AND pricing_round(14.91, '0.90') = 15.90 AND pricing_round(14.001, 'none') = 14.01 AS ok,
       format('none %s, 0.99 %s, 0.95 %s, 0.90 %s, whole %s', pricing_price(10.00, 'percent', 40, 15, 'none'),
              pricing_price(10.00, 'percent', 40, 15, '0.99'), pricing_price(10.00, 'percent', 40, 15, '0.95'),
              pricing_price(10.00, 'percent', 40, 15, '0.90'), pricing_price(10.00, 'percent', 40, 15, 'whole')) AS detail;

-- check: a NULL argument still gives NULL
SELECT pricing_price(10, NULL, 40, 15, 'none') IS NULL AND pricing_landed_unit_cost(10, 0, NULL) IS NULL AS ok,
       format('price %s, landed %s', pricing_price(10, NULL, 40, 15, 'none'), pricing_landed_unit_cost(10, 0, NULL)) AS detail;
