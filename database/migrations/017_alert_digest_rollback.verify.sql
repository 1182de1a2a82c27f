-- check: alerts has none of the 2 digest columns
SELECT count(*) = 0 AS ok, format('%s of 2 columns remain%s', count(*), coalesce(': ' || string_agg(column_name::text, ', '), '')) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'alerts'
AND column_name IN ('digest_claimed_at', 'digested_at');

-- check: the digest check is gone
SELECT count(*) = 0 AS ok, format('%s check constraints remain', count(*)) AS detail
FROM pg_constraint
WHERE conname = 'alerts_digest_check';

-- check: the digest's index is gone
SELECT count(*) = 0 AS ok, format('%s index(es) remain', count(*)) AS detail
FROM pg_indexes
WHERE schemaname = current_schema() AND indexname = 'alerts_undigested_idx';
