-- check: the suppliers table exists
WITH expected(name) AS (VALUES
    ('suppliers')
), found AS (
  SELECT table_name::text AS name FROM information_schema.tables
  WHERE table_schema = current_schema()
  AND table_name IN (SELECT name FROM expected)
)
SELECT count(f.name) = 1 AS ok,
       format('%s of 1 tables: %s', count(f.name), coalesce(string_agg(f.name, ', ' ORDER BY f.name), 'none'))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: suppliers has its 12 basic columns
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

-- check: the 2 indexes of 004 exist
WITH expected(name) AS (VALUES
    ('suppliers_pkey'),
    ('suppliers_code_key')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes
  WHERE schemaname = current_schema()
)
SELECT count(f.name) = 2 AS ok,
       format('%s of 2 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the updated_at trigger exists, BEFORE UPDATE FOR EACH ROW calling set_updated_at()
WITH expected(tbl, name) AS (VALUES
    ('suppliers', 'suppliers_set_updated_at')
), found AS (
  SELECT c.relname::text AS tbl, t.tgname::text AS name
  FROM pg_trigger AS t
  JOIN pg_class AS c ON c.oid = t.tgrelid
  WHERE NOT t.tgisinternal
  AND c.relnamespace = current_schema()::regnamespace
  AND t.tgfoid = to_regprocedure('set_updated_at()')
  AND t.tgtype & 1 = 1 AND t.tgtype & 2 = 2 AND t.tgtype & 16 = 16
)
SELECT count(f.name) = 1 AS ok,
       format('%s of 1 triggers', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.tbl || '.' || e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.tbl = e.tbl AND f.name = e.name;
