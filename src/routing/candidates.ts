/**
 * The candidates for the lines of an order, read in one query: own stock rows (warehouse, 3PL)
 * and the supplier offers linked to each product, each with what routing needs to rank it and
 * to explain why it was or was not eligible, including whether its cost keeps the minimum margin
 * at the product's current price (the same test as the storefront's availability).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { DB } from '../db/types.js';
import type { ShippingCostRule } from '../suppliers/shipping.js';
import { offerKeepsMargin, ownKeepsMargin } from '../pricing-engine/availability.js';
import { offerLandedCost } from '../pricing-engine/cost-basis.js';
import { fromUnits, toUnits } from '../money.js';
import { latestRatingSql } from './latest-rating.js';

/** The margin test of a candidate at the product's current price. */
export interface MarginCheck {
  /** products.price: the selling price of the line. */
  price: string;
  /** Own cost, or the landed cost of one unit ordered alone from the supplier; null: unknown. */
  landedUnitCost: string | null;
  /** Of the rule that wins for that cost. */
  minMarginPercent: string;
  /** price x (1 - minMarginPercent / 100): the most a unit may cost. */
  maxUnitCost: string;
  keepsMargin: boolean;
}

export interface OwnCandidate {
  kind: 'own';
  productId: number;
  inventoryId: number;
  sourceId: number;
  sourceCode: string;
  sourceType: 'warehouse' | '3pl';
  sourceActive: boolean;
  priority: number;
  available: number;
  /** products.cost_price: the own cost, if known. */
  unitCost: string | null;
  margin: MarginCheck;
}

export interface SupplierOffer {
  kind: 'supplier';
  productId: number;
  catalogId: number;
  supplierId: number;
  supplierCode: string;
  supplierSku: string;
  supplierActive: boolean;
  isDropship: boolean;
  itemAvailable: boolean;
  /** The feed was seen within the supplier's catalog_max_age_hours. */
  fresh: boolean;
  /** Stock above the supplier's buffer. */
  sellable: number;
  minOrderQuantity: number;
  currency: string;
  unitCost: string;
  leadDays: number;
  /** The newest 30-day rolling rating 0..5 (supplier_performance); null: none computed yet. */
  rating: string | null;
  /** The rating comes from enough orders (false: the neutral rating of a supplier with too few). */
  rated: boolean;
  priority: number;
  perOrderFee: string;
  shippingRule: ShippingCostRule;
  minimumOrderValue: string;
  margin: MarginCheck;
}

export type Candidate = OwnCandidate | SupplierOffer;

