/**
 * The order lifecycle: the statuses an order can have, which changes between them are allowed,
 * and the one function that changes an order's status. Every change is conditional on the status
 * the caller saw (no lost update) and recorded in order_status_events, with its cause and actor,
 * in the caller's transaction. A change the table does not allow throws and writes nothing.
 *
 *   pending ──► confirmed ──► processing ──► partially_shipped ──► shipped ──► delivered
 *      │            │  └────────────┴──────────────┴──────────────────►┘
 *      └────────────┴──────► cancelled (from pending, confirmed or processing: nothing shipped yet)
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, OrderStatus } from '../db/types.js';
import { ConflictError } from '../errors.js';

export type { OrderStatus };

/**
 * pending: written, not yet routed; confirmed: routed (stock reserved, supplier orders created).
 * A Record over every status the database allows: a status added there must be added here.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'partially_shipped', 'shipped', 'cancelled'],
  processing: ['partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export const ORDER_STATUSES = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

export function canChangeOrderStatus(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** The order is not in a status from which this change is allowed. */
export class OrderStatusError extends ConflictError {
  override readonly code = 'order_status';
}

export interface StatusChange {
  /** What made the change, in the shop's words: 'placed and routed', 'cancelled', 'own stock shipped'. */
  cause: string;
  /** Who: a user's e-mail, a token's name, 'customer', 'system'. */
  actor: string;
}

/**
 * Moves the order from `from` to `to`. Throws OrderStatusError, writing nothing, when the table
 * does not allow it or when the order is no longer in `from` (someone changed it meanwhile).
 */
export async function changeOrderStatus(
  trx: Transaction<DB>,
  order: { id: number; number: string; status: OrderStatus },
  to: OrderStatus,
  change: StatusChange,
): Promise<void> {
  if (!canChangeOrderStatus(order.status, to)) {
    const allowed = ORDER_TRANSITIONS[order.status];
    throw new OrderStatusError(
      `Order ${order.number} is ${order.status}: it cannot become ${to}` +
        (allowed.length > 0 ? ` (from ${order.status} it can become ${allowed.join(', ')})` : ''),
    );
  }
  const { rows } = await sql<{ id: number }>`
    WITH changed AS (
      UPDATE orders SET status = ${to},
                        cancelled_at = CASE WHEN ${to} = 'cancelled' THEN now() ELSE cancelled_at END
       WHERE id = ${order.id} AND status = ${order.status}
      RETURNING id
    )
    INSERT INTO order_status_events (order_id, from_status, to_status, cause, actor)
    SELECT id, ${order.status}, ${to}, ${change.cause}, ${change.actor} FROM changed
    RETURNING id`.execute(trx);
  if (rows.length !== 1) {
    throw new OrderStatusError(`Order ${order.number} is no longer ${order.status}: it changed meanwhile, try again`);
  }
  order.status = to;
}

export interface StatusEvent {
  from: OrderStatus;
  to: OrderStatus;
  cause: string;
  actor: string;
  at: string;
}

/** The status history of an order, oldest first. */
export async function statusHistory(db: Kysely<DB>, orderId: number) {
  const rows = await db
    .selectFrom('order_status_events')
    .select(['from_status', 'to_status', 'cause', 'actor', 'created_at'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map((r): StatusEvent => ({
    from: r.from_status,
    to: r.to_status,
    cause: r.cause,
    actor: r.actor,
    at: r.created_at.toISOString(),
  }));
}
