-- check: alerts exists with its 13 columns
SELECT count(*) = 13 AS ok, format('%s of 13 alerts columns', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'alerts'
AND column_name IN ('id', 'rule', 'subject', 'supplier_id', 'supplier_order_id', 'order_id', 'message', 'details',
                    'first_seen_at', 'last_seen_at', 'resolved_at', 'acknowledged_at', 'acknowledged_by');

-- check: supplier_performance has the 6 columns of 012
SELECT count(*) = 6 AS ok, format('%s of 6 supplier_performance columns', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'supplier_performance'
AND column_name IN ('period_kind', 'period_label', 'acceptance_rate', 'p90_handling_hours', 'mean_ack_hours', 'rated');

-- check: suppliers has alert_thresholds
SELECT count(*) = 1 AS ok, format('%s of 1 suppliers column', count(*)) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'suppliers' AND column_name = 'alert_thresholds';

-- check: the 9 indexes of 012 exist
WITH expected(name) AS (VALUES
    ('alerts_pkey'), ('alerts_open_key'), ('alerts_first_seen_idx'), ('alerts_supplier_id_idx'),
    ('alerts_supplier_order_id_idx'), ('alerts_order_id_idx'), ('supplier_orders_untracked_idx'),
    ('order_item_allocations_reserved_idx'), ('supplier_performance_label_idx')
), found AS (
  SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema()
)
SELECT count(f.name) = 9 AS ok,
       format('%s of 9 indexes', count(f.name))
       || coalesce(' | missing: ' || string_agg(e.name, ', ' ORDER BY e.name) FILTER (WHERE f.name IS NULL), '') AS detail
FROM expected AS e
LEFT JOIN found AS f ON f.name = e.name;

-- check: the period key of supplier_performance includes its kind
SELECT count(*) = 1 AS ok, format('%s period key(s) with period_kind', count(*)) AS detail
FROM pg_constraint
WHERE conname = 'supplier_performance_period_key'
AND pg_get_constraintdef(oid) = 'UNIQUE (supplier_id, period_kind, period_start, period_end)';
