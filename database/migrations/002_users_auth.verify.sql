-- check: the 2 tables of 002 exist
WITH expected(name) AS (VALUES
    ('users'),
    ('api_tokens')
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

-- check: users has its 9 columns
WITH expected(name) AS (VALUES
    ('id'),
    ('email'),
    ('password_hash'),
    ('name'),
    ('role'),
    ('is_active'),
    ('last_login_at'),
    ('created_at'),
    ('updated_at')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'users'
)
SELECT count(f.name) = 9 AS ok,
       format('%s of 9 columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: api_tokens has its 10 columns
WITH expected(name) AS (VALUES
    ('id'),
    ('name'),
    ('token_hash'),
    ('token_prefix'),
    ('role'),
    ('user_id'),
    ('created_at'),
    ('last_used_at'),
    ('expires_at'),
    ('revoked_at')
), found AS (
  SELECT column_name::text AS name FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'api_tokens'
)
SELECT count(f.name) = 10 AS ok,
       format('%s of 10 columns', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the 5 indexes of 002 exist
WITH expected(name) AS (VALUES
    ('users_pkey'),
    ('users_email_lower_key'),
    ('api_tokens_pkey'),
    ('api_tokens_token_hash_key'),
    ('api_tokens_user_id_idx')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes
  WHERE schemaname = current_schema()
)
SELECT count(f.name) = 5 AS ok,
       format('%s of 5 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the updated_at trigger exists, BEFORE UPDATE FOR EACH ROW calling set_updated_at()
WITH expected(tbl, name) AS (VALUES
    ('users', 'users_set_updated_at')
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

-- check: all 1 foreign keys of users, api_tokens have an index led by their column
SELECT count(*) = 1 AND count(*) FILTER (WHERE NOT indexed) = 0 AS ok,
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
  AND c.relname IN ('users', 'api_tokens')
) AS fks;
