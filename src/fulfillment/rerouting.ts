/**
 * What fulfillment tells re-routing about a supplier order: whether its lines may go elsewhere
 * (rejected, failed, cancelled, or held by the live re-check: pending and not due), the supplier
 * order locked with its supplier, and which supplier order each new line landed in.
 * The re-routing itself is orders/reroute.ts: it moves allocations, which orders own.
 */
import type { Transaction } from 'kysely';
import type { DB, SupplierOrderStatus } from '../db/types.js';
import { NotFoundError } from '../errors.js';

/** A supplier order in one of these will not fill its lines. */
export const REROUTABLE: readonly SupplierOrderStatus[] = ['rejected', 'failed', 'cancelled'];

/**
 * Re-routes a supplier order's lines inside the caller's transaction. orders/ provides it and the
 * composition root hands it to dispatch and the webhooks when REROUTE_ON_REJECTION is on
 * (fulfillment cannot call orders/ itself).
 */
export type RerouteLines = (trx: Transaction<DB>, supplierOrderId: number) => Promise<void>;

export interface SupplierOrderToReroute {
  id: number;
  orderId: number;
  orderNumber: string;
  status: SupplierOrderStatus;
  supplierId: number;
  supplierCode: string;
  lastError: string | null;
  /** Pending, never sent and not due: held by the live re-check for an operator. */
  held: boolean;
}

/** The supplier order, locked FOR UPDATE when `lock` (the customer order is locked first by the caller). */
export async function supplierOrderToReroute(
  trx: Transaction<DB>,
  supplierOrderId: number,
  options: { lock: boolean },
): Promise<SupplierOrderToReroute> {
  const query = trx
    .selectFrom('supplier_orders as so')
    .innerJoin('suppliers as s', 's.id', 'so.supplier_id')
    .innerJoin('orders as o', 'o.id', 'so.order_id')
    .select([
      'so.id',
      'so.order_id',
      'o.order_number',
      'so.status',
      'so.supplier_id',
      's.code',
      'so.last_error',
      'so.next_attempt_at',
      'so.submitted_at',
    ])
    .where('so.id', '=', supplierOrderId);
  const row = await (options.lock ? query.forUpdate('so') : query).executeTakeFirst();
  if (!row) throw new NotFoundError(`Supplier order ${supplierOrderId} does not exist`);
  return {
    id: row.id,
    orderId: row.order_id,
    orderNumber: row.order_number,
    status: row.status,
    supplierId: row.supplier_id,
    supplierCode: row.code,
    lastError: row.last_error,
    held: row.status === 'pending' && row.next_attempt_at === null && row.submitted_at === null,
  };
}

/** The supplier order each supplier order line belongs to. */
export async function supplierOrdersOfItems(trx: Transaction<DB>, itemIds: number[]): Promise<Map<number, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('supplier_order_items')
    .select(['id', 'supplier_order_id'])
    .where('id', 'in', itemIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.supplier_order_id]));
}
