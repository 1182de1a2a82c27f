/**
 * The set-based reprice: one statement prices every product in scope from its cost basis
 * (cost-basis.ts) by the winning pricing rule, and logs every change it makes in
 * product_price_changes (old and new price, cost basis, rule, the reason the caller gives).
 *
 * What a reprice may change: `price`, always; `compare_at_price` only when the winning rule has a
 * compare-at markup (a merchant's sale price is data: a rule without one leaves it alone).
 * Products with price_locked (set by hand) and archived products are left alone. Only products
 * whose price or compare-at price really changes are written.
 *
 * It runs wherever a cost basis changes, inside that change's transaction: own stock set,
 * received or shipped, a catalog import, a supplier's status, fees or shipping changed, a product
 * linked or unlinked, a rule created, changed or removed; and by the stale-feed check.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { costBasisCtes } from './cost-basis.js';

export interface RepriceScope {
  /** Why, in the change log: 'rule 3 changed', 'own stock of SKU X set', ... */
  reason: string;
  /** Only these products. */
  productIds?: number[];
  /** Only products linked to this supplier's catalog. */
  supplierId?: number;
  /** Only products with an offer whose feed is older than its supplier's catalog_max_age_hours. */
  staleFeeds?: boolean;
}

export interface RepriceResult {
  /** Products whose price or compare-at price changed. */
  repriced: number;
}

export async function repriceProducts(db: Kysely<DB> | Transaction<DB>, scope: RepriceScope): Promise<RepriceResult> {
  if (scope.productIds && scope.productIds.length === 0) return { repriced: 0 };
  const result = await sql`
    ${nextPricesCtes(repriceTarget(scope))},
    updated AS (
      UPDATE products p
         SET price = n.price, compare_at_price = n.new_compare_at
        FROM next n
       WHERE p.id = n.product_id
         AND (p.price, p.compare_at_price) IS DISTINCT FROM (n.price, n.new_compare_at)
      RETURNING p.id
    )
    INSERT INTO product_price_changes
      (product_id, old_price, new_price, old_compare_at_price, new_compare_at_price, cost_basis, basis_source,
       rule_id, rule_name, reason)
    SELECT n.product_id, n.old_price, n.price, n.old_compare_at, n.new_compare_at, n.cost, n.basis_source,
           n.rule_id, n.rule_name, ${scope.reason}
      FROM updated u JOIN next n ON n.product_id = u.id`.execute(db);
  return { repriced: Number(result.numAffectedRows ?? 0n) };
}

/** The products a reprice of `scope` may change: not locked, not archived. */
export function repriceTarget(scope: Omit<RepriceScope, 'reason'>): RawBuilder<unknown> {
  const byIds = scope.productIds ? sql`AND p.id = ANY(${sql.val(scope.productIds)}::bigint[])` : sql``;
  const bySupplier =
    scope.supplierId !== undefined
      ? sql`AND p.id IN (SELECT product_id FROM supplier_catalogs WHERE supplier_id = ${scope.supplierId})`
      : sql``;
  const byStaleFeed = scope.staleFeeds
    ? sql`AND p.id IN (SELECT sc.product_id FROM supplier_catalogs sc JOIN suppliers s ON s.id = sc.supplier_id
                        WHERE sc.last_seen_at <= now() - make_interval(hours => s.catalog_max_age_hours))`
    : sql``;
  return sql`SELECT p.id, p.category_id, p.cost_price, p.currency, p.price, p.compare_at_price FROM products p
     WHERE NOT p.price_locked AND p.status <> 'archived' ${byIds} ${bySupplier} ${byStaleFeed}`;
}

/**
 * The cost basis CTEs (cost-basis.ts) ending in `next`: per product of `target`, its price and
 * the compare-at price it would get (new_compare_at), beside the old ones.
 */
export function nextPricesCtes(target: RawBuilder<unknown>, rules?: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`${costBasisCtes(target, rules)},
    next AS (
      SELECT x.*, CASE WHEN x.sets_compare_at THEN x.compare_at_price ELSE x.old_compare_at END AS new_compare_at
        FROM chosen x
    )`;
}

/**
 * The scheduled check of supplier feeds: a feed older than its supplier's catalog_max_age_hours
 * no longer counts as sellable, so the products it was the cost basis of are repriced. One
 * statement; repricing an unchanged product writes nothing.
 */
export function repriceStaleFeeds(db: Kysely<DB> | Transaction<DB>): Promise<RepriceResult> {
  return repriceProducts(db, { reason: 'supplier feed stale (scheduled check)', staleFeeds: true });
}
