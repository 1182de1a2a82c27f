-- check: alerts is gone
SELECT count(*) = 0 AS ok, format('%s alerts table(s) remain', count(*)) AS detail
FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name = 'alerts';

-- check: the columns of 012 are gone
SELECT count(*) = 0 AS ok, format('%s column(s) of 012 remain%s', count(*), coalesce(': ' || string_agg(column_name::text, ', '), '')) AS detail
FROM information_schema.columns
WHERE table_schema = current_schema()
AND ((table_name = 'supplier_performance'
      AND column_name IN ('period_kind', 'period_label', 'acceptance_rate', 'p90_handling_hours', 'mean_ack_hours', 'rated'))
  OR (table_name = 'suppliers' AND column_name = 'alert_thresholds'));
