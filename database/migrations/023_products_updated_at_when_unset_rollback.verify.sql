-- check: products_set_updated_at runs for every UPDATE again (no WHEN)
SELECT coalesce(bool_and(t.tgqual IS NULL), false) AS ok,
       coalesce(max(pg_get_triggerdef(t.oid)), 'missing: products_set_updated_at') AS detail
FROM pg_trigger AS t
WHERE t.tgrelid = to_regclass('products') AND t.tgname = 'products_set_updated_at';
