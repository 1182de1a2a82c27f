/**
 * Shipping the own-stock part of an order, in the caller's transaction: every reserved unit
 * leaves the warehouse (inventory: on hand and reserved both drop, with a 'shipped' adjustment
 * naming the order). The order's status then follows its parts (roll-up.ts): shipped when every
 * supplier unit has shipped too, partially_shipped otherwise.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { shipFromStock } from '../inventory/reservations.js';
import { moveAllocations } from './allocations.js';
import { lockOrder } from './lock.js';
import { rollUpOrderStatus } from './roll-up.js';
import { OrderStatusError, type OrderStatus } from './status.js';

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
  const status = await rollUpOrderStatus(trx, order.id, { cause: 'own stock shipped', actor });
  return { number, shippedUnits: reserved.reduce((n, a) => n + a.quantity, 0), status };
}
