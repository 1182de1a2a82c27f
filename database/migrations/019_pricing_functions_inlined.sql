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
-- 019_pricing_functions_inlined: the same pricing formulas as 007 and 009, written so that
-- PostgreSQL inlines them into the statement that calls them. A STRICT SQL function whose body
-- holds a CASE, or one that uses an argument several times when the caller passes an expression,
-- runs through the SQL-function executor once per row (about 15 us: 3 s for a reprice of 200,000
-- products); inlined, the whole catalog's prices cost what the arithmetic costs.
--   pricing_round: the smallest price >= price of the form n * step + offset (step 0.01 for
--     'none', 1 otherwise; offset the ending, 0 for 'none' and 'whole'): price is used once.
--   pricing_price, pricing_landed_unit_cost: not STRICT any more (that forbids inlining a CASE),
--     a NULL argument still gives NULL, checked explicitly.
-- Results are the same as 007's and 009's for every rounding pricing_rules allows.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction

CREATE OR REPLACE FUNCTION pricing_round(price numeric, rounding text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT round(
    ceil((price - CASE WHEN rounding IN ('none', 'whole') THEN 0 ELSE rounding::numeric END)
         * CASE WHEN rounding = 'none' THEN 100 ELSE 1 END)
    / CASE WHEN rounding = 'none' THEN 100 ELSE 1 END
    + CASE WHEN rounding IN ('none', 'whole') THEN 0 ELSE rounding::numeric END,
    2)
$$;

CREATE OR REPLACE FUNCTION pricing_price(cost numeric, markup_type text, markup_value numeric,
                                         min_margin_percent numeric, rounding text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN num_nulls(cost, markup_type, markup_value, min_margin_percent, rounding) = 0 THEN
    pricing_round(
      greatest(
        CASE markup_type
          WHEN 'percent' THEN cost * (1 + markup_value / 100)
          WHEN 'fixed' THEN cost + markup_value
          WHEN 'multiplier' THEN cost * markup_value
        END,
        cost / (1 - min_margin_percent / 100)),
      rounding)
  END
$$;

CREATE OR REPLACE FUNCTION pricing_landed_unit_cost(cost numeric, per_order_fee numeric, shipping_rule jsonb)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN num_nulls(cost, per_order_fee, shipping_rule) = 0 THEN
    cost + per_order_fee + CASE shipping_rule ->> 'type'
      WHEN 'flat' THEN (shipping_rule ->> 'amount')::numeric
      WHEN 'per_item' THEN (shipping_rule ->> 'amount')::numeric
      WHEN 'free_over' THEN
        CASE WHEN cost >= (shipping_rule ->> 'threshold')::numeric THEN 0 ELSE (shipping_rule ->> 'amount')::numeric END
      ELSE 0
    END
  END
$$;
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
