/**
 * The pricing of a page of products at once, for the console's product list: per product the
 * cost basis a reprice takes now, the margin of the current price over it, and its sources with
 * the units each offers (explain.ts has one product in full, with the rule and the change log).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { costBasisCtes } from '../pricing-engine/cost-basis.js';
import { offeredUnits, sourcesOf, type PricingSource } from './explain.js';

export interface ProductPricing {
  productId: number;
  price: string;
  basis: { source: string; cost: string } | null;
  /** (price - basis cost) / price in percent, two decimals; null without a basis. */
  marginPercent: string | null;
  /** Units the storefront sells at the current price. */
  availableQuantity: number;
  sources: PricingSource[];
}

export async function pricingOverview(db: Kysely<DB>, productIds: number[]): Promise<ProductPricing[]> {
  const target = sql`SELECT p.id, p.category_id, p.cost_price, p.currency, p.price, p.compare_at_price
                       FROM products p WHERE p.id = ANY(${sql.val(productIds)}::bigint[])`;
  const { rows } = await sql<{
    id: number;
    price: string;
    cost: string | null;
    basis_source: string | null;
    margin_percent: string | null;
  }>`
    ${costBasisCtes(target)}
    SELECT t.id, t.price::text AS price, c.cost::text AS cost, c.basis_source,
           CASE WHEN t.price > 0 THEN round((t.price - c.cost) / t.price * 100, 2)::text END AS margin_percent
      FROM target t LEFT JOIN chosen c ON c.product_id = t.id
     ORDER BY t.id`.execute(db);
  const sources = await sourcesOf(db, productIds);
  return rows.map((r) => {
    const its = sources.get(Number(r.id)) ?? [];
    return {
      productId: Number(r.id),
      price: r.price,
      basis: r.cost !== null && r.basis_source !== null ? { source: r.basis_source, cost: r.cost } : null,
      marginPercent: r.cost !== null ? r.margin_percent : null,
      availableQuantity: offeredUnits(its),
      sources: its,
    };
  });
}
