-- check: the runbook's table query returns 0 rows
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
SELECT count(*) = 0 AS ok,
       format('%s rows', count(*)) || coalesce(': ' || string_agg(table_name, ', ' ORDER BY table_name), '') AS detail
FROM found;

-- check: pricing_rules is gone
SELECT to_regclass('pricing_rules') IS NULL AS ok,
       CASE WHEN to_regclass('pricing_rules') IS NULL THEN 'pricing_rules is gone'
            ELSE 'still there: ' || to_regclass('pricing_rules')::text END AS detail;

-- check: no integration column of 005 remains on suppliers
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
SELECT count(f.name) = 0 AS ok,
       format('%s of 22 integration columns remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: none of the 47 indexes of 005 remains (suppliers_name_lower_key included)
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
SELECT count(f.name) = 0 AS ok,
       format('%s of 47 indexes remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: suppliers keeps its 12 basic columns of 004
WITH expected(name) AS (VALUES
    ('id'),
    ('code'),
    ('name'),
    ('contact_name'),
    ('email'),
    ('phone'),
    ('website'),
    ('address'),
    ('notes'),
    ('status'),
    ('created_at'),
    ('updated_at')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'suppliers'
)
SELECT count(f.name) = 12 AS ok,
       format('%s of 12 columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: suppliers has no column beyond its 12 of 004
SELECT count(*) = 12 AS ok,
       format('%s columns: %s', count(*), string_agg(column_name::text, ', ' ORDER BY ordinal_position)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'suppliers';
