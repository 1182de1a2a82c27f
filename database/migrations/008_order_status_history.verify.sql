-- check: the table order_status_events exists
SELECT count(*) = 1 AS ok, format('%s of 1 tables', count(*)) AS detail
FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name = 'order_status_events';

-- check: the 2 indexes of 008 exist
WITH expected(name) AS (VALUES ('order_status_events_pkey'), ('order_status_events_order_idx')),
found AS (SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema())
SELECT count(f.name) = 2 AS ok,
       format('%s of 2 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;
