/**
 * Cancelling an order, in the caller's transaction: own-stock reservations are released
 * (inventory), supplier orders not yet sent are cancelled and those already sent become
 * cancel_requested (fulfillment), the supplier allocations are cancelled, and the order becomes
 * cancelled. Refused once anything has shipped: that is a return, not a cancellation.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { countSupplierOrders } from '../fulfillment/repository.js';
import { cancelSupplierOrdersOf } from '../fulfillment/supplier-orders.js';
import { releaseReservations } from '../inventory/reservations.js';
import { countShippedFromStock, moveAllocations } from './allocations.js';
import { lockOrder } from './lock.js';
import { changeOrderStatus, OrderStatusError } from './status.js';

export interface CancelResult {
  number: string;
  releasedUnits: number;
  supplierOrdersCancelled: number;
  supplierOrdersCancelRequested: number;
}

export async function cancelOrder(trx: Transaction<DB>, number: string, actor: string): Promise<CancelResult> {
  const order = await lockOrder(trx, number);
  if (order.status === 'cancelled') throw new OrderStatusError(`Order ${number} is already cancelled`);
  const shipped =
    (await countShippedFromStock(trx, order.id)) +
    (await countSupplierOrders(trx, order.id, { in: ['partially_shipped', 'shipped', 'delivered'] }));
  if (shipped > 0) {
    throw new OrderStatusError(`Order ${number} has already shipped (in part): it cannot be cancelled, only returned`);
  }
  const released = await moveAllocations(trx, order.id, 'reserved', 'released');
  await releaseReservations(
    trx,
    released.map((a) => ({ inventoryId: a.inventoryId!, quantity: a.quantity })),
  );
  const suppliers = await cancelSupplierOrdersOf(trx, order.id);
  await moveAllocations(trx, order.id, 'ordered', 'cancelled');
  await changeOrderStatus(trx, order, 'cancelled', { cause: 'cancelled', actor });
  return {
    number,
    releasedUnits: released.reduce((n, r) => n + r.quantity, 0),
    supplierOrdersCancelled: suppliers.cancelled,
    supplierOrdersCancelRequested: suppliers.cancelRequested,
  };
}
