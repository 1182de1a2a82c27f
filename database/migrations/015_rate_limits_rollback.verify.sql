-- check: rate_limit_hits is gone
SELECT to_regclass('rate_limit_hits') IS NULL AS ok, 'rate_limit_hits ' || CASE WHEN to_regclass('rate_limit_hits') IS NULL THEN 'is gone' ELSE 'remains' END AS detail;
