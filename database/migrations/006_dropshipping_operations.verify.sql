-- check: the 3 tables of 006 exist
SELECT count(*) = 3 AS ok, format('%s of 3 tables: %s', count(*), coalesce(string_agg(table_name::text, ', ' ORDER BY table_name), 'none')) AS detail
FROM information_schema.tables
WHERE table_schema = current_schema()
AND table_name IN ('inventory_adjustments', 'order_item_allocations', 'catalog_imports');

-- check: the 10 indexes of 006 exist
WITH expected(name) AS (VALUES
    ('inventory_adjustments_pkey'), ('inventory_adjustments_inventory_created_idx'), ('inventory_adjustments_order_id_idx'),
    ('order_item_allocations_pkey'), ('order_item_allocations_order_id_idx'), ('order_item_allocations_order_item_id_idx'),
    ('order_item_allocations_inventory_idx'), ('order_item_allocations_supplier_item_idx'),
    ('catalog_imports_pkey'), ('catalog_imports_supplier_started_idx')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema()
)
SELECT count(f.name) = 10 AS ok,
       format('%s of 10 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the updated_at trigger of order_item_allocations exists
SELECT count(*) = 1 AS ok, format('%s of 1 triggers', count(*)) AS detail
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal AND c.relname = 'order_item_allocations' AND t.tgname = 'order_item_allocations_set_updated_at'
AND c.relnamespace = current_schema()::regnamespace;
