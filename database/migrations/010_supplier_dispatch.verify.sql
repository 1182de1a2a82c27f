-- check: the 3 tables of 010 exist
SELECT count(*) = 3 AS ok, format('%s of 3 tables: %s', count(*), coalesce(string_agg(table_name::text, ', ' ORDER BY table_name), 'none')) AS detail
FROM information_schema.tables
WHERE table_schema = current_schema()
AND table_name IN ('supplier_order_events', 'supplier_webhook_receipts', 'supplier_shipments');

-- check: the 7 indexes of 010 exist
WITH expected(name) AS (VALUES
    ('supplier_order_events_pkey'), ('supplier_order_events_order_idx'),
    ('supplier_webhook_receipts_pkey'), ('supplier_webhook_receipts_order_idx'),
    ('supplier_shipments_pkey'), ('supplier_shipments_order_idx'), ('supplier_shipments_tracking_number_idx')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema()
)
SELECT count(f.name) = 7 AS ok,
       format('%s of 7 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: supplier_order_events has its 10 columns
SELECT count(*) = 10 AS ok, format('%s of 10 columns', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'supplier_order_events'
AND column_name IN ('id', 'supplier_order_id', 'from_status', 'to_status', 'source', 'applied', 'reason', 'actor', 'payload', 'created_at');
