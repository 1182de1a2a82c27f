-- check: order_items has unfulfillable_since and unfulfillable_reason
SELECT count(*) = 2 AS ok, format('%s of 2 order_items columns', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'order_items'
AND column_name IN ('unfulfillable_since', 'unfulfillable_reason');

-- check: order_item_allocations has replaces_allocation_id and allows the status rerouted
SELECT count(*) = 2 AS ok, format('%s of 2: replaces_allocation_id, rerouted in the status check', count(*)) AS detail
FROM (
  SELECT 1 FROM information_schema.columns
   WHERE table_schema = current_schema() AND table_name = 'order_item_allocations'
     AND column_name = 'replaces_allocation_id'
  UNION ALL
  SELECT 1 FROM pg_constraint
   WHERE conname = 'order_item_allocations_status_check'
     AND pg_get_constraintdef(oid) LIKE '%rerouted%'
) AS found;

-- check: suppliers has live_stock_check
SELECT count(*) = 1 AS ok, format('%s of 1 suppliers column', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'suppliers' AND column_name = 'live_stock_check';

-- check: the 2 indexes of 011 exist
SELECT count(*) = 2 AS ok, format('%s of 2 indexes', count(*)) AS detail
FROM pg_indexes
WHERE schemaname = current_schema()
AND indexname IN ('order_items_unfulfillable_idx', 'order_item_allocations_replaces_idx');
