-- check: the 2 tables of 001 are gone
WITH expected(name) AS (VALUES
    ('categories'),
    ('products')
), found AS (
  SELECT table_name::text AS name FROM information_schema.tables
  WHERE table_schema = current_schema()
  AND table_name IN (SELECT name FROM expected)
)
SELECT count(f.name) = 0 AS ok,
       format('%s of 2 tables remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 12 indexes of 001 are gone
WITH expected(name) AS (VALUES
    ('categories_pkey'),
    ('categories_slug_key'),
    ('categories_parent_position_idx'),
    ('products_pkey'),
    ('products_sku_key'),
    ('products_slug_key'),
    ('products_category_id_idx'),
    ('products_status_created_idx'),
    ('products_price_idx'),
    ('products_name_lower_idx'),
    ('products_search_idx'),
    ('products_gtin_idx')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes
  WHERE schemaname = current_schema()
)
SELECT count(f.name) = 0 AS ok,
       format('%s of 12 indexes remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: trigger function set_updated_at() is gone
SELECT to_regprocedure('set_updated_at()') IS NULL AS ok,
       coalesce('still there: ' || to_regprocedure('set_updated_at()')::text, 'set_updated_at() is gone') AS detail;
