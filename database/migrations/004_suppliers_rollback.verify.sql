-- check: the suppliers table is gone
WITH expected(name) AS (VALUES
    ('suppliers')
), found AS (
  SELECT table_name::text AS name FROM information_schema.tables
  WHERE table_schema = current_schema()
  AND table_name IN (SELECT name FROM expected)
)
SELECT count(f.name) = 0 AS ok,
       format('%s of 1 tables remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 2 indexes of 004 are gone
WITH expected(name) AS (VALUES
    ('suppliers_pkey'),
    ('suppliers_code_key')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes
  WHERE schemaname = current_schema()
)
SELECT count(f.name) = 0 AS ok,
       format('%s of 2 indexes remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;
