/**
 * The prices a reprice would give, in SQL: which products a reprice may change (repriceTarget)
 * and, per product, its price and compare-at price from its cost basis (cost-basis.ts) beside the
 * old ones (nextPricesCtes). The catalog writes them (src/catalog/prices.ts); the impact of a rule
 * change reads them without writing (src/pricing/impact.ts).
 *
 * What a reprice may change: `price`, always; `compare_at_price` only when the winning rule has a
 * compare-at markup (a merchant's sale price is data: a rule without one leaves it alone).
 * Products with price_locked (set by hand) and archived products are left alone.
 */
import { sql, type RawBuilder } from 'kysely';
import { costBasisCtes } from './cost-basis.js';

/** Which products a reprice looks at; without a field, the whole catalog. */
export interface PriceScope {
  /** Only these products. */
  productIds?: number[];
  /** Only products linked to this supplier's catalog. */
  supplierId?: number;
  /** Only products with an offer whose feed is older than its supplier's catalog_max_age_hours. */
  staleFeeds?: boolean;
}

/** The products a reprice of `scope` may change: not locked, not archived. */
export function repriceTarget(scope: PriceScope): RawBuilder<unknown> {
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
