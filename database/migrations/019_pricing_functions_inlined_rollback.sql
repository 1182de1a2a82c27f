-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 019_pricing_functions_inlined
\set jne_version 019
\set jne_name pricing_functions_inlined
\set jne_previous 018
\set jne_checksum b78af268cc2812969c7804a13e89e0ef92a67c326d26d2d986c31699ee04578f
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
DO $$
DECLARE
  later text;
BEGIN
  SELECT string_agg(version || '_' || name, ', ' ORDER BY version) INTO later
    FROM public.schema_migrations WHERE version > current_setting('jne.version');
  IF later IS NOT NULL THEN
    RAISE EXCEPTION '% cannot be rolled back while later migrations are applied: %. Nothing was changed.',
      current_setting('jne.migration'), later
      USING ERRCODE = 'dependent_objects_still_exist',
            HINT = format('Use jne db rollback --to %s: it rolls back every migration above %s, newest first.',
              current_setting('jne.previous'), current_setting('jne.previous'));
  END IF;
END
$$;
-- >>> jne runs only the lines from here to the <<< line; the lines around them are for psql
-- Rollback of 019_pricing_functions_inlined: the definitions of 007 and 009 again (STRICT, not
-- inlined; the same results).
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction

CREATE OR REPLACE FUNCTION pricing_round(price numeric, rounding text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT round(CASE
    WHEN rounding = 'none' THEN ceil(price * 100) / 100
    WHEN rounding = 'whole' THEN ceil(price)
    WHEN floor(price) + rounding::numeric >= price THEN floor(price) + rounding::numeric
    ELSE floor(price) + 1 + rounding::numeric
  END, 2) -- already whole cents: round() only sets the scale to 2
$$;

CREATE OR REPLACE FUNCTION pricing_price(cost numeric, markup_type text, markup_value numeric,
                                         min_margin_percent numeric, rounding text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT pricing_round(
    greatest(
      CASE markup_type
        WHEN 'percent' THEN cost * (1 + markup_value / 100)
        WHEN 'fixed' THEN cost + markup_value
        WHEN 'multiplier' THEN cost * markup_value
      END,
      cost / (1 - min_margin_percent / 100)),
    rounding)
$$;

CREATE OR REPLACE FUNCTION pricing_landed_unit_cost(cost numeric, per_order_fee numeric, shipping_rule jsonb)
RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT cost + per_order_fee + CASE shipping_rule ->> 'type'
    WHEN 'flat' THEN (shipping_rule ->> 'amount')::numeric
    WHEN 'per_item' THEN (shipping_rule ->> 'amount')::numeric
    WHEN 'free_over' THEN
      CASE WHEN cost >= (shipping_rule ->> 'threshold')::numeric THEN 0 ELSE (shipping_rule ->> 'amount')::numeric END
    ELSE 0
  END
$$;
-- <<< end of what jne runs
DELETE FROM public.schema_migrations WHERE version = :'jne_version';
\set jne_done 'rolled back, and schema_migrations no longer lists it'
\if :jne_in_transaction
\echo :jne_migration :jne_done, inside the open transaction: its COMMIT keeps that, its ROLLBACK undoes it
\else
COMMIT;
\echo :jne_migration :jne_done
\endif
\set ON_ERROR_STOP :jne_on_error_stop
