/**
 * The shop's own parcels have no carrier feed: an operator confirms that the own-stock part of an
 * order was delivered, once the suppliers' parts are (roll-up.ts stops such an order at shipped).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { lockOrder } from './lock.js';
import { partsOf } from './roll-up.js';
import { changeOrderStatus, OrderStatusError } from './status.js';

export async function confirmOwnDelivery(
  trx: Transaction<DB>,
  number: string,
  actor: string,
): Promise<{ number: string; status: 'delivered' }> {
  const order = await lockOrder(trx, number);
  if (order.status !== 'shipped') {
    throw new OrderStatusError(`Order ${number} is ${order.status}: a delivery is confirmed once everything shipped`);
  }
  const parts = await partsOf(trx, order.id);
  if (parts.supplierDelivered < parts.supplierUnits) {
    throw new OrderStatusError(
      `Order ${number}: ${parts.supplierUnits - parts.supplierDelivered} of ${parts.supplierUnits} supplier ` +
        'units are not delivered yet; their suppliers report the delivery',
    );
  }
  await changeOrderStatus(trx, order, 'delivered', { cause: 'own parcel delivered (confirmed by staff)', actor });
  return { number, status: 'delivered' };
}
