-- check: orders has is_test
SELECT count(*) = 1 AS ok, format('%s of 1 orders column', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'orders' AND column_name = 'is_test'
AND is_nullable = 'NO' AND column_default = 'false';
