-- check: the 3 tables of 010 are gone
SELECT count(*) = 0 AS ok, format('%s of 3 tables remain%s', count(*), coalesce(': ' || string_agg(table_name::text, ', '), '')) AS detail
FROM information_schema.tables
WHERE table_schema = current_schema()
AND table_name IN ('supplier_order_events', 'supplier_webhook_receipts', 'supplier_shipments');
