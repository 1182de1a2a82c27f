-- check: pricing_min_margin() is a LANGUAGE sql function again, as 009 made it
SELECT count(*) = 1 AS ok, format('%s of 1 function pricing_min_margin in sql', count(*)) AS detail
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.proname = 'pricing_min_margin' AND l.lanname = 'sql';
