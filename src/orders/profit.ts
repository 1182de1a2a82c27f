/**
 * The profit of each allocation of a routing plan, computed as the allocations are written (at
 * placement and when a re-route writes the replacements), so that it stays as it was when later
 * costs, fees or prices change. Revenue comes from the order line's unit price; cost from the
 * plan (own cost, or the supplier's unit cost); the per-order fee and shipping from the supplier
 * orders just created for the plan, each shared over exactly the plan's allocations it holds.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { ownStockProfit, supplierOrderProfits, type LineProfit, type ProfitLine } from '../profit/line-profit.js';
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
  const line = (a: PlannedAllocation): ProfitLine => ({
    unitPrice: priceOf.get(lines[a.line]!.orderItemId!)!,
    quantity: a.quantity,
    unitCost: a.unitCost,
  });

  const profits = new Map<PlannedAllocation, LineProfit>();
  const bySupplierOrder = new Map<number, PlannedAllocation[]>();
  for (const a of plan.allocations) {
    const supplierItem = supplierItemOf.get(a);
    if (supplierItem === undefined) {
      profits.set(a, ownStockProfit(line(a)));
      continue;
    }
    const id = orderOf.get(supplierItem)!.supplierOrderId;
    bySupplierOrder.set(id, [...(bySupplierOrder.get(id) ?? []), a]);
  }
  for (const group of bySupplierOrder.values()) {
    const head = orderOf.get(supplierItemOf.get(group[0]!)!)!;
    const figures = supplierOrderProfits(group.map(line), { perOrderFee: head.perOrderFee, shipping: head.shipping });
    group.forEach((a, i) => profits.set(a, figures[i]!));
  }
  return profits;
}
