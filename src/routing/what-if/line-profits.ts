/**
 * What each routed line of a replayed order earns, and how long it waits: the one place the
 * what-if prices a plan.
 *   revenue    unit price x units;
 *   cost       own stock: products.cost_price x units (unknown: counted as 0 and flagged);
 *              a supplier: units x its unit cost, plus the supplier order's per-order fee and
 *              shipping (its rule on the goods of all its lines, rounded to cents as the supplier
 *              order stores it), shared over its lines by goods value, the rest to the last line;
 *   margin     revenue - cost;
 *   lead days  own stock ships at once (0 days); a supplier takes its offer's lead time; a line
 *              split over sources waits for the slowest.
 */
import { fromUnits, toUnits, type Units } from '../../money.js';
import { shippingCost } from '../../suppliers/shipping.js';
import type { SupplierOffer } from '../candidates.js';
import type { PlannedAllocation, RoutingPlan } from '../plan.js';

export interface LineProfit {
  revenue: Units;
  cost: Units;
  margin: Units;
  unknownCost: boolean;
  leadDays: number;
}

type SupplierAllocation = PlannedAllocation & { candidate: SupplierOffer };

/** Per line index of the order, the lines the plan fills, each unit sold at unitPriceOf(line). */
export function lineProfits(plan: RoutingPlan, unitPriceOf: (line: number) => string): Map<number, LineProfit> {
  const out = new Map<number, LineProfit>();
  const add = (a: PlannedAllocation, cost: Units, unknownCost: boolean, leadDays: number) => {
    const revenue = toUnits(unitPriceOf(a.line)) * BigInt(a.quantity);
    const was = out.get(a.line) ?? { revenue: 0n, cost: 0n, margin: 0n, unknownCost: false, leadDays: 0 };
    out.set(a.line, {
      revenue: was.revenue + revenue,
      cost: was.cost + cost,
      margin: was.margin + revenue - cost,
      unknownCost: was.unknownCost || unknownCost,
      leadDays: Math.max(was.leadDays, leadDays),
    });
  };
  const bySupplier = new Map<number, SupplierAllocation[]>();
  for (const a of plan.allocations) {
    const c = a.candidate;
    if (c.kind === 'own') {
      add(a, c.unitCost === null ? 0n : toUnits(c.unitCost) * BigInt(a.quantity), c.unitCost === null, 0);
    } else {
      bySupplier.set(c.supplierId, [...(bySupplier.get(c.supplierId) ?? []), a as SupplierAllocation]);
    }
  }
  for (const group of bySupplier.values()) {
    const offer = group[0]!.candidate;
    const goodsOf = group.map((a) => toUnits(a.candidate.unitCost) * BigInt(a.quantity));
    const goods = goodsOf.reduce((s, g) => s + g, 0n);
    const pieces = group.reduce((n, a) => n + a.quantity, 0);
    const shipping = toUnits(fromUnits(shippingCost(offer.shippingRule, goods, pieces), 2));
    const perOrder = toUnits(offer.perOrderFee) + shipping;
    let shared = 0n;
    group.forEach((a, i) => {
      const share = i === group.length - 1 ? perOrder - shared : goods === 0n ? 0n : (perOrder * goodsOf[i]!) / goods;
      shared += share;
      add(a, goodsOf[i]! + share, false, a.candidate.leadDays);
    });
  }
  return out;
}
