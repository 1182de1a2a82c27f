/** SQL of re-routing: the allocations of a supplier order, what they became, and lines that cannot be filled. */
import { sql, type Transaction } from 'kysely';
import type { AllocationStatus, DB } from '../db/types.js';

export interface SupplierAllocation {
  id: number;
  orderItemId: number;
  productId: number;
  sku: string;
  quantity: number;
}

/** The allocations in `status` of the supplier order's lines, in id order. */
export async function allocationsOfSupplierOrder(
  trx: Transaction<DB>,
  supplierOrderId: number,
  status: AllocationStatus,
): Promise<SupplierAllocation[]> {
  return trx
    .selectFrom('order_item_allocations as a')
    .innerJoin('supplier_order_items as soi', 'soi.id', 'a.supplier_order_item_id')
    .innerJoin('order_items as oi', 'oi.id', 'a.order_item_id')
    .select(['a.id', 'a.order_item_id as orderItemId', 'oi.product_id as productId', 'oi.sku', 'a.quantity'])
    .where('soi.supplier_order_id', '=', supplierOrderId)
    .where('a.status', '=', status)
    .orderBy('a.id')
    .execute();
}

/** Per order line, the suppliers whose supplier orders it was already re-routed away from, with why. */
export async function earlierSuppliersOf(
  trx: Transaction<DB>,
  orderItemIds: number[],
): Promise<{ orderItemId: number; supplierId: number; why: string }[]> {
  if (orderItemIds.length === 0) return [];
  const { rows } = await sql<{ orderItemId: number; supplierId: number; why: string }>`
    SELECT DISTINCT a.order_item_id AS "orderItemId", so.supplier_id AS "supplierId",
           s.code || ' ' || so.status || ' supplier order ' || so.id AS why
      FROM order_item_allocations a
      JOIN supplier_order_items soi ON soi.id = a.supplier_order_item_id
      JOIN supplier_orders so ON so.id = soi.supplier_order_id
      JOIN suppliers s ON s.id = so.supplier_id
     WHERE a.order_item_id = ANY(${sql.val(orderItemIds)}::bigint[]) AND a.status = 'rerouted'`.execute(trx);
  return rows;
}

export interface Replacement {
  replaces: number;
  quantity: number;
  kind: 'own' | 'supplier';
  source: string;
  supplierOrderId: number | null;
}

/** The allocations that took the place of these re-routed ones. */
export async function replacementsOf(trx: Transaction<DB>, allocationIds: number[]): Promise<Replacement[]> {
  if (allocationIds.length === 0) return [];
  const { rows } = await sql<Replacement>`
    SELECT a.replaces_allocation_id AS replaces, a.quantity,
           CASE WHEN a.source_type = 'supplier' THEN 'supplier' ELSE 'own' END AS kind,
           coalesce(src.code, s.code) AS source, so.id AS "supplierOrderId"
      FROM order_item_allocations a
      LEFT JOIN fulfillment_inventory fi ON fi.id = a.fulfillment_inventory_id
      LEFT JOIN inventory_sources src ON src.id = fi.source_id
      LEFT JOIN supplier_order_items soi ON soi.id = a.supplier_order_item_id
      LEFT JOIN supplier_orders so ON so.id = soi.supplier_order_id
      LEFT JOIN suppliers s ON s.id = so.supplier_id
     WHERE a.replaces_allocation_id = ANY(${sql.val(allocationIds)}::bigint[])
     ORDER BY a.id`.execute(trx);
  return rows;
}

/** The line cannot be filled from anywhere: since when (kept from the first time) and why. */
export async function markUnfulfillable(trx: Transaction<DB>, orderItemId: number, reason: string): Promise<void> {
  await trx
    .updateTable('order_items')
    .set((eb) => ({
      unfulfillable_since: eb.fn.coalesce('unfulfillable_since', sql<Date>`now()`),
      unfulfillable_reason: reason,
    }))
    .where('id', '=', orderItemId)
    .execute();
}

/** Why each of these lines cannot be filled, where it was marked. */
export async function unfulfillableReasons(trx: Transaction<DB>, orderItemIds: number[]): Promise<Map<number, string>> {
  if (orderItemIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('order_items')
    .select(['id', 'unfulfillable_reason'])
    .where('id', 'in', orderItemIds)
    .where('unfulfillable_reason', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.unfulfillable_reason!]));
}
