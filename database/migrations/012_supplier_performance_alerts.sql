-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 012_supplier_performance_alerts
\set jne_version 012
\set jne_name supplier_performance_alerts
\set jne_previous 011
\set jne_checksum 6ef984f27457067193625bac69107faa64cc2df120ac6971a67110a49f52ff3b
\set jne_on_error_stop :ON_ERROR_STOP
\set ON_ERROR_STOP on
SELECT set_config('jne.migration', :'jne_migration', true) AS jne_probe \gset
SELECT current_setting('jne.migration', true) IS NOT DISTINCT FROM :'jne_migration' AS jne_in_transaction \gset
\if :jne_in_transaction
\else
BEGIN;
\endif
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '5min';
SELECT set_config('jne.migration', :'jne_migration', true) AS jne_probe,
       set_config('jne.version', :'jne_version', true) AS jne_probe,
       set_config('jne.previous', :'jne_previous', true) AS jne_probe \gset
SELECT to_regclass('public.schema_migrations') IS NULL AS jne_no_history \gset
\if :jne_no_history
CREATE TABLE public.schema_migrations (
  version      text primary key,
  name         text not null,
  checksum     text not null,
  applied_at   timestamptz not null default now(),
  execution_ms integer not null,
  applied_by   text not null
);
\endif
SELECT EXISTS (SELECT FROM public.schema_migrations WHERE version = :'jne_version') AS jne_applied \gset
\if :jne_applied
\set jne_done 'is already applied (schema_migrations has it): nothing was run'
\else
DO $$
BEGIN
  IF current_setting('jne.previous') <> '000' AND NOT EXISTS (
    SELECT FROM public.schema_migrations WHERE version = current_setting('jne.previous')
  ) THEN
    RAISE EXCEPTION '% needs migration % first, and schema_migrations does not have it. Nothing was changed.',
      current_setting('jne.migration'), current_setting('jne.previous')
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = format('Apply the migrations in order (jne db migrate --to %s). If %s was applied by hand, '
              'check it with jne db verify --version %s and record it with jne db baseline %s.',
              current_setting('jne.version'), current_setting('jne.previous'),
              current_setting('jne.previous'), current_setting('jne.previous'));
  END IF;
END
$$;
SELECT clock_timestamp() AS jne_started \gset
-- >>> jne runs only the lines from here to the <<< line; the lines around them are for psql
-- 012_supplier_performance_alerts: what supplier performance and the operator's alarms need.
--   supplier_performance gains the metrics it lacked (acceptance rate, 90th-percentile handling
--     time, mean time to acknowledge), whether the rating comes from the metrics or is the
--     neutral one, and the kind and label of its period: rolling windows ending on a day
--     ('7d', '30d', '90d') and calendar months ('2026-11') are told apart, and one period key
--     holds both (a 30-day window can span exactly a calendar month).
--   alerts: the operator's alarms, each open while its cause lasts (first and last seen), then
--     resolved; an operator acknowledges them.
--   suppliers.alert_thresholds: a supplier's own alarm thresholds over the configured ones.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file require-concurrent-index-creation, disallowed-unique-constraint -- a migration runs in one transaction, where CONCURRENTLY cannot run; supplier_performance holds derived rows (a few per supplier and day) and alerts is new
-- squawk-ignore-file constraint-missing-not-valid, adding-foreign-key-constraint -- the checks are on new columns (NULL or their default everywhere), validated at once on a small table

-- ---------------------------------------------------------------------------
-- supplier_performance: the missing metrics and the kind of period
-- ---------------------------------------------------------------------------
ALTER TABLE supplier_performance
  -- rolling: the days up to and including period_end; month: a calendar month
  ADD COLUMN period_kind text NOT NULL DEFAULT 'rolling' CHECK (period_kind IN ('rolling', 'month')),
  -- '7d', '30d', '90d' for rolling windows, 'YYYY-MM' for months: what the API's ?period= names
  ADD COLUMN period_label text NOT NULL DEFAULT '30d' CHECK (period_label ~ '^([0-9]+d|[0-9]{4}-[0-9]{2})$'),
  -- orders accepted / orders the supplier answered (accepted or rejected)
  ADD COLUMN acceptance_rate numeric(5,4) CHECK (acceptance_rate BETWEEN 0 AND 1),
  -- 90th percentile of submitted -> shipped, hours
  ADD COLUMN p90_handling_hours numeric(8,2) CHECK (p90_handling_hours >= 0),
  -- mean of submitted -> acknowledged, hours
  ADD COLUMN mean_ack_hours numeric(8,2) CHECK (mean_ack_hours >= 0),
  -- false: too few orders in the period, the rating is the neutral one
  ADD COLUMN rated boolean NOT NULL DEFAULT false;

