/**
 * The cost basis of products, in SQL, shared by the reprice (which writes prices from it) and the
 * explanation (which shows it). The cost of a source is what one unit costs us:
 *   own stock   products.cost_price (warehouse and 3PL units we own);
 *   a supplier  the landed cost of one unit ordered alone: unit cost + per-order fee + shipping of
 *               one item (pricing_landed_unit_cost, migration 009); a larger line only costs less
 *               per unit, so a price that keeps the margin on it keeps it on every line.
 * A supplier offer is sellable when routing could use it: supplier active and dropshipping, item
 * available, stock above the supplier's buffer, feed fresh (catalog_max_age_hours), same currency.
 * The cost basis of a product is the source whose cost gives the highest price under the rules:
 *   - own stock on hand with a known cost (reserved or not: a reservation does not change the
 *     basis, shipping the last unit does), and the cheapest sellable supplier offer, each priced
 *     by the rule that wins for it; the higher price wins, so both keep their minimum margin;
 *   - nothing sellable: the cheapest linked offer, else cost_price (an out-of-stock product keeps
 *     a consistent price); no cost at all: no basis, the product is left alone.
 */
import { sql, type RawBuilder } from 'kysely';
import { categoryAncestorsCte, priceColumns, ruleMatches, rulePrecedence } from './rule-matching.js';

/** A supplier_catalogs row `sc` of supplier `s` for a product with currency `currency` can be routed to. */
export function offerSellable(currency: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(sc.is_available AND sc.stock_quantity > s.stock_buffer AND s.status = 'active' AND s.is_dropship
    AND sc.last_seen_at > now() - make_interval(hours => s.catalog_max_age_hours) AND sc.currency = ${currency})`;
}

/** Landed cost of one unit of supplier_catalogs row `sc` of supplier `s`, ordered alone. */
export const offerLandedCost = sql<string>`pricing_landed_unit_cost(sc.cost_price, s.per_order_fee, s.shipping_cost_rule)`;

/**
 * WITH RECURSIVE ... CTEs ending in `chosen` for the products `target` selects (columns id,
 * category_id, cost_price, currency, price, compare_at_price): one row per product with a basis,
 * (product_id, old_price, old_compare_at, cost, basis_source, rule_id, rule_name,
 * sets_compare_at, price, compare_at_price). compare_at_price is the rule's, null without one.
 * `rules` (a SELECT with pricing_rules' columns, see proposal.ts) prices by a rule set that is
 * not saved; by default the stored rules price.
 */
export function costBasisCtes(target: RawBuilder<unknown>, rules?: RawBuilder<unknown>): RawBuilder<unknown> {
  const ruleSet = rules ? sql`proposed_rules` : sql`pricing_rules`;
  return sql`WITH RECURSIVE ${categoryAncestorsCte},
    ${rules ? sql`proposed_rules AS (${rules}),` : sql``}
    target AS (${target}),
    offers AS (
      SELECT sc.product_id, sc.supplier_id, s.code AS supplier_code, ${offerLandedCost} AS landed,
             ${offerSellable(sql`t.currency`)} AS sellable
        FROM supplier_catalogs sc
        JOIN suppliers s ON s.id = sc.supplier_id
        JOIN target t ON t.id = sc.product_id
    ),
    best_offer AS (
      SELECT DISTINCT ON (product_id) product_id, supplier_id, supplier_code, landed, sellable
        FROM offers ORDER BY product_id, sellable DESC, landed, supplier_id
    ),
    own_stock AS (
      SELECT fi.product_id FROM fulfillment_inventory fi JOIN inventory_sources src ON src.id = fi.source_id
       WHERE fi.product_id IN (SELECT id FROM target) AND src.is_active AND src.type IN ('warehouse', '3pl')
         AND fi.quantity_on_hand > 0
       GROUP BY fi.product_id
    ),
    sellable_basis AS (
      SELECT t.id AS product_id, t.cost_price AS cost, NULL::bigint AS supplier_id, 'own stock' AS basis_source
        FROM target t JOIN own_stock own ON own.product_id = t.id
       WHERE t.cost_price IS NOT NULL
      UNION ALL
      SELECT o.product_id, o.landed, o.supplier_id, 'supplier ' || o.supplier_code
        FROM best_offer o WHERE o.sellable
    ),
    fallback_basis AS (
      SELECT t.id AS product_id,
             coalesce(o.landed, t.cost_price) AS cost,
             o.supplier_id,
             CASE WHEN o.product_id IS NOT NULL THEN 'supplier ' || o.supplier_code || ' (not sellable now)'
                  ELSE 'own cost price (no stock)' END AS basis_source
        FROM target t LEFT JOIN best_offer o ON o.product_id = t.id
       WHERE coalesce(o.landed, t.cost_price) IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM sellable_basis x WHERE x.product_id = t.id)
    ),
    basis AS (
      SELECT x.*, t.category_id, t.price AS old_price, t.compare_at_price AS old_compare_at
        FROM (SELECT * FROM sellable_basis UNION ALL SELECT * FROM fallback_basis) x
        JOIN target t ON t.id = x.product_id
    ),
    ruled AS (
      SELECT DISTINCT ON (b.product_id, b.basis_source) b.*, r.id AS rule_id
        FROM basis b JOIN ${ruleSet} r ON ${ruleMatches}
       ORDER BY b.product_id, b.basis_source, ${rulePrecedence}
    ),
    priced AS (
      SELECT b.product_id, b.old_price, b.old_compare_at, b.cost, b.basis_source, r.id AS rule_id,
             r.name AS rule_name, r.compare_at_markup_percent IS NOT NULL AS sets_compare_at, ${priceColumns(sql`b.cost`)}
        FROM ruled b JOIN ${ruleSet} r ON r.id = b.rule_id
    ),
    chosen AS (
      SELECT DISTINCT ON (product_id) * FROM priced ORDER BY product_id, price DESC, cost DESC, basis_source
    )`;
}
