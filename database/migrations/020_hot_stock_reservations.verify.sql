-- check: no index of fulfillment_inventory names a stock quantity (reservations are HOT updates)
SELECT count(*) = 0 AS ok, format('%s index(es) name a quantity%s', count(*), coalesce(': ' || string_agg(indexname, ', '), '')) AS detail
FROM pg_indexes
WHERE schemaname = current_schema() AND tablename = 'fulfillment_inventory' AND indexdef LIKE '%quantity%';

-- check: the two indexes 005 named are there
SELECT count(*) = 2 AS ok, format('%s of 2 indexes', count(*)) AS detail
FROM pg_indexes
WHERE schemaname = current_schema()
AND indexname IN ('fulfillment_inventory_available_idx', 'fulfillment_inventory_low_stock_idx');
