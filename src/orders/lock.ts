/** An order taken for a change of its fulfillment: locked FOR UPDATE until the transaction ends. */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import type { OrderStatus } from './status.js';

export interface LockedOrder {
  id: number;
  number: string;
  status: OrderStatus;
}

export function lockOrder(trx: Transaction<DB>, number: string): Promise<LockedOrder> {
  return lock(trx, 'order_number', number);
}

export function lockOrderById(trx: Transaction<DB>, id: number): Promise<LockedOrder> {
  return lock(trx, 'id', id);
}

async function lock(trx: Transaction<DB>, by: 'id' | 'order_number', value: string | number): Promise<LockedOrder> {
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'order_number', 'status'])
    .where(by, '=', value)
    .forUpdate()
    .executeTakeFirst();
  if (!order) throw new NotFoundError(`Order ${value} does not exist`);
  return { id: order.id, number: order.order_number, status: order.status };
}
