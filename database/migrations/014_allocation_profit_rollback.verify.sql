-- check: the columns of 014 are gone
SELECT count(*) = 0 AS ok, format('%s of 6 columns remain%s', count(*), coalesce(': ' || string_agg(column_name::text, ', '), '')) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'order_item_allocations'
AND column_name IN ('revenue', 'cost', 'fee_share', 'shipping_share', 'margin', 'margin_percent');

-- check: the profit check of 014 is gone
SELECT count(*) = 0 AS ok, format('%s check constraints remain', count(*)) AS detail
FROM pg_constraint
WHERE conname = 'order_item_allocations_profit_check';
