-- check: the seed rules' documented examples: cost 10.00 under 'Default margin' gives 14.99, cost 3.20 under 'Low-cost items' gives 6.99
SELECT pricing_price(10.00, 'percent', 40, 15, '0.99') = 14.99 AND pricing_price(3.20, 'multiplier', 2.0, 25, '0.99') = 6.99 AS ok,
       format('10.00 -> %s, 3.20 -> %s', pricing_price(10.00, 'percent', 40, 15, '0.99'), pricing_price(3.20, 'multiplier', 2.0, 25, '0.99')) AS detail;

-- check: the minimum margin wins over a small markup (cost 100, +5 %, min 20 % margin: at least 125.00)
SELECT pricing_price(100, 'percent', 5, 20, 'none') = 125.00 AS ok,
       format('%s', pricing_price(100, 'percent', 5, 20, 'none')) AS detail;
