-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 001_catalog
\set jne_version 001
\set jne_name catalog
\set jne_previous 000
\set jne_checksum 2c7caaf4061479906d11d82984ca47bd66c7d3c819be1132715e84bdf9f36fcd
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
-- 001_catalog: catalog of the shop (categories, products) and the shared
-- updated_at trigger function used by every table with an updated_at column.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file prefer-bigint-over-int -- integer is used only for small bounded values (position); every id and foreign key is bigint
-- squawk-ignore-file ban-char-field -- currency is an ISO 4217 code, exactly 3 letters: char(3) by design, with a CHECK

-- Trigger function: keeps updated_at current on every UPDATE.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;

CREATE TABLE categories (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id   bigint REFERENCES categories (id) ON DELETE RESTRICT,
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  slug        text NOT NULL CONSTRAINT categories_slug_key UNIQUE
                CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  description text,
  position    integer NOT NULL DEFAULT 0,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT categories_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);

-- Category tree: children of a parent (or the roots, parent_id IS NULL) in menu order; also the FK parent_id.
CREATE INDEX categories_parent_position_idx ON categories (parent_id, position, id);

CREATE TRIGGER categories_set_updated_at
  BEFORE UPDATE ON categories
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE products (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku              text NOT NULL CONSTRAINT products_sku_key UNIQUE
                     CHECK (length(btrim(sku)) > 0),
  slug             text NOT NULL CONSTRAINT products_slug_key UNIQUE
                     CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name             text NOT NULL CHECK (length(btrim(name)) > 0),
  description      text,
  category_id      bigint REFERENCES categories (id) ON DELETE RESTRICT,
  -- EAN/GTIN as printed (8, 12, 13 or 14 digits); not unique: variants and
  -- bundles may share one, and supplier feeds are matched on it.
  gtin             text CHECK (gtin ~ '^[0-9]{8,14}$'),
  -- Selling price (gross, in currency), what the customer pays.
  price            numeric(12, 2) NOT NULL CHECK (price >= 0),
  -- "Was" price shown struck through; set by pricing rules or the operator.
  compare_at_price numeric(12, 2) CHECK (compare_at_price >= 0),
  -- Own cost of the item (purchase price), 4 decimals like supplier costs.
  cost_price       numeric(12, 4) CHECK (cost_price >= 0),
  currency         char(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  status           text NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'active', 'archived')),
  -- Array of image URLs, first one is the main image.
  images           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(images) = 'array'),
  attributes       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
  -- true = the operator set the price by hand: automatic repricing skips it.
  price_locked     boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Products of a category (category pages, repricing by category); also the FK category_id.
CREATE INDEX products_category_id_idx ON products (category_id);
-- Storefront "newest first" listing: WHERE status = 'active' ORDER BY created_at DESC, id DESC (keyset).
CREATE INDEX products_status_created_idx ON products (status, created_at DESC, id DESC);
-- Listing sorted by price: ORDER BY price, id (keyset pagination, price range filters).
CREATE INDEX products_price_idx ON products (price, id);
-- Name prefix search and lookup: WHERE lower(name) LIKE lower($1) || '%' (text_pattern_ops works in any collation).
CREATE INDEX products_name_lower_idx ON products (lower(name) text_pattern_ops);
-- Word search without extensions: WHERE to_tsvector('simple', name || ' ' || sku) @@ websearch_to_tsquery('simple', $1).
CREATE INDEX products_search_idx ON products USING gin (to_tsvector('simple', name || ' ' || sku));
-- Product by EAN/GTIN: scanner lookups and linking supplier catalog rows by GTIN.
CREATE INDEX products_gtin_idx ON products (gtin) WHERE gtin IS NOT NULL;

CREATE TRIGGER products_set_updated_at
  BEFORE UPDATE ON products
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
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
