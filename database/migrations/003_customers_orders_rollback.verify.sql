-- check: the 3 tables of 003 are gone
WITH expected(name) AS (VALUES
    ('customers'),
    ('orders'),
    ('order_items')
), found AS (
  SELECT table_name::text AS name FROM information_schema.tables
  WHERE table_schema = current_schema()
  AND table_name IN (SELECT name FROM expected)
)
SELECT count(f.name) = 0 AS ok,
       format('%s of 3 tables remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 11 indexes of 003 are gone
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
SELECT count(f.name) = 0 AS ok,
       format('%s of 11 indexes remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;
