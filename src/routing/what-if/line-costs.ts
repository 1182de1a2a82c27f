/**
 * What each routed line of a replayed order costs, and how long it waits: the one place the
 * what-if prices a plan.
 *   cost       own stock: products.cost_price x units (unknown: counted as 0 and flagged);
 *              a supplier: units x its unit cost, plus the supplier order's per-order fee and
 *              shipping (its rule on the goods of all its lines, rounded to cents as the supplier
 *              order stores it), shared over its lines by goods value, the rest to the last line;
 *   lead days  own stock ships at once (0 days); a supplier takes its offer's lead time; a line
 *              split over sources waits for the slowest.
 */
import { fromUnits, toUnits, type Units } from '../../money.js';
import { shippingCost } from '../../suppliers/shipping.js';
import type { SupplierOffer } from '../candidates.js';
import type { PlannedAllocation, RoutingPlan } from '../plan.js';

export interface LineCost {
  cost: Units;
  unknownCost: boolean;
  leadDays: number;
}

/** Per line index of the order, the lines the plan fills. */
export function lineCosts(plan: RoutingPlan): Map<number, LineCost> {
  const out = new Map<number, LineCost>();
  const add = (line: number, cost: Units, unknownCost: boolean, leadDays: number) => {
    const was = out.get(line) ?? { cost: 0n, unknownCost: false, leadDays: 0 };
    out.set(line, {
      cost: was.cost + cost,
      unknownCost: was.unknownCost || unknownCost,
      leadDays: Math.max(was.leadDays, leadDays),
    });
  };
  const bySupplier = new Map<number, (PlannedAllocation & { candidate: SupplierOffer })[]>();
  for (const a of plan.allocations) {
    const c = a.candidate;
    if (c.kind === 'own') {
      add(a.line, c.unitCost === null ? 0n : toUnits(c.unitCost) * BigInt(a.quantity), c.unitCost === null, 0);
    } else {
      bySupplier.set(c.supplierId, [
        ...(bySupplier.get(c.supplierId) ?? []),
        a as PlannedAllocation & { candidate: SupplierOffer },
      ]);
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
      add(a.line, goodsOf[i]! + share, false, a.candidate.leadDays);
    });
  }
  return out;
}
