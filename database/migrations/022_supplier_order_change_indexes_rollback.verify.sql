-- check: the indexes of 022 are gone
SELECT count(*) = 0 AS ok, format('%s of the indexes of 022 left', count(*)) AS detail
FROM pg_indexes
WHERE schemaname = 'public' AND tablename = 'supplier_orders'
  AND indexname IN ('supplier_orders_created_idx', 'supplier_orders_updated_idx');
