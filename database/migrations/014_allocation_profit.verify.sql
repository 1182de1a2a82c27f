-- check: order_item_allocations has the 6 profit columns
SELECT count(*) = 6 AS ok, format('%s of 6 order_item_allocations columns', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'order_item_allocations'
AND column_name IN ('revenue', 'cost', 'fee_share', 'shipping_share', 'margin', 'margin_percent');

-- check: the profit check of 014 exists
SELECT count(*) = 1 AS ok, format('%s of 1 check constraint', count(*)) AS detail
FROM pg_constraint
WHERE conname = 'order_item_allocations_profit_check';
