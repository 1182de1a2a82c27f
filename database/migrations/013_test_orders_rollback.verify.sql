-- check: the column of 013 is gone
SELECT count(*) = 0 AS ok, format('%s of 1 column remains', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'orders' AND column_name = 'is_test';
