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

export async function lockOrder(trx: Transaction<DB>, number: string): Promise<LockedOrder> {
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'order_number', 'status'])
    .where('order_number', '=', number)
    .forUpdate()
    .executeTakeFirst();
  if (!order) throw new NotFoundError(`Order ${number} does not exist`);
  return { id: order.id, number: order.order_number, status: order.status };
}

export async function lockOrderById(trx: Transaction<DB>, id: number): Promise<LockedOrder> {
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'order_number', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!order) throw new NotFoundError(`Order ${id} does not exist`);
  return { id: order.id, number: order.order_number, status: order.status };
}
