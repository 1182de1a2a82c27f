-- check: supplier_orders has its created_at and updated_at indexes
SELECT count(*) = 2 AS ok, format('%s of 2 indexes supplier_orders_created_idx, supplier_orders_updated_idx', count(*)) AS detail
FROM pg_indexes
WHERE schemaname = 'public' AND tablename = 'supplier_orders'
  AND indexname IN ('supplier_orders_created_idx', 'supplier_orders_updated_idx');
