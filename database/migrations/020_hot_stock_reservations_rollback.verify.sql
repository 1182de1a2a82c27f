-- check: the two indexes are keyed or filtered on the quantities again, as 005 made them
SELECT count(*) = 2 AS ok, format('%s of 2 indexes name a quantity', count(*)) AS detail
FROM pg_indexes
WHERE schemaname = current_schema()
AND indexname IN ('fulfillment_inventory_available_idx', 'fulfillment_inventory_low_stock_idx')
AND indexdef LIKE '%quantity%';
