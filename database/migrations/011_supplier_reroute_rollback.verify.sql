-- check: the columns of 011 are gone
SELECT count(*) = 0 AS ok, format('%s of 4 columns remain%s', count(*), coalesce(': ' || string_agg(column_name::text, ', '), '')) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema()
AND ((table_name = 'order_items' AND column_name IN ('unfulfillable_since', 'unfulfillable_reason'))
  OR (table_name = 'order_item_allocations' AND column_name = 'replaces_allocation_id')
  OR (table_name = 'suppliers' AND column_name = 'live_stock_check'));

-- check: the allocations' status check no longer allows rerouted
SELECT count(*) = 0 AS ok, format('%s status checks allow rerouted', count(*)) AS detail
FROM pg_constraint
WHERE conname = 'order_item_allocations_status_check' AND pg_get_constraintdef(oid) LIKE '%rerouted%';
