/**
 * SQL of the catalog import: each step one set-based statement over the staging table and the
 * supplier's catalog, run by the service inside the import's one transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { STAGING } from './staging.js';
import { FEED_FIELDS } from './types.js';

const staging = sql.table(STAGING);

export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Linked products whose offer changed: they are repriced. */
  productIds: number[];
}

/**
 * The one upsert. A row whose normalized content is the same as the stored one is left alone
 * (no new row version, no index writes; last_seen_at see touchStaleRows): that is what makes an unchanged feed
 * cheap. A row that comes back after being unavailable is updated even if its content is the same.
 */
/** 'supplier_sku', c.raw_fields[1], 'cost_price', c.raw_fields[2], ... */
const rawFieldPairs = sql.join(FEED_FIELDS.map((f, i) => sql`${sql.lit(f)}, c.raw_fields[${sql.lit(i + 1)}]`));

export async function upsertFromStaging(trx: Kysely<DB>, supplierId: number): Promise<UpsertResult> {
  // `changed` drops unchanged rows before the INSERT (ON CONFLICT would lock, i.e. write, each
  // one), comparing the columns: cheaper than hashing every row; only written rows are hashed.
  const { rows } = await sql<{ inserted: number; updated: number; product_ids: string[] }>`
    WITH changed AS (
      SELECT s.* FROM ${staging} s
        LEFT JOIN supplier_catalogs sc ON sc.supplier_id = ${supplierId} AND sc.supplier_sku = s.supplier_sku
       WHERE sc.id IS NULL OR NOT sc.is_available
          OR (sc.gtin, sc.name, sc.cost_price, sc.currency, sc.stock_quantity, sc.lead_time_days, sc.min_order_quantity)
             IS DISTINCT FROM
             (s.gtin, s.name, s.cost_price, s.currency, s.stock_quantity, s.lead_time_days, s.min_order_quantity)
    ),
    up AS (
      INSERT INTO supplier_catalogs AS sc
        (supplier_id, supplier_sku, gtin, name, cost_price, currency, stock_quantity, lead_time_days,
         min_order_quantity, is_available, raw, content_hash, last_seen_at)
      SELECT ${supplierId}, c.supplier_sku, c.gtin, c.name, c.cost_price, c.currency, c.stock_quantity,
             c.lead_time_days, c.min_order_quantity, true,
             coalesce(c.raw::jsonb, jsonb_strip_nulls(jsonb_build_object(${rawFieldPairs}))),
             encode(sha256(convert_to(ROW(c.supplier_sku, c.gtin, c.name, c.cost_price, c.currency,
               c.stock_quantity, c.lead_time_days, c.min_order_quantity, c.product_sku)::text, 'UTF8')), 'hex'),
             now()
        FROM changed c
      ON CONFLICT (supplier_id, supplier_sku) DO UPDATE SET
        gtin = excluded.gtin, name = excluded.name, cost_price = excluded.cost_price,
        currency = excluded.currency, stock_quantity = excluded.stock_quantity,
        lead_time_days = excluded.lead_time_days, min_order_quantity = excluded.min_order_quantity,
        is_available = true, raw = excluded.raw, content_hash = excluded.content_hash,
        last_seen_at = excluded.last_seen_at
      WHERE sc.content_hash IS DISTINCT FROM excluded.content_hash OR NOT sc.is_available
      RETURNING (sc.xmax = 0) AS inserted, sc.product_id
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
           count(*) FILTER (WHERE NOT inserted)::int AS updated,
           coalesce(array_agg(DISTINCT product_id) FILTER (WHERE product_id IS NOT NULL), '{}')::text[] AS product_ids
      FROM up`.execute(trx);
  const row = rows[0]!;
  return { inserted: row.inserted, updated: row.updated, productIds: row.product_ids.map(Number) };
}

