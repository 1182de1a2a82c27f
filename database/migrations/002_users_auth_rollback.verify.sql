-- check: the 2 tables of 002 are gone
WITH expected(name) AS (VALUES
    ('users'),
    ('api_tokens')
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

-- check: the 5 indexes of 002 are gone
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
SELECT count(f.name) = 0 AS ok,
       format('%s of 5 indexes remain', count(f.name))
       || coalesce(': ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NOT NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;
