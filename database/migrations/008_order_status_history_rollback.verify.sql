-- check: the table order_status_events is gone
SELECT count(*) = 0 AS ok, format('%s of 1 tables remain', count(*)) AS detail
FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name = 'order_status_events';
