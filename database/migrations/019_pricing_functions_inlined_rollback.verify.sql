-- check: the pricing functions are STRICT again, as 007 and 009 made them
SELECT count(*) = 3 AS ok, format('%s of 3 pricing functions strict', count(*)) AS detail
FROM pg_proc
WHERE pronamespace = current_schema()::regnamespace AND proisstrict
AND proname IN ('pricing_round', 'pricing_price', 'pricing_landed_unit_cost');
