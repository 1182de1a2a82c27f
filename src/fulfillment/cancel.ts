/**
 * Cancelling an order, in one transaction: own-stock reservations are released, supplier orders
 * not yet sent are cancelled, those already sent become cancel_requested (the supplier must
 * confirm), and the order is marked cancelled. Refused once anything has shipped.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { ConflictError, NotFoundError } from '../errors.js';

export interface CancelResult {
  number: string;
  releasedUnits: number;
  supplierOrdersCancelled: number;
  supplierOrdersCancelRequested: number;
}

export async function cancelOrder(db: Kysely<DB>, number: string): Promise<CancelResult> {
  return db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['id', 'status'])
      .where('order_number', '=', number)
      .forUpdate()
      .executeTakeFirst();
    if (!order) throw new NotFoundError(`Order ${number} does not exist`);
    if (order.status === 'cancelled') throw new ConflictError(`Order ${number} is already cancelled`);
    const shipped = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM order_item_allocations WHERE order_id = ${order.id} AND status = 'shipped')
           + (SELECT count(*) FROM supplier_orders WHERE order_id = ${order.id}
                AND status IN ('partially_shipped', 'shipped', 'delivered')) AS n`.execute(trx);
    if (Number(shipped.rows[0]!.n) > 0) {
      throw new ConflictError(`Order ${number} has already shipped (in part): it cannot be cancelled, only returned`);
    }
    // Release in inventory id order, the same lock order as reservation: no deadlocks.
    const released = await sql<{ quantity: number }>`
      WITH released AS (
        UPDATE order_item_allocations SET status = 'released'
         WHERE order_id = ${order.id} AND status = 'reserved'
        RETURNING fulfillment_inventory_id, quantity
      ), per_row AS (
        SELECT fulfillment_inventory_id AS id, sum(quantity)::int AS quantity FROM released GROUP BY 1
      )
      UPDATE fulfillment_inventory fi SET quantity_reserved = fi.quantity_reserved - r.quantity
        FROM per_row r WHERE fi.id = r.id
      RETURNING r.quantity`.execute(trx);
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
      releasedUnits: released.rows.reduce((n, r) => n + r.quantity, 0),
      supplierOrdersCancelled: supplierOrders.rows.filter((r) => r.status === 'cancelled').length,
      supplierOrdersCancelRequested: supplierOrders.rows.filter((r) => r.status === 'cancel_requested').length,
    };
  });
}
