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
