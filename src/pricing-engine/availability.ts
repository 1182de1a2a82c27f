/**
 * What the storefront offers at a product's current price: only units of sources whose cost
 * keeps the minimum margin at that price (pricing_keeps_margin, migration 009):
 *   own stock   unreserved units at active warehouses and 3PLs; an unknown own cost (no
 *               cost_price) is not checked;
 *   a supplier  stock above the buffer of a sellable offer (cost-basis.ts) whose landed cost of
 *               one unit ordered alone keeps the margin.
 * The minimum margin is the one of the rule that wins for that source's cost (pricing_min_margin).
 * Routing applies the same test to every candidate, so an order of this many units can be placed
 * and one more cannot.
 */
import { sql, type RawBuilder } from 'kysely';
import { offerLandedCost, offerSellable } from './cost-basis.js';

/** An own unit of product `p` keeps the margin at p.price. */
export const ownKeepsMargin = sql<boolean>`(p.cost_price IS NULL OR pricing_keeps_margin(p.price, p.cost_price,
  pricing_min_margin(p.category_id, NULL, p.cost_price)))`;

/** A unit of offer `sc` of supplier `s` for product `p` keeps the margin at p.price. */
export const offerKeepsMargin = sql<boolean>`pricing_keeps_margin(p.price, ${offerLandedCost},
  pricing_min_margin(p.category_id, s.id, ${offerLandedCost}))`;

/** Own units of product `p` (an alias in the surrounding query) the shop can sell at p.price. */
export const ownSellableUnits: RawBuilder<number> = sql<number>`(
  SELECT coalesce(sum(fi.quantity_available), 0) FROM fulfillment_inventory fi
    JOIN inventory_sources src ON src.id = fi.source_id
   WHERE fi.product_id = p.id AND src.is_active AND src.type IN ('warehouse', '3pl') AND fi.quantity_available > 0
     AND ${ownKeepsMargin}
)`;

/** The offers `sc` (of supplier `s`) of product `p` that can sell it at p.price. */
const sellableOffers = sql`FROM supplier_catalogs sc
    JOIN suppliers s ON s.id = sc.supplier_id
   WHERE sc.product_id = p.id AND ${offerSellable(sql`p.currency`)} AND ${offerKeepsMargin}`;

/** Units of a sellable offer `sc` of supplier `s`: its stock above the supplier's buffer. */
const offerUnits = sql`sum(sc.stock_quantity - s.stock_buffer)`;

/** Units of product `p` its suppliers can ship at p.price. */
export const supplierSellableUnits: RawBuilder<number> = sql<number>`(
  SELECT coalesce(${offerUnits}, 0) ${sellableOffers}
)`;

/** Units of product `p` the shop can sell at p.price. */
export const sellableUnits: RawBuilder<number> = sql<number>`(${ownSellableUnits} + ${supplierSellableUnits})::int`;

/**
 * What the suppliers of product `p` offer at p.price, from one pass over its offers (the product
 * list reads both for every row it returns), as an int[] of two:
 *   [1] units they can ship (supplierSellableUnits);
 *   [2] days until one ships it: the longest lead time (the offer's, else the supplier's handling
 *       days) among the offers that can sell it, so the promise holds whichever one routing picks;
 *       null when none can.
 */
export const supplierOffer: RawBuilder<[number, number | null]> = sql<[number, number | null]>`(
  SELECT ARRAY[coalesce(${offerUnits}, 0), max(coalesce(sc.lead_time_days, s.handling_days))]::int[] ${sellableOffers}
)`;
