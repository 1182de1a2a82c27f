-- check: catalog_changes_fold() is gone
SELECT count(*) = 0 AS ok,
       coalesce(string_agg(p.oid::regprocedure::text, ', '), 'none') AS detail
FROM pg_proc AS p
WHERE p.proname = 'catalog_changes_fold' AND p.pronamespace = current_schema()::regnamespace;
