/**
 * Why a product costs what it costs: every source with its unit and landed cost and whether it
 * keeps the minimum margin at the current price (the units the storefront offers), the cost
 * basis a reprice takes now (which source, which cost), the winning rule and the price it gives,
 * and the product's price change log, newest first.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { fromUnits, toUnits } from '../money.js';
import { offerKeepsMargin, ownKeepsMargin } from '../pricing-engine/availability.js';
import { findRule } from './rules-repository.js';
import { costBasisCtes, offerLandedCost, offerSellable } from '../pricing-engine/cost-basis.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface PricingSource {
  kind: 'own' | 'supplier';
  source: string;
  units: number;
  unitCost: string | null;
  /** Own cost, or the landed cost of one unit ordered alone (fee and shipping included). */
  landedUnitCost: string | null;
  minMarginPercent: string;
  maxUnitCost: string;
  keepsMargin: boolean;
  /** Counted in the storefront's available quantity at the current price. */
  offered: boolean;
  /** Why its units are not offered; absent when they are. */
  notOffered?: string;
}

export interface PriceChange {
  oldPrice: string;
  newPrice: string;
  oldCompareAtPrice: string | null;
  newCompareAtPrice: string | null;
  costBasis: string;
  basisSource: string;
  ruleName: string;
  reason: string;
  changedAt: string;
}

export interface PricingExplanation {
  productId: number;
  sku: string;
  price: string;
  compareAtPrice: string | null;
  priceLocked: boolean;
  /** Units the storefront sells at the current price. */
  availableQuantity: number;
  sources: PricingSource[];
  /** What a reprice takes now; null: no cost known. */
  basis: { source: string; cost: string } | null;
  rule: { id: number; name: string; description: string | null } | null;
  /** The price the rule gives for the basis; equal to `price` unless the price is locked. */
  rulePrice: string | null;
  changes: PriceChange[];
}

export async function explainPricing(db: Db, ref: { id: number } | { sku: string }): Promise<PricingExplanation> {
  const product = await db
    .selectFrom('products')
    .select(['id', 'sku', 'price', 'compare_at_price', 'price_locked', 'currency'])
    .$call((q) => ('id' in ref ? q.where('id', '=', ref.id) : q.where('sku', '=', ref.sku)))
    .executeTakeFirst();
  if (!product) {
    throw new NotFoundError(`there is no product ${'id' in ref ? `with id ${ref.id}` : `with SKU ${ref.sku}`}`);
  }
  const sources = (await sourcesOf(db, [product.id])).get(product.id) ?? [];
  const target = sql`SELECT p.id, p.category_id, p.cost_price, p.currency, p.price, p.compare_at_price
                       FROM products p WHERE p.id = ${product.id}`;
  const { rows } = await sql<{
    cost: string;
    basis_source: string;
    rule_id: number;
    rule_name: string;
    description: string | null;
    price: string;
  }>`
    ${costBasisCtes(target)}
    SELECT c.cost::text, c.basis_source, c.rule_id, c.rule_name, r.description, c.price
      FROM chosen c JOIN pricing_rules r ON r.id = c.rule_id`.execute(db);
  const chosen = rows[0];
  const changes = await db
    .selectFrom('product_price_changes')
    .selectAll()
    .where('product_id', '=', product.id)
    .orderBy('changed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return {
    productId: product.id,
    sku: product.sku,
    price: product.price,
    compareAtPrice: product.compare_at_price,
    priceLocked: product.price_locked,
    availableQuantity: offeredUnits(sources),
    sources,
    basis: chosen ? { source: chosen.basis_source, cost: chosen.cost } : null,
    rule: chosen
      ? { id: chosen.rule_id, name: chosen.rule_name, description: (await findRule(db, chosen.rule_id))!.description }
      : null,
    rulePrice: chosen ? String(chosen.price) : null,
    changes: changes.map((c) => ({
      oldPrice: c.old_price,
      newPrice: c.new_price,
      oldCompareAtPrice: c.old_compare_at_price,
      newCompareAtPrice: c.new_compare_at_price,
      costBasis: c.cost_basis,
      basisSource: c.basis_source,
      ruleName: c.rule_name,
      reason: c.reason,
      changedAt: c.changed_at.toISOString(),
    })),
  };
}