export async function loadCandidates(db: Kysely<DB> | Transaction<DB>, productIds: number[]): Promise<Candidate[]> {
  if (productIds.length === 0) return [];
  const ids = sql.val(productIds);
  // One text whatever the products: kept prepared on a server connection (planned once, not per order).
  const { rows } = await prepared(sql<Record<string, unknown>>`
    SELECT 'own' AS kind, fi.product_id, fi.id AS inventory_id, src.id AS source_id, src.code AS source_code,
           src.type AS source_type, src.is_active AS source_active, src.priority, fi.quantity_available AS available,
           p.cost_price AS unit_cost,
           NULL::bigint AS catalog_id, NULL::bigint AS supplier_id, NULL AS supplier_code, NULL AS supplier_sku,
           NULL::boolean AS supplier_active, NULL::boolean AS is_dropship, NULL::boolean AS item_available,
           NULL::boolean AS fresh, NULL::int AS sellable, NULL::int AS min_order_quantity, NULL AS currency,
           NULL::int AS lead_days, NULL::numeric AS rating, NULL::boolean AS rated, NULL::numeric AS per_order_fee,
           NULL::jsonb AS shipping_rule, NULL::numeric AS minimum_order_value,
           p.price, p.cost_price AS landed_unit_cost,
           coalesce(pricing_min_margin(p.category_id, NULL, p.cost_price), 0) AS min_margin_percent,
           ${ownKeepsMargin} AS keeps_margin
      FROM fulfillment_inventory fi
      JOIN inventory_sources src ON src.id = fi.source_id AND src.type IN ('warehouse', '3pl')
      JOIN products p ON p.id = fi.product_id
     WHERE fi.product_id = ANY(${ids}::bigint[])
    UNION ALL
    SELECT 'supplier', sc.product_id, NULL, NULL, NULL, NULL, NULL, coalesce(src.priority, 100), NULL,
           sc.cost_price,
           sc.id, s.id, s.code, sc.supplier_sku,
           s.status = 'active', s.is_dropship, sc.is_available,
           sc.last_seen_at > now() - make_interval(hours => s.catalog_max_age_hours),
           greatest(sc.stock_quantity - s.stock_buffer, 0), sc.min_order_quantity, sc.currency,
           coalesce(sc.lead_time_days, s.handling_days), perf.rating, coalesce(perf.rated, false), s.per_order_fee,
           s.shipping_cost_rule, s.minimum_order_value,
           p.price, ${offerLandedCost}, pricing_min_margin(p.category_id, s.id, ${offerLandedCost}),
           ${offerKeepsMargin}
      FROM supplier_catalogs sc
      JOIN suppliers s ON s.id = sc.supplier_id
      JOIN products p ON p.id = sc.product_id
      LEFT JOIN LATERAL ${latestRatingSql('s.id')} perf ON true
      LEFT JOIN LATERAL (SELECT priority FROM inventory_sources x WHERE x.supplier_id = s.id AND x.is_active
                          ORDER BY priority LIMIT 1) src ON true
     WHERE sc.product_id = ANY(${ids}::bigint[])
     ORDER BY product_id, kind, source_code, supplier_code`).execute(db);
  return rows.map(toCandidate);
}

function toCandidate(r: Record<string, unknown>): Candidate {
  if (r.kind === 'own') {
    return {
      kind: 'own',
      productId: r.product_id as number,
      inventoryId: r.inventory_id as number,
      sourceId: r.source_id as number,
      sourceCode: r.source_code as string,
      sourceType: r.source_type as 'warehouse' | '3pl',
      sourceActive: r.source_active as boolean,
      priority: r.priority as number,
      available: r.available as number,
      unitCost: (r.unit_cost as string | null) ?? null,
      margin: marginOf(r),
    };
  }
  return {
    kind: 'supplier',
    productId: r.product_id as number,
    catalogId: r.catalog_id as number,
    supplierId: r.supplier_id as number,
    supplierCode: r.supplier_code as string,
    supplierSku: r.supplier_sku as string,
    supplierActive: r.supplier_active as boolean,
    isDropship: r.is_dropship as boolean,
    itemAvailable: r.item_available as boolean,
    fresh: r.fresh as boolean,
    sellable: r.sellable as number,
    minOrderQuantity: r.min_order_quantity as number,
    currency: (r.currency as string).trim(),
    unitCost: r.unit_cost as string,
    leadDays: r.lead_days as number,
    rating: (r.rating as string | null) ?? null,
    rated: r.rated as boolean,
    priority: r.priority as number,
    perOrderFee: r.per_order_fee as string,
    shippingRule: r.shipping_rule as ShippingCostRule,
    minimumOrderValue: r.minimum_order_value as string,
    margin: marginOf(r),
  };
}

function marginOf(r: Record<string, unknown>): MarginCheck {
  const price = String(r.price);
  const minMarginPercent = String(r.min_margin_percent);
  return {
    price,
    landedUnitCost: r.landed_unit_cost === null ? null : String(r.landed_unit_cost),
    minMarginPercent,
    maxUnitCost: fromUnits((toUnits(price) * (10000n - toUnits(minMarginPercent) / 100n)) / 10000n),
    keepsMargin: r.keeps_margin as boolean,
  };
}
