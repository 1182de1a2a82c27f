-- check: catalog_changes exists
SELECT to_regclass('catalog_changes') IS NOT NULL AS ok, 'table catalog_changes' AS detail;

-- check: every table the product list reads counts its changes
SELECT count(*) = 7 AS ok, format('%s of 7 catalog_changed triggers', count(*)) AS detail
FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
WHERE p.proname = 'catalog_changed' AND NOT t.tgisinternal;

-- check: catalog_state() answers
SELECT catalog_state() ~ '^[0-9]+\.[0-9]+$' AS ok, format('catalog_state() = %s', catalog_state()) AS detail;
