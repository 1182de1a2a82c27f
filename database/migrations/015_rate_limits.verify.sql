-- check: rate_limit_hits exists and is unlogged
SELECT count(*) = 1 AS ok, format('%s of 1 unlogged rate_limit_hits table', count(*)) AS detail
FROM pg_class
WHERE oid = to_regclass('rate_limit_hits') AND relpersistence = 'u';
