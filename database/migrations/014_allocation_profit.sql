-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 014_allocation_profit
\set jne_version 014
\set jne_name allocation_profit
\set jne_previous 013
\set jne_checksum a90111dbf60b2849611e0e93f8ef4c5f737c215b16239928a434d304bfa63279
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
-- 014: each allocation keeps what its units earn, computed when it is written (at placement and
-- when a re-route writes its replacement), so that later cost and fee changes do not rewrite
-- history: revenue (unit price x quantity, VAT included), the cost of its source, its share of
-- its supplier order's per-order fee and shipping, and the margin in money and percent.
-- Allocations written before 014 keep NULL in all six: their profit was never recorded.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file constraint-missing-not-valid -- the check is on new columns, NULL in every existing row: validated at once
ALTER TABLE order_item_allocations
  ADD COLUMN revenue numeric(12,2),
  ADD COLUMN cost numeric(14,4),
  ADD COLUMN fee_share numeric(12,2),
  ADD COLUMN shipping_share numeric(12,2),
  ADD COLUMN margin numeric(14,4),
  ADD COLUMN margin_percent numeric(12,2),
  ADD CONSTRAINT order_item_allocations_profit_check CHECK (
    CASE WHEN revenue IS NULL
         THEN cost IS NULL AND fee_share IS NULL AND shipping_share IS NULL AND margin IS NULL AND margin_percent IS NULL
         ELSE fee_share >= 0 AND shipping_share >= 0 AND (cost IS NULL) = (margin IS NULL)
              AND (margin_percent IS NULL OR margin IS NOT NULL)
    END);

COMMENT ON COLUMN order_item_allocations.revenue IS
  'Unit price x quantity of these units (VAT included), when the allocation was written; NULL: written before profit was recorded.';
COMMENT ON COLUMN order_item_allocations.cost IS
  'Unit cost of the source x quantity (own cost or the supplier''s unit cost); NULL: unknown own cost, or not recorded.';
COMMENT ON COLUMN order_item_allocations.fee_share IS
  'Share of the supplier order''s per-order fee, by revenue over its lines (0 for own stock).';
COMMENT ON COLUMN order_item_allocations.shipping_share IS
  'Share of the supplier order''s shipping cost, by revenue over its lines (0 for own stock).';
COMMENT ON COLUMN order_item_allocations.margin IS 'revenue - cost - fee_share - shipping_share.';
COMMENT ON COLUMN order_item_allocations.margin_percent IS 'margin / revenue x 100; NULL without revenue or cost.';
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
