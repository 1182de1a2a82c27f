-- check: the pricing functions are gone
SELECT count(*) = 0 AS ok, format('%s of 2 functions remain', count(*)) AS detail
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema() AND p.proname IN ('pricing_price', 'pricing_round');
