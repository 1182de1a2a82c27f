-- check: the 3 tables of 006 are gone
SELECT count(*) = 0 AS ok, format('%s of 3 tables remain%s', count(*), coalesce(': ' || string_agg(table_name::text, ', '), '')) AS detail
FROM information_schema.tables
WHERE table_schema = current_schema()
AND table_name IN ('inventory_adjustments', 'order_item_allocations', 'catalog_imports');
