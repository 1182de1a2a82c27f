-- check: the 3 tables of 003 exist
WITH expected(name) AS (VALUES
    ('customers'),
    ('orders'),
    ('order_items')
), found AS (
  SELECT table_name::text AS name FROM information_schema.tables
  WHERE table_schema = current_schema()
  AND table_name IN (SELECT name FROM expected)
)
SELECT count(f.name) = 3 AS ok,
       format('%s of 3 tables: %s', count(f.name), coalesce(string_agg(f.name, ', ' ORDER BY f.name), 'none'))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: customers has its 6 columns
WITH expected(name) AS (VALUES
    ('id'),
    ('email'),
    ('name'),
    ('phone'),
    ('created_at'),
    ('updated_at')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'customers'
)
SELECT count(f.name) = 6 AS ok,
       format('%s of 6 columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: orders has its 19 columns
WITH expected(name) AS (VALUES
    ('id'),
    ('order_number'),
    ('customer_id'),
    ('email'),
    ('status'),
    ('currency'),
    ('subtotal'),
    ('shipping_total'),
    ('tax_total'),
    ('total'),
    ('shipping_address'),
    ('billing_address'),
    ('idempotency_key'),
    ('request_hash'),
    ('notes'),
    ('placed_at'),
    ('cancelled_at'),
    ('created_at'),
    ('updated_at')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'orders'
)
SELECT count(f.name) = 19 AS ok,
       format('%s of 19 columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: order_items has its 9 columns
WITH expected(name) AS (VALUES
    ('id'),
    ('order_id'),
    ('product_id'),
    ('sku'),
    ('name'),
    ('quantity'),
    ('unit_price'),
    ('line_total'),
    ('created_at')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'order_items'
)
SELECT count(f.name) = 9 AS ok,
       format('%s of 9 columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 11 indexes of 003 exist
WITH expected(name) AS (VALUES
    ('customers_pkey'),
    ('customers_email_lower_key'),
    ('orders_pkey'),
    ('orders_order_number_key'),
    ('orders_idempotency_key_key'),
    ('orders_customer_id_idx'),
    ('orders_status_placed_idx'),
    ('orders_placed_at_idx'),
    ('order_items_pkey'),
    ('order_items_order_id_idx'),
    ('order_items_product_id_idx')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes
  WHERE schemaname = current_schema()
)
SELECT count(f.name) = 11 AS ok,
       format('%s of 11 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 2 updated_at triggers exist, BEFORE UPDATE FOR EACH ROW calling set_updated_at()
WITH expected(tbl, name) AS (VALUES
    ('customers', 'customers_set_updated_at'),
    ('orders', 'orders_set_updated_at')
), found AS (
  SELECT c.relname::text AS tbl, t.tgname::text AS name
  FROM pg_trigger AS t
  JOIN pg_class AS c ON c.oid = t.tgrelid
  WHERE NOT t.tgisinternal
  AND c.relnamespace = current_schema()::regnamespace
  AND t.tgfoid = to_regprocedure('set_updated_at()')
  AND t.tgtype & 1 = 1 AND t.tgtype & 2 = 2 AND t.tgtype & 16 = 16
)
SELECT count(f.name) = 2 AS ok,
       format('%s of 2 triggers', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.tbl || '.' || e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.tbl = e.tbl AND f.name = e.name;

-- check: all 3 foreign keys of customers, orders, order_items have an index led by their column
SELECT count(*) = 3 AND count(*) FILTER (WHERE NOT indexed) = 0 AS ok,
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
  AND c.relname IN ('customers', 'orders', 'order_items')
) AS fks;
