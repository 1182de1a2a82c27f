/**
 * Shipping the own-stock part of an order, in the caller's transaction: every reserved unit
 * leaves the warehouse (inventory: on hand and reserved both drop, with a 'shipped' adjustment
 * naming the order). The order becomes shipped when no supplier order is outstanding,
 * partially_shipped otherwise.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { countSupplierOrders } from '../fulfillment/repository.js';
import { shipFromStock } from '../inventory/reservations.js';
import { moveAllocations } from './allocations.js';
import { lockOrder } from './lock.js';
import { changeOrderStatus, OrderStatusError, type OrderStatus } from './status.js';

export interface ShipResult {
  number: string;
  shippedUnits: number;
  status: OrderStatus;
}

export async function shipOwnStock(trx: Transaction<DB>, number: string, actor: string): Promise<ShipResult> {
  const order = await lockOrder(trx, number);
  if (order.status === 'cancelled') throw new OrderStatusError(`Order ${number} is already cancelled`);
  const reserved = await moveAllocations(trx, order.id, 'reserved', 'shipped');
  if (reserved.length === 0) throw new OrderStatusError(`Order ${number} has no own-stock units waiting to ship`);
  await shipFromStock(
    trx,
    reserved.map((a) => ({ inventoryId: a.inventoryId!, quantity: a.quantity, orderId: order.id })),
    actor,
  );
  // Outstanding: supplier orders not yet shipped (cancelled and rejected ones do not count).
  const outstanding = await countSupplierOrders(trx, order.id, {
    notIn: ['shipped', 'delivered', 'cancelled', 'rejected'],
  });
  const status: OrderStatus = outstanding > 0 ? 'partially_shipped' : 'shipped';
  if (order.status !== status) await changeOrderStatus(trx, order, status, { cause: 'own stock shipped', actor });
  return { number, shippedUnits: reserved.reduce((n, a) => n + a.quantity, 0), status };
}
