-- check: alerts has the 2 digest columns
SELECT count(*) = 2 AS ok, format('%s of 2 alerts digest columns', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'alerts'
AND column_name IN ('digest_claimed_at', 'digested_at');

-- check: alerts has its digest check
SELECT count(*) = 1 AS ok, format('%s of 1 check constraint', count(*)) AS detail
FROM pg_constraint
WHERE conname = 'alerts_digest_check';

-- check: the digest's index exists
SELECT count(*) = 1 AS ok, format('%s of 1 index (alerts_undigested_idx)', count(*)) AS detail
FROM pg_indexes
WHERE schemaname = current_schema() AND indexname = 'alerts_undigested_idx';
