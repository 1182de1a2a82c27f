-- check: products_set_updated_at runs only when the UPDATE left updated_at as it was
-- (PostgreSQL shows the condition as NOT (new.updated_at IS DISTINCT FROM old.updated_at))
SELECT coalesce(bool_and(t.tgqual IS NOT NULL
                         AND pg_get_triggerdef(t.oid) LIKE '%WHEN (%new.updated_at IS %DISTINCT FROM old.updated_at%'), false) AS ok,
       coalesce(max(pg_get_triggerdef(t.oid)), 'missing: products_set_updated_at') AS detail
FROM pg_trigger AS t
WHERE t.tgrelid = to_regclass('products') AND t.tgname = 'products_set_updated_at';
