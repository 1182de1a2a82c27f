-- check: pricing_min_margin() is PL/pgSQL (its plan is kept for the session)
SELECT count(*) = 1 AS ok, format('%s of 1 function pricing_min_margin in plpgsql', count(*)) AS detail
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.proname = 'pricing_min_margin' AND l.lanname = 'plpgsql';
