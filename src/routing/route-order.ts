/**
 * Routing inside the order's transaction (a PlacementStep): plan every line, reserve own stock
 * with one conditional UPDATE per allocation, create the supplier orders, store each line's
 * allocations with the decision, and confirm the order. Under any concurrency no unit is sold
 * twice: the UPDATE only succeeds while enough units are unreserved, re-checked under its row
 * lock; when it fails (another order took the units first), the order is planned again from
 * fresh stock figures, and a line nothing can fill refuses the whole order (409).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { createSupplierOrders } from '../fulfillment/supplier-orders.js';
import type { PlacementStep } from '../orders/placement.js';
import type { Order } from '../orders/types.js';
import { loadCandidates, type OwnCandidate, type SupplierOffer } from './candidates.js';
import { NotRoutableError } from './errors.js';
import { planRouting, type PlanLine, type PlannedAllocation, type RoutingPlan } from './plan.js';

const MAX_PLANS = 5;

/** The PlacementStep of POST /api/orders. */
export const routeAndReserve: PlacementStep = async (trx, order) => {
  await routeOrder(trx, order);
};

export async function routeOrder(trx: Transaction<DB>, order: Order): Promise<RoutingPlan> {
  const lines: PlanLine[] = order.items.map((item, index) => ({
    index,
    productId: item.productId,
    sku: item.sku,
    quantity: item.quantity,
    orderItemId: item.id,
  }));
  const productIds = [...new Set(lines.map((l) => l.productId))];
  for (let attempt = 1; ; attempt++) {
    const plan = planRouting(lines, await loadCandidates(trx, productIds), { currency: order.currency });
    if (plan.unroutable.length > 0) throw new NotRoutableError(plan.unroutable);
    const own = plan.allocations
      .filter((a): a is PlannedAllocation & { candidate: OwnCandidate } => a.candidate.kind === 'own')
      .sort((a, b) => a.candidate.inventoryId - b.candidate.inventoryId); // one lock order: no deadlocks
    const undo = own.length > 1;
    if (undo) await sql`SAVEPOINT routing_reservations`.execute(trx);
    if (await reserveAll(trx, own)) {
      if (undo) await sql`RELEASE SAVEPOINT routing_reservations`.execute(trx);
      await recordPlan(trx, order, lines, plan);
      return plan;
    }
    if (undo) await sql`ROLLBACK TO SAVEPOINT routing_reservations`.execute(trx);
    if (attempt === MAX_PLANS) {
      throw new NotRoutableError(
        lines.map((l) => ({
          line: l.index,
          sku: l.sku,
          quantity: l.quantity,
          available: 0,
          message: `stock of SKU "${l.sku}" kept changing under concurrent orders; try again`,
        })),
      );
    }
  }
}

/** Plans without reserving or writing anything: the route preview. */
export async function previewRouting(db: Kysely<DB>, lines: PlanLine[], currency: string): Promise<RoutingPlan> {
  const productIds = [...new Set(lines.map((l) => l.productId))];
  return planRouting(lines, await loadCandidates(db, productIds), { currency });
}

async function reserveAll(trx: Transaction<DB>, own: { candidate: OwnCandidate; quantity: number }[]) {
  for (const a of own) {
    const reserved = await sql`
      UPDATE fulfillment_inventory SET quantity_reserved = quantity_reserved + ${a.quantity}
       WHERE id = ${a.candidate.inventoryId} AND quantity_on_hand - quantity_reserved >= ${a.quantity}`.execute(trx);
    if (Number(reserved.numAffectedRows ?? 0n) !== 1) return false;
  }
  return true;
}

async function recordPlan(trx: Transaction<DB>, order: Order, lines: PlanLine[], plan: RoutingPlan) {
  const itemOf = (line: number) => lines[line]!.orderItemId!;
  const supplierAllocations = plan.allocations.filter(
    (a): a is PlannedAllocation & { candidate: SupplierOffer } => a.candidate.kind === 'supplier',
  );
  const supplierItemIds = await createSupplierOrders(
    trx,
    order,
    supplierAllocations.map((a) => ({ offer: a.candidate, orderItemId: itemOf(a.line), quantity: a.quantity })),
  );
  const supplierItemOf = new Map(supplierAllocations.map((a, i) => [a, supplierItemIds[i]!]));
  const decisionOf = new Map(plan.decisions.map((d) => [d.line, d]));
  await trx
    .insertInto('order_item_allocations')
    .values(
      plan.allocations.map((a) => {
        const { line: _line, ...decision } = decisionOf.get(a.line)!;
        return a.candidate.kind === 'own'
          ? {
              order_id: order.id,
              order_item_id: itemOf(a.line),
              source_type: a.candidate.sourceType,
              fulfillment_inventory_id: a.candidate.inventoryId,
              quantity: a.quantity,
              unit_cost: a.unitCost,
              status: 'reserved',
              decision: JSON.stringify(decision),
            }
          : {
              order_id: order.id,
              order_item_id: itemOf(a.line),
              source_type: 'supplier',
              supplier_order_item_id: supplierItemOf.get(a as PlannedAllocation & { candidate: SupplierOffer })!,
              quantity: a.quantity,
              unit_cost: a.unitCost,
              status: 'ordered',
              decision: JSON.stringify(decision),
            };
      }),
    )
    .execute();
  await trx.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', order.id).execute();
  order.status = 'confirmed';
}