export interface FeedFigures {
  /** The supplier's available items before the import. */
  available: number;
  /** Of those, the ones the feed leaves out (a full feed makes them unavailable). */
  missing: number;
  /** Feed rows already in the catalog. */
  matched: number;
  /** Of those, the ones whose cost grows or shrinks by more than the guard's factor. */
  costMoved: number;
  /** Feed rows with stock at or under the supplier's buffer: out of stock for routing. */
  underBuffer: number;
}

/** One full join of the feed and the supplier's catalog gives the guard's figures and the report's. */
export async function feedFigures(
  trx: Kysely<DB>,
  supplierId: number,
  costFactor: number,
  stockBuffer: number,
): Promise<FeedFigures> {
  const factor = String(costFactor);
  const { rows } = await sql<FeedFigures>`
    SELECT count(*) FILTER (WHERE sc.is_available)::int AS available,
           count(*) FILTER (WHERE sc.is_available AND s.supplier_sku IS NULL)::int AS missing,
           count(*) FILTER (WHERE sc.id IS NOT NULL AND s.supplier_sku IS NOT NULL)::int AS "matched",
           count(*) FILTER (WHERE s.cost_price > sc.cost_price * ${factor}::numeric
                               OR s.cost_price * ${factor}::numeric < sc.cost_price)::int AS "costMoved",
           count(*) FILTER (WHERE s.stock_quantity <= ${stockBuffer})::int AS "underBuffer"
      FROM (SELECT id, supplier_sku, cost_price, is_available FROM supplier_catalogs
             WHERE supplier_id = ${supplierId}) sc
      FULL JOIN ${staging} s ON s.supplier_sku = sc.supplier_sku`.execute(trx);
  return rows[0]!;
}

/**
 * last_seen_at of the feed's unchanged rows. Writing it on every import would rewrite every row
 * (a new version, every index) and make an unchanged feed cost as much as a fresh one; so only
 * rows last seen more than half the supplier's catalog_max_age_hours ago are touched: last_seen_at
 * stays that fresh for every row in the feed, and most imports touch none (the partial index
 * supplier_catalogs_last_seen_idx finds the stale rows without reading the others).
 */
