-- check: catalog_changes_fold() exists and returns the number of rows it folded
SELECT count(*) = 1 AS ok,
       coalesce(max(p.oid::regprocedure::text || ' returns ' || p.prorettype::regtype::text), 'missing: catalog_changes_fold()') AS detail
FROM pg_proc AS p
WHERE p.proname = 'catalog_changes_fold' AND p.pronamespace = current_schema()::regnamespace
  AND p.pronargs = 0 AND p.prorettype = 'integer'::regtype;
