/** An order taken for a change of its fulfillment: locked FOR UPDATE, refused once cancelled. */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { ConflictError, NotFoundError } from '../errors.js';

export async function lockOpenOrder(trx: Transaction<DB>, number: string): Promise<{ id: number }> {
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'status'])
    .where('order_number', '=', number)
    .forUpdate()
    .executeTakeFirst();
  if (!order) throw new NotFoundError(`Order ${number} does not exist`);
  if (order.status === 'cancelled') throw new ConflictError(`Order ${number} is already cancelled`);
  return { id: order.id };
}