export async function touchStaleRows(trx: Kysely<DB>, supplierId: number, maxAgeHours: number): Promise<number> {
  const result = await sql`
    UPDATE supplier_catalogs sc SET last_seen_at = now()
      FROM ${staging} s
     WHERE sc.supplier_id = ${supplierId} AND sc.is_available
       AND sc.last_seen_at < now() - make_interval(secs => ${maxAgeHours * 1800})
       AND s.supplier_sku = sc.supplier_sku`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Full feed: the supplier's items it does not contain become unavailable (never deleted). */
export async function markMissingUnavailable(
  trx: Kysely<DB>,
  supplierId: number,
): Promise<{ count: number; productIds: number[] }> {
  const { rows } = await sql<{ count: number; product_ids: string[] }>`
    WITH gone AS (
      UPDATE supplier_catalogs sc SET is_available = false
       WHERE sc.supplier_id = ${supplierId} AND sc.is_available
         AND NOT EXISTS (SELECT 1 FROM ${staging} s WHERE s.supplier_sku = sc.supplier_sku)
      RETURNING sc.product_id
    )
    SELECT count(*)::int AS count,
           coalesce(array_agg(DISTINCT product_id) FILTER (WHERE product_id IS NOT NULL), '{}')::text[] AS product_ids
      FROM gone`.execute(trx);
  return { count: rows[0]!.count, productIds: rows[0]!.product_ids.map(Number) };
}

/**
 * A SKU the feed repeats: its first good row stays, every later one is taken out of the staging
 * table and returned as a rejection naming the first. The grouping finds the repeated SKUs
 * without sorting the whole feed; only their rows are ranked.
 */
export async function rejectDuplicateSkus(trx: Kysely<DB>): Promise<{ line: number; reason: string }[]> {
  const { rows } = await sql<{ line: number; supplier_sku: string; first: number }>`
    WITH repeated AS (
      SELECT supplier_sku, min(line) AS first FROM ${staging} GROUP BY supplier_sku HAVING count(*) > 1
    )
    DELETE FROM ${staging} s USING repeated d
     WHERE s.supplier_sku = d.supplier_sku AND s.line > d.first
    RETURNING s.line, s.supplier_sku, d.first`.execute(trx);
  return rows.map((r) => ({
    line: r.line,
    reason: `supplier_sku: "${r.supplier_sku}" again (first on line ${r.first})`,
  }));
}

/**
 * Rows whose product_sku names no shop product (or an archived one) are taken out of the
 * staging table and returned as rejections: an explicit link to nothing is a feed error the
 * operator must see, not an item quietly left unlinked.
 */
export async function rejectUnknownProductSkus(trx: Kysely<DB>): Promise<{ line: number; reason: string }[]> {
  const { rows } = await sql<{ line: number; product_sku: string; archived: boolean }>`
    DELETE FROM ${staging} s
     WHERE s.product_sku IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = s.product_sku AND p.status <> 'archived')
    RETURNING s.line, s.product_sku,
              EXISTS (SELECT 1 FROM products p WHERE p.sku = s.product_sku) AS archived`.execute(trx);
  return rows.map((r) => ({
    line: r.line,
    reason: `product_sku: "${r.product_sku}" ${r.archived ? 'is an archived product' : 'is not a product of the shop'}`,
  }));
}

/**
 * Links the supplier's items to shop products, in order of trust: the feed's explicit
 * product_sku (it wins over an existing link), then for unlinked items a GTIN that exactly one
 * product carries, then a product whose SKU is the supplier's SKU. Archived products are skipped.
 * Returns the products that got a new offer (to be repriced).
 */
export async function linkItems(trx: Kysely<DB>, supplierId: number): Promise<number[]> {
  const explicit = await sql<{ product_id: string }>`
    UPDATE supplier_catalogs sc SET product_id = p.id
      FROM ${staging} s JOIN products p ON p.sku = s.product_sku
     WHERE sc.supplier_id = ${supplierId} AND sc.supplier_sku = s.supplier_sku
       AND s.product_sku IS NOT NULL AND p.status <> 'archived' AND sc.product_id IS DISTINCT FROM p.id
    RETURNING sc.product_id::text AS product_id`.execute(trx);
  const byGtin = await sql<{ product_id: string }>`
    UPDATE supplier_catalogs sc SET product_id = g.product_id
      FROM (SELECT p.gtin, min(p.id) AS product_id FROM products p
             WHERE p.status <> 'archived'
               AND p.gtin IN (SELECT gtin FROM supplier_catalogs
                               WHERE supplier_id = ${supplierId} AND product_id IS NULL AND gtin IS NOT NULL)
             GROUP BY p.gtin HAVING count(*) = 1) g
     WHERE sc.supplier_id = ${supplierId} AND sc.product_id IS NULL AND sc.gtin = g.gtin
    RETURNING sc.product_id::text AS product_id`.execute(trx);
  const bySku = await sql<{ product_id: string }>`
    UPDATE supplier_catalogs sc SET product_id = p.id
      FROM products p
     WHERE sc.supplier_id = ${supplierId} AND sc.product_id IS NULL
       AND p.sku = sc.supplier_sku AND p.status <> 'archived'
    RETURNING sc.product_id::text AS product_id`.execute(trx);
  return [...explicit.rows, ...byGtin.rows, ...bySku.rows].map((r) => Number(r.product_id));
}

/**
 * Serializes imports of one supplier (a scheduled one and an upload): NO KEY UPDATE, so orders
 * referencing the supplier (foreign keys take KEY SHARE) are not held up by a long import.
 */
export async function lockSupplier(trx: Kysely<DB>, supplierId: number): Promise<void> {
  await sql`SELECT 1 FROM suppliers WHERE id = ${supplierId} FOR NO KEY UPDATE`.execute(trx);
}
