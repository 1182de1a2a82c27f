-- check: trigger function set_updated_at() exists (plpgsql, returns trigger)
SELECT coalesce(bool_and(l.lanname = 'plpgsql' AND p.prorettype = 'trigger'::regtype), false) AS ok,
       coalesce(max(p.oid::regprocedure::text || ' ' || l.lanname), 'missing: set_updated_at()') AS detail
FROM pg_proc AS p
JOIN pg_language AS l ON l.oid = p.prolang
WHERE p.oid = to_regprocedure('set_updated_at()');

-- check: the 2 tables of 001 exist
WITH expected(name) AS (VALUES
    ('categories'),
    ('products')
), found AS (
  SELECT table_name::text AS name FROM information_schema.tables
  WHERE table_schema = current_schema()
  AND table_name IN (SELECT name FROM expected)
)
SELECT count(f.name) = 2 AS ok,
       format('%s of 2 tables: %s', count(f.name), coalesce(string_agg(f.name, ', ' ORDER BY f.name), 'none'))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: categories has its 9 columns
WITH expected(name) AS (VALUES
    ('id'),
    ('parent_id'),
    ('name'),
    ('slug'),
    ('description'),
    ('position'),
    ('is_active'),
    ('created_at'),
    ('updated_at')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'categories'
)
SELECT count(f.name) = 9 AS ok,
       format('%s of 9 columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: products has its 17 columns
WITH expected(name) AS (VALUES
    ('id'),
    ('sku'),
    ('slug'),
    ('name'),
    ('description'),
    ('category_id'),
    ('gtin'),
    ('price'),
    ('compare_at_price'),
    ('cost_price'),
    ('currency'),
    ('status'),
    ('images'),
    ('attributes'),
    ('price_locked'),
    ('created_at'),
    ('updated_at')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'products'
)
SELECT count(f.name) = 17 AS ok,
       format('%s of 17 columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 12 indexes of 001 exist
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
SELECT count(f.name) = 12 AS ok,
       format('%s of 12 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 2 updated_at triggers exist, BEFORE UPDATE FOR EACH ROW calling set_updated_at()
WITH expected(tbl, name) AS (VALUES
    ('categories', 'categories_set_updated_at'),
    ('products', 'products_set_updated_at')
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

-- check: all 2 foreign keys of categories, products have an index led by their column
SELECT count(*) = 2 AND count(*) FILTER (WHERE NOT indexed) = 0 AS ok,
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
  AND c.relname IN ('categories', 'products')
) AS fks;
