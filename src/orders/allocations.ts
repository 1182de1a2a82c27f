/**
 * Allocations: where each unit of an order line comes from (own stock or a supplier order line),
 * with the routing decision that chose it. Their status follows the units:
 *   reserved ──► shipped (left our warehouse) | released (order cancelled)
 *   ordered  ──► cancelled (the order was cancelled) | rerouted (the supplier order will not fill
 *                them: re-routing moved its units to other sources, replaces_allocation_id)
 * Every change goes through moveAllocations, which refuses any other.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AllocationStatus, DB } from '../db/types.js';
import type { LineProfit } from '../profit/line-profit.js';
import type { RoutingLineView } from './schemas.js';

export const ALLOCATION_TRANSITIONS: Readonly<Record<AllocationStatus, readonly AllocationStatus[]>> = {
  reserved: ['shipped', 'released'],
  ordered: ['cancelled', 'rerouted'],
  shipped: [],
  released: [],
  cancelled: [],
  rerouted: [],
};

/** An allocation's profit as its columns (kept as history, never recomputed). */
export function profitColumns(profit: LineProfit) {
  return {
    revenue: profit.revenue,
    cost: profit.cost,
    fee_share: profit.feeShare,
    shipping_share: profit.shippingShare,
    margin: profit.margin,
    margin_percent: profit.marginPercent,
  };
}

export interface NewAllocation {
  orderItemId: number;
  quantity: number;
  unitCost: string | null;
  /** The routing decision of the line: candidates and why the winner won. */
  decision: unknown;
  /** The allocation these units were re-routed from. */
  replacesAllocationId?: number;
  /** What these units earn, as computed now: kept as history (profit.ts). */
  profit: LineProfit;
  source:
    | { kind: 'own'; sourceType: 'warehouse' | '3pl'; inventoryId: number }
    | { kind: 'supplier'; supplierOrderItemId: number };
}

export async function insertAllocations(
  trx: Transaction<DB>,
  orderId: number,
  allocations: NewAllocation[],
): Promise<void> {
  if (allocations.length === 0) return;
  await trx
    .insertInto('order_item_allocations')
    .values(
      allocations.map((a) => ({
        order_id: orderId,
        order_item_id: a.orderItemId,
        quantity: a.quantity,
        unit_cost: a.unitCost,
        decision: JSON.stringify(a.decision),
        replaces_allocation_id: a.replacesAllocationId ?? null,
        ...profitColumns(a.profit),
        ...(a.source.kind === 'own'
          ? {
              source_type: a.source.sourceType,
              fulfillment_inventory_id: a.source.inventoryId,
              status: 'reserved' as const,
            }
          : {
              source_type: 'supplier' as const,
              supplier_order_item_id: a.source.supplierOrderItemId,
              status: 'ordered' as const,
            }),
      })),
    )
    .execute();
}

/**
 * Moves every allocation of the order in status `from` to `to` (only those of `ids` when given);
 * returns the rows moved.
 */
export async function moveAllocations(
  trx: Transaction<DB>,
  orderId: number,
  from: AllocationStatus,
  to: AllocationStatus,
  ids?: number[],
): Promise<{ id: number; inventoryId: number | null; quantity: number }[]> {
  if (!ALLOCATION_TRANSITIONS[from].includes(to)) {
    throw new Error(`an allocation cannot go from ${from} to ${to}`);
  }
  if (ids?.length === 0) return [];
  const rows = await trx
    .updateTable('order_item_allocations')
    .set({ status: to })
    .where('order_id', '=', orderId)
    .where('status', '=', from)
    .$if(ids !== undefined, (qb) => qb.where('id', 'in', ids!))
    .returning(['id', 'fulfillment_inventory_id', 'quantity'])
    .execute();
  return rows.map((r) => ({ id: r.id, inventoryId: r.fulfillment_inventory_id, quantity: r.quantity }));
}

/** Own-stock allocations of the order that already left the warehouse. */
export async function countShippedFromStock(db: Kysely<DB>, orderId: number): Promise<number> {
  const row = await db
    .selectFrom('order_item_allocations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('order_id', '=', orderId)
    .where('status', '=', 'shipped')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The allocations of an order with their decisions, for staff. */
export async function orderRouting(db: Kysely<DB>, orderNumber: string): Promise<RoutingLineView[]> {
  const { rows } = await sql<RoutingLineView>`
    SELECT a.id, oi.id AS "orderItemId", oi.sku, a.quantity, a.source_type AS "sourceType", a.status, a.unit_cost::text AS "unitCost",
           coalesce(src.code, s.code) AS source, so.id AS "supplierOrderId", a.decision
      FROM order_item_allocations a
      JOIN orders o ON o.id = a.order_id
      JOIN order_items oi ON oi.id = a.order_item_id
      LEFT JOIN fulfillment_inventory fi ON fi.id = a.fulfillment_inventory_id
      LEFT JOIN inventory_sources src ON src.id = fi.source_id
      LEFT JOIN supplier_order_items soi ON soi.id = a.supplier_order_item_id
      LEFT JOIN supplier_orders so ON so.id = soi.supplier_order_id
      LEFT JOIN suppliers s ON s.id = so.supplier_id
     WHERE o.order_number = ${orderNumber}
     ORDER BY oi.id, a.id`.execute(db);
  return rows;
}
