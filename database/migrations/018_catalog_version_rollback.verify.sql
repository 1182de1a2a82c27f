-- check: catalog_changes is gone
SELECT to_regclass('catalog_changes') IS NULL AS ok, 'table catalog_changes gone' AS detail;

-- check: no catalog_changed trigger or catalog state function remains
SELECT count(*) = 0 AS ok, format('%s catalog_changed()/catalog_state() functions remain', count(*)) AS detail
FROM pg_proc WHERE proname IN ('catalog_changed', 'catalog_state') AND pronamespace = current_schema()::regnamespace;
