/**
 * Cancelling an order, in one transaction: own-stock reservations are released, supplier orders
 * not yet sent are cancelled, those already sent become cancel_requested (the supplier must
 * confirm), and the order is marked cancelled. Refused once anything has shipped.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { ConflictError } from '../errors.js';
import { lockOpenOrder } from './lock-order.js';
import { releaseReservations } from '../inventory/fulfillment.js';

export interface CancelResult {
  number: string;
  releasedUnits: number;
  supplierOrdersCancelled: number;
  supplierOrdersCancelRequested: number;
}

export async function cancelOrder(db: Kysely<DB>, number: string): Promise<CancelResult> {
  return db.transaction().execute(async (trx) => {
    const order = await lockOpenOrder(trx, number);
    const shipped = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM order_item_allocations WHERE order_id = ${order.id} AND status = 'shipped')
           + (SELECT count(*) FROM supplier_orders WHERE order_id = ${order.id}
                AND status IN ('partially_shipped', 'shipped', 'delivered')) AS n`.execute(trx);
    if (Number(shipped.rows[0]!.n) > 0) {
      throw new ConflictError(`Order ${number} has already shipped (in part): it cannot be cancelled, only returned`);
    }
    const released = await trx
      .updateTable('order_item_allocations')
      .set({ status: 'released' })
      .where('order_id', '=', order.id)
      .where('status', '=', 'reserved')
      .returning(['fulfillment_inventory_id', 'quantity'])
      .execute();
    await releaseReservations(
      trx,
      released.map((a) => ({ inventoryId: a.fulfillment_inventory_id!, quantity: a.quantity })),
    );
    const supplierOrders = await sql<{ status: string }>`
      UPDATE supplier_orders
         SET status = CASE WHEN status IN ('pending', 'failed') THEN 'cancelled' ELSE 'cancel_requested' END,
             cancelled_at = CASE WHEN status IN ('pending', 'failed') THEN now() END,
             next_attempt_at = CASE WHEN status IN ('pending', 'failed') THEN NULL ELSE now() END
       WHERE order_id = ${order.id} AND status IN ('pending', 'failed', 'submitted', 'acknowledged')
      RETURNING status`.execute(trx);
    await trx
      .updateTable('order_item_allocations')
      .set({ status: 'cancelled' })
      .where('order_id', '=', order.id)
      .where('status', '=', 'ordered')
      .execute();
    await trx
      .updateTable('orders')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', order.id)
      .execute();
    return {
      number,
      releasedUnits: released.reduce((n, r) => n + r.quantity, 0),
      supplierOrdersCancelled: supplierOrders.rows.filter((r) => r.status === 'cancelled').length,
      supplierOrdersCancelRequested: supplierOrders.rows.filter((r) => r.status === 'cancel_requested').length,
    };
  });
}
