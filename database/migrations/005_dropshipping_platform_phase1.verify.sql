-- check: the runbook's table query lists all 7 tables
WITH found AS (
  -- the runbook's verification query (step 5), with current_schema() for 'public'
  SELECT table_name::text AS table_name FROM information_schema.tables
  WHERE table_schema = current_schema()
  AND table_name IN (
    'inventory_sources',
    'fulfillment_inventory',
    'supplier_catalogs',
    'supplier_orders',
    'supplier_order_items',
    'pricing_rules',
    'supplier_performance'
  )
)
SELECT count(*) = 7 AS ok,
       format('%s of 7 tables: %s', count(*), coalesce(string_agg(table_name, ', ' ORDER BY table_name), 'none'))
       || coalesce(' | missing: ' || (SELECT string_agg(t, ', ' ORDER BY t)
                                     FROM unnest(ARRAY['inventory_sources', 'fulfillment_inventory', 'supplier_catalogs', 'supplier_orders', 'supplier_order_items', 'pricing_rules', 'supplier_performance']) AS t
                                     WHERE t NOT IN (SELECT table_name FROM found)), '') AS detail
FROM found;

-- check: pricing_rules has exactly the 2 seed rows (runbook: 2 pricing rules)
WITH r AS (
  -- read through query_to_xml so that a missing table gives ok = false instead of an error
  SELECT CASE WHEN to_regclass('pricing_rules') IS NOT NULL THEN
    query_to_xml('SELECT count(*) AS n,
                         count(*) FILTER (WHERE (name, scope) IN ((''Default margin'', ''all''), (''Low-cost items'', ''cost_range''))) AS seeds,
                         string_agg(format(''%s (%s, priority %s)'', name, scope, priority), '', '' ORDER BY priority) AS names
                  FROM pricing_rules', false, true, '')::text
  END AS x
)
SELECT coalesce(substring(x from '<n>([0-9]+)</n>') = '2' AND substring(x from '<seeds>([0-9]+)</seeds>') = '2', false) AS ok,
       CASE WHEN x IS NULL THEN 'pricing_rules does not exist'
            ELSE format('%s rows', substring(x from '<n>([0-9]+)</n>'))
                 || coalesce(': ' || substring(x from '<names>(.*)</names>'), '') END AS detail
FROM r;

-- check: suppliers has all 22 integration columns of 005 (runbook: 13+ new columns)
WITH expected(name) AS (VALUES
    ('order_method'),
    ('api_endpoint'),
    ('api_credentials_encrypted'),
    ('webhook_secret_encrypted'),
    ('order_email'),
    ('catalog_feed_method'),
    ('catalog_feed_location'),
    ('catalog_feed_format'),
    ('catalog_column_mapping'),
    ('catalog_sync_schedule'),
    ('catalog_max_age_hours'),
    ('last_catalog_sync_at'),
    ('order_cutoff_time'),
    ('order_cutoff_timezone'),
    ('handling_days'),
    ('minimum_order_value'),
    ('per_order_fee'),
    ('shipping_cost_rule'),
    ('currency'),
    ('auto_submit'),
    ('stock_buffer'),
    ('is_dropship')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'suppliers'
)
SELECT count(f.name) = 22 AS ok,
       format('%s of 22 integration columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: all 47 indexes of 005 exist (34 CREATE INDEX + 13 primary key/unique)
WITH expected(name) AS (VALUES
    ('suppliers_name_lower_key'),
    ('suppliers_order_method_idx'),
    ('suppliers_status_idx'),
    ('suppliers_catalog_sync_due_idx'),
    ('inventory_sources_pkey'),
    ('inventory_sources_code_key'),
    ('inventory_sources_supplier_id_idx'),
    ('inventory_sources_type_priority_idx'),
    ('fulfillment_inventory_pkey'),
    ('fulfillment_inventory_source_product_key'),
    ('fulfillment_inventory_product_id_idx'),
    ('fulfillment_inventory_available_idx'),
    ('fulfillment_inventory_low_stock_idx'),
    ('supplier_catalogs_pkey'),
    ('supplier_catalogs_supplier_sku_key'),
    ('supplier_catalogs_supplier_gtin_idx'),
    ('supplier_catalogs_product_offer_idx'),
    ('supplier_catalogs_gtin_idx'),
    ('supplier_catalogs_unlinked_idx'),
    ('supplier_catalogs_last_seen_idx'),
    ('supplier_orders_pkey'),
    ('supplier_orders_idempotency_key_key'),
    ('supplier_orders_order_id_idx'),
    ('supplier_orders_supplier_status_created_idx'),
    ('supplier_orders_supplier_created_idx'),
    ('supplier_orders_dispatch_queue_idx'),
    ('supplier_orders_cancel_queue_idx'),
    ('supplier_orders_overdue_idx'),
    ('supplier_orders_status_created_idx'),
    ('supplier_orders_tracking_number_idx'),
    ('supplier_orders_external_reference_idx'),
    ('supplier_order_items_pkey'),
    ('supplier_order_items_line_key'),
    ('supplier_order_items_sku_idx'),
    ('supplier_order_items_order_item_id_idx'),
    ('supplier_order_items_supplier_catalog_id_idx'),
    ('supplier_order_items_product_id_idx'),
    ('pricing_rules_pkey'),
    ('pricing_rules_name_key'),
    ('pricing_rules_scope_priority_idx'),
    ('pricing_rules_category_id_idx'),
    ('pricing_rules_supplier_id_idx'),
    ('pricing_rules_cost_range_idx'),
    ('supplier_performance_pkey'),
    ('supplier_performance_period_key'),
    ('supplier_performance_latest_idx'),
    ('supplier_performance_period_idx')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes
  WHERE schemaname = current_schema()
)
SELECT count(f.name) = 47 AS ok,
       format('%s of 47 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 5 updated_at triggers exist, BEFORE UPDATE FOR EACH ROW calling set_updated_at()
WITH expected(tbl, name) AS (VALUES
    ('inventory_sources', 'inventory_sources_set_updated_at'),
    ('fulfillment_inventory', 'fulfillment_inventory_set_updated_at'),
    ('supplier_catalogs', 'supplier_catalogs_set_updated_at'),
    ('supplier_orders', 'supplier_orders_set_updated_at'),
    ('pricing_rules', 'pricing_rules_set_updated_at')
), found AS (
  SELECT c.relname::text AS tbl, t.tgname::text AS name
  FROM pg_trigger AS t
  JOIN pg_class AS c ON c.oid = t.tgrelid
  WHERE NOT t.tgisinternal
  AND c.relnamespace = current_schema()::regnamespace
  AND t.tgfoid = to_regprocedure('set_updated_at()')
  AND t.tgtype & 1 = 1 AND t.tgtype & 2 = 2 AND t.tgtype & 16 = 16
)
SELECT count(f.name) = 5 AS ok,
       format('%s of 5 triggers', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.tbl || '.' || e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.tbl = e.tbl AND f.name = e.name;

-- check: exactly 5 user triggers on the tables of this migration (no strays; the statement
-- triggers that count catalog changes for the product list's ETag belong to 018)
SELECT count(*) = 5 AS ok,
       format('%s triggers', count(*)) || coalesce(': ' || string_agg(c.relname || '.' || t.tgname, ', ' ORDER BY t.tgname), '') AS detail
FROM pg_trigger AS t
JOIN pg_class AS c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal
AND NOT EXISTS (SELECT FROM pg_proc AS p WHERE p.oid = t.tgfoid AND p.proname = 'catalog_changed')
AND c.relnamespace = current_schema()::regnamespace
AND c.relname IN ('inventory_sources', 'fulfillment_inventory', 'supplier_catalogs', 'supplier_orders', 'supplier_order_items', 'pricing_rules', 'supplier_performance');

-- check: suppliers_name_lower_key is a unique index on suppliers (lower(name))
SELECT coalesce(bool_and(x.indisunique AND x.indrelid = to_regclass('suppliers')
                         AND pg_get_indexdef(x.indexrelid) LIKE '%(lower(name))'), false) AS ok,
       coalesce(max(pg_get_indexdef(x.indexrelid)), 'missing: suppliers_name_lower_key') AS detail
FROM pg_index AS x
JOIN pg_class AS c ON c.oid = x.indexrelid
WHERE c.relname = 'suppliers_name_lower_key'
AND c.relnamespace = current_schema()::regnamespace;

-- check: fulfillment_inventory.quantity_available is a stored generated column (on hand - reserved)
SELECT coalesce(bool_and(is_generated = 'ALWAYS'), false) AS ok,
       coalesce(max(format('is_generated=%s: %s', is_generated, generation_expression)), 'missing: fulfillment_inventory.quantity_available') AS detail
FROM information_schema.columns
WHERE table_schema = current_schema()
AND table_name = 'fulfillment_inventory' AND column_name = 'quantity_available';

-- check: all 14 foreign keys of inventory_sources, fulfillment_inventory, supplier_catalogs, supplier_orders, supplier_order_items, pricing_rules, supplier_performance have an index led by their column
SELECT count(*) = 14 AND count(*) FILTER (WHERE NOT indexed) = 0 AS ok,
       format('%s foreign keys, %s without an index', count(*), count(*) FILTER (WHERE NOT indexed))
       || coalesce(': ' || string_agg(fk, ', ' ORDER BY fk) FILTER (WHERE NOT indexed), '') AS detail
FROM (
  SELECT c.relname || '.' || a.attname AS fk,
         EXISTS (SELECT 1 FROM pg_index AS i
                 WHERE i.indrelid = co.conrelid AND i.indkey[0] = co.conkey[1]) AS indexed
  FROM pg_constraint AS co
  JOIN pg_class AS c ON c.oid = co.conrelid
  JOIN pg_attribute AS a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1]
  WHERE co.contype = 'f'
  AND c.relnamespace = current_schema()::regnamespace
  AND c.relname IN ('inventory_sources', 'fulfillment_inventory', 'supplier_catalogs', 'supplier_orders', 'supplier_order_items', 'pricing_rules', 'supplier_performance')
) AS fks;
