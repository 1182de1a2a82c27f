/**
 * Shipping the own-stock part of an order: every reserved unit leaves the warehouse (on hand and
 * reserved both drop, with a 'shipped' adjustment naming the order), in one transaction. The
 * order becomes shipped when nothing else is outstanding, partially_shipped otherwise.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { ConflictError } from '../errors.js';
import { lockOpenOrder } from './lock-order.js';
import { shipFromStock } from '../inventory/fulfillment.js';

export interface ShipResult {
  number: string;
  shippedUnits: number;
  status: string;
}

export async function shipOwnStock(db: Kysely<DB>, number: string, actor: string): Promise<ShipResult> {
  return db.transaction().execute(async (trx) => {
    const order = await lockOpenOrder(trx, number);
    const reserved = await trx
      .updateTable('order_item_allocations')
      .set({ status: 'shipped' })
      .where('order_id', '=', order.id)
      .where('status', '=', 'reserved')
      .returning(['fulfillment_inventory_id', 'quantity'])
      .execute();
    if (reserved.length === 0) throw new ConflictError(`Order ${number} has no own-stock units waiting to ship`);
    await shipFromStock(
      trx,
      reserved.map((a) => ({ inventoryId: a.fulfillment_inventory_id!, quantity: a.quantity, orderId: order.id })),
      actor,
    );
    // Outstanding: supplier lines not yet shipped or delivered (cancelled ones do not count).
    const { rows } = await sql<{ outstanding: number }>`
      SELECT count(*)::int AS outstanding FROM supplier_orders
       WHERE order_id = ${order.id} AND status NOT IN ('shipped', 'delivered', 'cancelled', 'rejected')`.execute(trx);
    const status = rows[0]!.outstanding > 0 ? 'partially_shipped' : 'shipped';
    await trx.updateTable('orders').set({ status }).where('id', '=', order.id).execute();
    return { number, shippedUnits: reserved.reduce((n, a) => n + a.quantity, 0), status };
  });
}