/** Own stock rows and supplier offers of products, with their margin test at their price, by product. */
export async function sourcesOf(db: Db, productIds: number[]): Promise<Map<number, PricingSource[]>> {
  const { rows } = await sql<SourceRow & { product_id: number }>`
    SELECT fi.product_id, 'own' AS kind, src.code AS source, greatest(fi.quantity_available, 0) AS units,
           p.cost_price::text AS unit_cost, p.cost_price::text AS landed,
           coalesce(pricing_min_margin(p.category_id, NULL, p.cost_price), 0)::text AS min_margin,
           p.price::text AS price, ${ownKeepsMargin} AS keeps,
           CASE WHEN NOT src.is_active THEN 'source inactive'
                WHEN fi.quantity_available <= 0 THEN 'no units available'
                WHEN NOT ${ownKeepsMargin} THEN 'margin broken at the current price' END AS not_offered
      FROM fulfillment_inventory fi
      JOIN inventory_sources src ON src.id = fi.source_id AND src.type IN ('warehouse', '3pl')
      JOIN products p ON p.id = fi.product_id
     WHERE fi.product_id = ANY(${sql.val(productIds)}::bigint[])
    UNION ALL
    SELECT sc.product_id, 'supplier', s.code, greatest(sc.stock_quantity - s.stock_buffer, 0),
           sc.cost_price::text, (${offerLandedCost})::text,
           pricing_min_margin(p.category_id, s.id, ${offerLandedCost})::text,
           p.price::text, ${offerKeepsMargin},
           CASE WHEN s.status <> 'active' THEN 'supplier ' || s.status
                WHEN NOT s.is_dropship THEN 'supplier does not dropship'
                WHEN NOT sc.is_available THEN 'item unavailable in the feed'
                WHEN sc.last_seen_at <= now() - make_interval(hours => s.catalog_max_age_hours) THEN 'feed stale'
                WHEN sc.currency <> p.currency THEN 'priced in ' || sc.currency
                WHEN NOT ${offerSellable(sql`p.currency`)} THEN 'no stock above the buffer'
                WHEN NOT ${offerKeepsMargin} THEN 'margin broken at the current price' END
      FROM supplier_catalogs sc
      JOIN suppliers s ON s.id = sc.supplier_id
      JOIN products p ON p.id = sc.product_id
     WHERE sc.product_id = ANY(${sql.val(productIds)}::bigint[])
     ORDER BY 1, 2, 3`.execute(db);
  const byProduct = new Map<number, PricingSource[]>();
  for (const r of rows) {
    const id = Number(r.product_id);
    const sources = byProduct.get(id) ?? [];
    if (sources.length === 0) byProduct.set(id, sources);
    sources.push(toSource(r));
  }
  return byProduct;
}

/** Units the storefront sells at the current price: those of the sources that offer them. */
export function offeredUnits(sources: PricingSource[]): number {
  return sources.reduce((n, s) => n + (s.offered ? s.units : 0), 0);
}

interface SourceRow {
  kind: 'own' | 'supplier';
  source: string;
  units: number;
  unit_cost: string | null;
  landed: string | null;
  min_margin: string;
  price: string;
  keeps: boolean;
  not_offered: string | null;
}

function toSource(r: SourceRow): PricingSource {
  return {
    kind: r.kind,
    source: r.source,
    units: r.units,
    unitCost: r.unit_cost,
    landedUnitCost: r.landed,
    minMarginPercent: r.min_margin,
    maxUnitCost: maxUnitCost(r.price, r.min_margin),
    keepsMargin: r.keeps,
    offered: r.not_offered === null,
    ...(r.not_offered !== null ? { notOffered: r.not_offered } : {}),
  };
}

/** price x (1 - margin / 100), in units of 1/10000, rounded down. */
function maxUnitCost(price: string, marginPercent: string): string {
  return fromUnits((toUnits(price) * (10000n - toUnits(marginPercent) / 100n)) / 10000n);
}
