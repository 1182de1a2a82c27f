/**
 * What each routed line of a replayed order earns, and how long it waits: the one place the
 * what-if prices a plan, with the profit arithmetic the shop records for real allocations
 * (src/profit/line-profit.ts):
 *   revenue    unit price x units;
 *   cost       own stock: products.cost_price x units (unknown: counted as 0 and flagged);
 *              a supplier: units x its unit cost, plus its share of the supplier order's per-order
 *              fee and shipping (the rule on the goods of all its lines of that order, to cents, as
 *              the supplier order stores it), shared over those lines by revenue;
 *   margin     revenue - cost;
 *   lead days  own stock ships at once (0 days); a supplier takes its offer's lead time; a line
 *              split over sources waits for the slowest.
 */
import { fromUnits, toUnits, type Units } from '../../money.js';
import { ownStockProfit, supplierOrderProfits, type LineProfit as Figures } from '../../profit/line-profit.js';
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
  const add = (a: PlannedAllocation, f: Figures, leadDays: number) => {
    const revenue = toUnits(f.revenue);
    const cost = toUnits(f.cost ?? '0') + toUnits(f.feeShare) + toUnits(f.shippingShare);
    const was = out.get(a.line) ?? { revenue: 0n, cost: 0n, margin: 0n, unknownCost: false, leadDays: 0 };
    out.set(a.line, {
      revenue: was.revenue + revenue,
      cost: was.cost + cost,
      margin: was.margin + revenue - cost,
      unknownCost: was.unknownCost || f.cost === null,
      leadDays: Math.max(was.leadDays, leadDays),
    });
  };
  const line = (a: PlannedAllocation) => ({
    unitPrice: unitPriceOf(a.line),
    quantity: a.quantity,
    unitCost: a.unitCost,
  });

  const bySupplier = new Map<number, SupplierAllocation[]>();
  for (const a of plan.allocations) {
    if (a.candidate.kind === 'own') add(a, ownStockProfit(line(a)), 0);
    else
      bySupplier.set(a.candidate.supplierId, [
        ...(bySupplier.get(a.candidate.supplierId) ?? []),
        a as SupplierAllocation,
      ]);
  }
  for (const group of bySupplier.values()) {
    const offer = group[0]!.candidate;
    const goods = group.reduce((sum, a) => sum + toUnits(a.candidate.unitCost) * BigInt(a.quantity), 0n);
    const pieces = group.reduce((n, a) => n + a.quantity, 0);
    const shipping = fromUnits(shippingCost(offer.shippingRule, goods, pieces), 2);
    const figures = supplierOrderProfits(group.map(line), { perOrderFee: offer.perOrderFee, shipping });
    group.forEach((a, i) => add(a, figures[i]!, a.candidate.leadDays));
  }
  return out;
}
