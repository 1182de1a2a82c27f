/**
 * What an order line earns, as pure arithmetic (reads nothing, writes nothing), exact on scaled
 * integers of the money module, never on binary floats:
 *   revenue        unit price x quantity: order_items.unit_price, which includes VAT (the shop
 *                  prices gross and keeps no tax of its own per line) and has no discount to
 *                  subtract (the order model has none);
 *   cost           unit cost of the source that fills it x quantity: own stock at the product's
 *                  own cost (products.cost_price), a supplier at its unit cost (supplier_catalogs);
 *                  null when an own cost is unknown, and then margin and percent are null too;
 *   fee share,     the line's share of its supplier order's per-order fee and shipping: each is
 *   shipping share split over the supplier order's lines in proportion to their revenue, in
 *                  whole cents, so that the shares add up exactly to the supplier order's figure
 *                  (splitByRevenue); own stock carries none;
 *   margin         revenue - cost - fee share - shipping share;
 *   margin percent margin / revenue x 100, to 2 decimals; null when the revenue is 0.
 */
import type { Static } from 'typebox';
import { fromUnits, toUnits, type Units } from '../money.js';
import type { ProfitFigures } from './schemas.js';

/** One line (or the part of it one source fills) as profit needs it. */
export interface ProfitLine {
  /** Selling price of one unit. */
  unitPrice: string;
  quantity: number;
  /** What one unit costs from the source that fills it; null: unknown. */
  unitCost: string | null;
}

/** A supplier order's shared costs: its per-order fee and its shipping. */
export interface SharedCosts {
  perOrderFee: string;
  shipping: string;
}

/**
 * revenue, cost, feeShare, shippingShare, margin, marginPercent as decimal strings: revenue and
 * shares to cents, cost and margin to 4 decimals (the API's ProfitFigures).
 */
export type LineProfit = Static<typeof ProfitFigures>;

const CENT: Units = 100n; // one cent in units of 1/10000

/** unit price x quantity, to cents. */
export function lineRevenue(unitPrice: string, quantity: number): string {
  return fromUnits(toUnits(unitPrice) * BigInt(quantity), 2);
}

/**
 * Splits `total` (whole cents, not negative) over lines in proportion to their revenues. Each
 * line first gets its share rounded down to the cent; the cents left over go one each to the
 * lines with the largest remainders, the earlier line first on a tie, so the shares always add
 * up to the total exactly and the same input always gives the same split. Lines without any
 * revenue at all share equally.
 */
export function splitByRevenue(total: string, revenues: readonly string[]): string[] {
  if (revenues.length === 0) return [];
  const cents = toUnits(total);
  if (cents < 0n || cents % CENT !== 0n) {
    throw new RangeError(`"${total}" is not an amount in whole cents to share`);
  }
  const pot = cents / CENT;
  const given = revenues.map((r) => toUnits(r));
  const weights = given.some((w) => w > 0n) ? given.map((w) => (w > 0n ? w : 0n)) : given.map(() => 1n);
  const sum = weights.reduce((a, b) => a + b, 0n);
  const shares = weights.map((w) => (pot * w) / sum);
  const left = pot - shares.reduce((a, b) => a + b, 0n);
  const byRemainder = weights
    .map((w, index) => ({ index, remainder: (pot * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (let i = 0n; i < left; i++) shares[byRemainder[Number(i)]!.index]! += 1n;
  return shares.map((s) => fromUnits(s * CENT, 2));
}

/** margin / revenue x 100, rounded half away from zero to 2 decimals; null without revenue. */
export function marginPercent(margin: string, revenue: string): string | null {
  const r = toUnits(revenue);
  if (r === 0n) return null;
  const m = toUnits(margin);
  // In hundredths of a percent: margin x 10000 / revenue, rounded.
  const scaled = m * 10000n;
  const negative = scaled < 0n !== r < 0n;
  const [a, b] = [scaled < 0n ? -scaled : scaled, r < 0n ? -r : r];
  const hundredths = (a * 2n + b) / (2n * b);
  return fromUnits((negative ? -hundredths : hundredths) * CENT, 2);
}

/** The profit of one line given its shares of its supplier order's fee and shipping ('0.00' for own stock). */
export function lineProfit(line: ProfitLine, shares: { feeShare: string; shippingShare: string }): LineProfit {
  const revenue = toUnits(line.unitPrice) * BigInt(line.quantity);
  const base = {
    revenue: fromUnits(revenue, 2),
    feeShare: fromUnits(toUnits(shares.feeShare), 2),
    shippingShare: fromUnits(toUnits(shares.shippingShare), 2),
  };
  if (line.unitCost === null) return { ...base, cost: null, margin: null, marginPercent: null };
  const cost = toUnits(line.unitCost) * BigInt(line.quantity);
  const margin = fromUnits(revenue - cost - toUnits(shares.feeShare) - toUnits(shares.shippingShare));
  return { ...base, cost: fromUnits(cost), margin, marginPercent: marginPercent(margin, base.revenue) };
}

/** The profit of a line filled from own stock: no supplier order, nothing shared. */
export function ownStockProfit(line: ProfitLine): LineProfit {
  return lineProfit(line, { feeShare: '0', shippingShare: '0' });
}

/**
 * The profit of each line of one supplier order, in input order: the fee and shipping split
 * over the lines by revenue (splitByRevenue), then each line's margin.
 */
export function supplierOrderProfits(lines: readonly ProfitLine[], shared: SharedCosts): LineProfit[] {
  const revenues = lines.map((l) => lineRevenue(l.unitPrice, l.quantity));
  const fees = splitByRevenue(shared.perOrderFee, revenues);
  const shipping = splitByRevenue(shared.shipping, revenues);
  return lines.map((l, i) => lineProfit(l, { feeShare: fees[i]!, shippingShare: shipping[i]! }));
}

/**
 * The sum of several lines' profits (an order's totals): cost and margin are null as soon as one
 * line's cost is unknown, so a total never hides a line it could not count.
 */
export function totalProfit(lines: readonly LineProfit[]): LineProfit {
  const add = (pick: (l: LineProfit) => string) => lines.reduce((sum, l) => sum + toUnits(pick(l)), 0n);
  const revenue = fromUnits(
    add((l) => l.revenue),
    2,
  );
  const base = {
    revenue,
    feeShare: fromUnits(
      add((l) => l.feeShare),
      2,
    ),
    shippingShare: fromUnits(
      add((l) => l.shippingShare),
      2,
    ),
  };
  if (lines.some((l) => l.cost === null)) return { ...base, cost: null, margin: null, marginPercent: null };
  const margin = fromUnits(add((l) => l.margin!));
  return { ...base, cost: fromUnits(add((l) => l.cost!)), margin, marginPercent: marginPercent(margin, revenue) };
}
