/**
 * The set-based reprice: one UPDATE prices every product in scope from its cost basis by the
 * winning pricing rule. It runs on demand (`jne pricing reprice`), after a catalog import (for the
 * products affected) and after a rule changes.
 *
 * Cost basis of a product (what one more unit would cost us):
 *   - own stock available (warehouse/3PL, active source) and a cost_price: the own cost;
 *   - the cheapest sellable supplier offer: active dropship supplier, item available, stock above
 *     the supplier's buffer;
 *   - both: the higher, so the price keeps its margin whichever source routing picks;
 *   - neither sellable: the cheapest linked offer, else cost_price, so an out-of-stock product
 *     keeps a consistent price; no cost at all: the product is left alone.
 * Products with price_locked (set by hand) and archived products are left alone.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { categoryAncestorsCte, priceColumns, ruleMatches, rulePrecedence } from './rule-matching.js';

export interface RepriceFilter {
  /** Only these products. */
  productIds?: number[];
  /** Only products linked to this supplier's catalog. */
  supplierId?: number;
}

export interface RepriceResult {
  /** Products whose price or compare-at price changed. */
  repriced: number;
}

export async function repriceProducts(
  db: Kysely<DB> | Transaction<DB>,
  filter: RepriceFilter = {},
): Promise<RepriceResult> {
  if (filter.productIds && filter.productIds.length === 0) return { repriced: 0 };
  const byIds = filter.productIds ? sql`AND p.id = ANY(${sql.val(filter.productIds)}::bigint[])` : sql``;
  const bySupplier =
    filter.supplierId !== undefined
      ? sql`AND p.id IN (SELECT product_id FROM supplier_catalogs WHERE supplier_id = ${filter.supplierId})`
      : sql``;
  const result = await sql`
    WITH RECURSIVE ${categoryAncestorsCte},
    target AS (
      SELECT p.id, p.category_id, p.cost_price FROM products p
       WHERE NOT p.price_locked AND p.status <> 'archived' ${byIds} ${bySupplier}
    ),
    offers AS (
      SELECT sc.product_id, sc.supplier_id, sc.cost_price,
             (sc.is_available AND sc.stock_quantity > s.stock_buffer AND s.status = 'active' AND s.is_dropship) AS sellable
        FROM supplier_catalogs sc JOIN suppliers s ON s.id = sc.supplier_id
       WHERE sc.product_id IN (SELECT id FROM target)
    ),
    best_offer AS (
      SELECT DISTINCT ON (product_id) product_id, supplier_id, cost_price, sellable
        FROM offers ORDER BY product_id, sellable DESC, cost_price, supplier_id
    ),
    own_stock AS (
      SELECT fi.product_id FROM fulfillment_inventory fi JOIN inventory_sources src ON src.id = fi.source_id
       WHERE fi.product_id IN (SELECT id FROM target) AND src.is_active AND fi.quantity_available > 0
       GROUP BY fi.product_id
    ),
    basis AS (
      SELECT t.id AS product_id, t.category_id, o.supplier_id,
             CASE WHEN own.product_id IS NOT NULL AND t.cost_price IS NOT NULL AND o.sellable
                    THEN greatest(t.cost_price, o.cost_price)
                  WHEN own.product_id IS NOT NULL AND t.cost_price IS NOT NULL THEN t.cost_price
                  WHEN o.sellable THEN o.cost_price
                  ELSE coalesce(o.cost_price, t.cost_price)
             END AS cost
        FROM target t
        LEFT JOIN best_offer o ON o.product_id = t.id
        LEFT JOIN own_stock own ON own.product_id = t.id
    ),
    chosen AS (
      SELECT DISTINCT ON (b.product_id) b.product_id, b.cost, r.id AS rule_id
        FROM basis b JOIN pricing_rules r ON ${ruleMatches}
       WHERE b.cost IS NOT NULL
       ORDER BY b.product_id, ${rulePrecedence}
    ),
    priced AS (
      SELECT c.product_id, ${priceColumns(sql`c.cost`)}
        FROM chosen c JOIN pricing_rules r ON r.id = c.rule_id
    )
    UPDATE products p
       SET price = x.price, compare_at_price = x.compare_at_price
      FROM priced x
     WHERE p.id = x.product_id
       AND (p.price, p.compare_at_price) IS DISTINCT FROM (x.price, x.compare_at_price)`.execute(db);
  return { repriced: Number(result.numAffectedRows ?? 0n) };
}
