/**
 * The profit of each allocation of a routing plan, computed as the allocations are written (at
 * placement and when a re-route writes the replacements), so that it stays as it was when later
 * costs, fees or prices change. Revenue comes from the order line's unit price; cost from the
 * plan (own cost, or the supplier's unit cost); the per-order fee and shipping from the supplier
 * orders of the plan, each shared over exactly the plan's allocations it holds. A new order knows
 * all of them before it is written (the prices it locked, the charges its supplier orders will
 * carry: allocationProfits); a re-route reads them back from the rows it just wrote (profitsOfPlan).
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import {
  ownStockProfit,
  supplierOrderProfits,
  type LineProfit,
  type ProfitLine,
  type SharedCosts,
} from '../profit/line-profit.js';
import type { PlanLine, PlannedAllocation, RoutingPlan } from '../routing/plan.js';

export async function profitsOfPlan(
  trx: Transaction<DB>,
  lines: PlanLine[],
  plan: RoutingPlan,
  supplierItemOf: ReadonlyMap<PlannedAllocation, number>,
): Promise<Map<PlannedAllocation, LineProfit>> {
  const itemIds = [...new Set(plan.allocations.map((a) => lines[a.line]!.orderItemId!))];
  const supplierItemIds = [...supplierItemOf.values()];
  const { rows: prices } = await sql<{ id: number; unitPrice: string }>`
    SELECT id, unit_price::text AS "unitPrice" FROM order_items WHERE id = ANY(${sql.val(itemIds)}::bigint[])`.execute(
    trx,
  );
  const { rows: shared } = await sql<{ id: number; supplierOrderId: number; perOrderFee: string; shipping: string }>`
    SELECT soi.id, so.id AS "supplierOrderId", so.per_order_fee::text AS "perOrderFee", so.shipping_cost::text AS shipping
      FROM supplier_order_items soi JOIN supplier_orders so ON so.id = soi.supplier_order_id
     WHERE soi.id = ANY(${sql.val(supplierItemIds)}::bigint[])`.execute(trx);
  const priceOf = new Map(prices.map((p) => [p.id, p.unitPrice]));
  const orderOf = new Map(shared.map((s) => [s.id, s]));
  return allocationProfits(
    plan.allocations,
    (a) => priceOf.get(lines[a.line]!.orderItemId!)!,
    (a) => {
      const supplierItem = supplierItemOf.get(a);
      if (supplierItem === undefined) return undefined;
      const so = orderOf.get(supplierItem)!;
      return { key: so.supplierOrderId, perOrderFee: so.perOrderFee, shipping: so.shipping };
    },
  );
}

/**
 * The profit of each allocation from its unit price and, for a supplier's units, the supplier
 * order that holds them (its fee and shipping are shared over exactly the allocations it holds);
 * own stock carries none. Pure: the caller says where the figures come from.
 */
export function allocationProfits(
  allocations: readonly PlannedAllocation[],
  unitPriceOf: (a: PlannedAllocation) => string,
  supplierOrderOf: (a: PlannedAllocation) => (SharedCosts & { key: number }) | undefined,
): Map<PlannedAllocation, LineProfit> {
  const line = (a: PlannedAllocation): ProfitLine => ({
    unitPrice: unitPriceOf(a),
    quantity: a.quantity,
    unitCost: a.unitCost,
  });
  const profits = new Map<PlannedAllocation, LineProfit>();
  const bySupplierOrder = new Map<number, { shared: SharedCosts; allocations: PlannedAllocation[] }>();
  for (const a of allocations) {
    const so = supplierOrderOf(a);
    if (so === undefined) {
      profits.set(a, ownStockProfit(line(a)));
      continue;
    }
    const group = bySupplierOrder.get(so.key) ?? { shared: so, allocations: [] };
    group.allocations.push(a);
    bySupplierOrder.set(so.key, group);
  }
  for (const { shared, allocations: group } of bySupplierOrder.values()) {
    const figures = supplierOrderProfits(group.map(line), {
      perOrderFee: shared.perOrderFee,
      shipping: shared.shipping,
    });
    group.forEach((a, i) => profits.set(a, figures[i]!));
  }
  return profits;
}
