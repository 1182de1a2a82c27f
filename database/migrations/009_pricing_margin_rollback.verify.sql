-- check: product_price_changes and the three pricing functions of 009 are gone
SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = 'product_price_changes')
     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = current_schema()
           AND p.proname IN ('pricing_landed_unit_cost', 'pricing_min_margin', 'pricing_keeps_margin')) = 0 AS ok,
       'objects of 009 remaining: ' || (
         (SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = 'product_price_changes')
       + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = current_schema()
             AND p.proname IN ('pricing_landed_unit_cost', 'pricing_min_margin', 'pricing_keeps_margin')))::text AS detail;
