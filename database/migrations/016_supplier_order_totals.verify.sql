-- check: supplier_orders has the 4 total columns
SELECT count(*) = 4 AS ok, format('%s of 4 supplier_orders total columns', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'supplier_orders'
AND column_name IN ('units_ordered', 'units_shipped', 'tracked_parcels', 'tracking_hours');

-- check: supplier_orders has its totals check
SELECT count(*) = 1 AS ok, format('%s of 1 check constraint', count(*)) AS detail
FROM pg_constraint
WHERE conname = 'supplier_orders_totals_check';
