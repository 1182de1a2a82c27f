/** Reading orders: the customer's view (number and e-mail must match) and the staff's list. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import * as repo from './repository.js';
import type { Order, OrderQuery, OrderSummary } from './types.js';

/** Without a staff token the e-mail must match; a wrong one looks exactly like a missing order. */
export async function getOrder(
  db: Kysely<DB>,
  number: string,
  viewer: { staff: boolean; email?: string | undefined },
): Promise<Order> {
  if (!viewer.staff && viewer.email === undefined) {
    throw InvalidInputError.field('/email', 'is required: the e-mail address the order was placed with');
  }
  // The e-mail is part of the query: a wrong address and an unknown number take the same work.
  const order = await repo.loadOrder(db, { number, email: viewer.staff ? undefined : viewer.email });
  if (!order) {
    throw new NotFoundError(`there is no order ${number}${viewer.staff ? '' : ' for this e-mail address'}`);
  }
  return order;
}

export function listOrders(db: Kysely<DB>, query: OrderQuery): Promise<{ items: OrderSummary[]; total: number }> {
  if (query.from !== undefined && query.to !== undefined && new Date(query.from) >= new Date(query.to)) {
    throw InvalidInputError.field('/from', `must be before to (${query.to})`);
  }
  return repo.listOrders(db, query);
}
