-- check: supplier_orders has none of the 4 total columns
SELECT count(*) = 0 AS ok, format('%s of 4 columns remain%s', count(*), coalesce(': ' || string_agg(column_name::text, ', '), '')) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'supplier_orders'
AND column_name IN ('units_ordered', 'units_shipped', 'tracked_parcels', 'tracking_hours');

-- check: the totals check is gone
SELECT count(*) = 0 AS ok, format('%s check constraints remain', count(*)) AS detail
FROM pg_constraint
WHERE conname = 'supplier_orders_totals_check';