-- One row per supplier, kind and period (the old key could not hold a 30-day window and the
-- calendar month with the same dates); the recompute's ON CONFLICT names this key.
ALTER TABLE supplier_performance DROP CONSTRAINT supplier_performance_period_key;
ALTER TABLE supplier_performance
  ADD CONSTRAINT supplier_performance_period_key UNIQUE (supplier_id, period_kind, period_start, period_end);

-- The latest row of a label per supplier: routing's 30-day rating, the side-by-side page.
CREATE INDEX supplier_performance_label_idx ON supplier_performance (period_label, supplier_id, period_end DESC);

-- ---------------------------------------------------------------------------
-- suppliers.alert_thresholds: a supplier's own thresholds ({"ackHours": 6, ...})
-- ---------------------------------------------------------------------------
ALTER TABLE suppliers
  ADD COLUMN alert_thresholds jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(alert_thresholds) = 'object');

-- ---------------------------------------------------------------------------
-- alerts: the operator's alarms
-- ---------------------------------------------------------------------------
CREATE TABLE alerts (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- which rule raised it (src/alerts/rules.ts)
  rule               text NOT NULL CHECK (rule IN ('not_submitted', 'not_acknowledged', 'not_shipped_by_ship_by',
                       'no_tracking', 'dispatch_failed', 'line_unfulfillable', 'stale_reservation',
                       'stale_feed', 'rating_under_floor')),
  -- what it is about: 'supplier_order:12', 'order:7', 'order_item:9', 'supplier:3'
  subject            text NOT NULL CHECK (subject ~ '^[a-z_]+:[0-9]+$'),
  supplier_id        bigint REFERENCES suppliers (id) ON DELETE CASCADE,
  supplier_order_id  bigint REFERENCES supplier_orders (id) ON DELETE CASCADE,
  order_id           bigint REFERENCES orders (id) ON DELETE CASCADE,
  message            text NOT NULL,
  -- the figures behind it (thresholds, times)
  details            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
  first_seen_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at       timestamptz NOT NULL DEFAULT now(),
  -- set by the evaluation that no longer finds the cause
  resolved_at        timestamptz,
  acknowledged_at    timestamptz,
  acknowledged_by    text,
  CHECK (resolved_at IS NULL OR resolved_at >= first_seen_at),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);

-- At most one open alert per rule and subject: the evaluation's upsert (ON CONFLICT) names it.
CREATE UNIQUE INDEX alerts_open_key ON alerts (rule, subject) WHERE resolved_at IS NULL;
-- The list, newest first (open ones, or all).
CREATE INDEX alerts_first_seen_idx ON alerts (first_seen_at DESC, id DESC);
-- Foreign keys.
CREATE INDEX alerts_supplier_id_idx ON alerts (supplier_id) WHERE supplier_id IS NOT NULL;
CREATE INDEX alerts_supplier_order_id_idx ON alerts (supplier_order_id) WHERE supplier_order_id IS NOT NULL;
CREATE INDEX alerts_order_id_idx ON alerts (order_id) WHERE order_id IS NOT NULL;

-- The alarm rules' queries that are not served yet: shipped supplier orders without tracking,
-- and orders holding own stock (allocations by status).
CREATE INDEX supplier_orders_untracked_idx ON supplier_orders (shipped_at)
  WHERE status IN ('partially_shipped', 'shipped') AND tracking_number IS NULL;
CREATE INDEX order_item_allocations_reserved_idx ON order_item_allocations (order_id)
  WHERE status = 'reserved';
-- <<< end of what jne runs
INSERT INTO public.schema_migrations (version, name, checksum, execution_ms, applied_by)
VALUES (:'jne_version', :'jne_name', :'jne_checksum',
        round(extract(epoch FROM clock_timestamp() - :'jne_started'::timestamptz) * 1000),
        coalesce(nullif(current_setting('application_name'), ''), 'psql') || ' as role ' || current_user);
\set jne_done 'applied and recorded in schema_migrations'
\endif
\if :jne_in_transaction
\echo :jne_migration :jne_done, inside the open transaction: its COMMIT keeps that, its ROLLBACK undoes it
\else
COMMIT;
\echo :jne_migration :jne_done
\endif
\set ON_ERROR_STOP :jne_on_error_stop
