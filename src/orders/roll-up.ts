/**
 * The customer order's status follows from its parts: the own-stock allocations and the supplier
 * orders with their shipped units. One query counts the units (partsOf), a pure function decides
 * (rolledUpStatus), and changeOrderStatus moves the order, only forward, with one event per step.
 * Every path that changes a part calls rollUpOrderStatus in its own transaction: supplier order
 * changes (webhooks, tracking files, operator marks, dispatch: through fulfillment's SyncOrderStatus)
 * and own-stock shipments.
 *
 * The rule, per unit (cancelled parts left out: own units released, a supplier order cancelled
 * or rejected, units a supplier cancelled):
 * - processing: confirmed, and a supplier has the order (any supplier order past pending);
 * - partially_shipped: some units shipped, not all;
 * - shipped: every unit shipped, by the warehouse or a supplier;
 * - delivered: every unit shipped and every supplier order delivered, and no own-stock units: the
 *   shop's own parcels have no carrier feed, so an operator confirms their delivery
 *   (confirmOwnDelivery, delivery.ts) once the suppliers' parts are delivered.
 * Cancelling is a decision about the customer's money: only cancelOrder (cancel.ts) cancels. An
 * order whose supplier parts were all cancelled or rejected keeps its status until an operator
 * re-routes its lines or cancels it.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { lockOrderById } from './lock.js';
import { changeOrderStatus, type OrderStatus, type StatusChange } from './status.js';

export interface OrderParts {
  /** Units still to ship or shipped, cancelled parts left out. */
  units: number;
  shipped: number;
  ownUnits: number;
  /** Units of supplier orders that are delivered. */
  supplierDelivered: number;
  supplierUnits: number;
  /** A supplier order is past pending: a supplier has the order. */
  underWay: boolean;
}

const RANK: Record<OrderStatus, number> = {
  pending: 0,
  confirmed: 1,
  processing: 2,
  partially_shipped: 3,
  shipped: 4,
  delivered: 5,
  cancelled: 6,
};

/** The status the parts call for; pure, so the rule reads in one place. */
export function rolledUpStatus(parts: OrderParts): OrderStatus {
  if (parts.units > 0 && parts.shipped >= parts.units) {
    const allDelivered = parts.supplierUnits > 0 && parts.supplierDelivered >= parts.supplierUnits;
    return allDelivered && parts.ownUnits === 0 ? 'delivered' : 'shipped';
  }
  if (parts.shipped > 0) return 'partially_shipped';
  return parts.underWay ? 'processing' : 'confirmed';
}

/** One query over the order's allocations and supplier order lines. */
export async function partsOf(trx: Transaction<DB>, orderId: number): Promise<OrderParts> {
  const { rows } = await sql<OrderParts>`
    WITH own AS (
      SELECT coalesce(sum(quantity) FILTER (WHERE status IN ('reserved', 'shipped')), 0)::int AS units,
             coalesce(sum(quantity) FILTER (WHERE status = 'shipped'), 0)::int AS shipped
        FROM order_item_allocations
       WHERE order_id = ${orderId} AND source_type <> 'supplier'
    ), supplier AS (
      SELECT so.status,
             CASE WHEN so.status IN ('cancelled', 'rejected') THEN i.quantity_shipped
                  ELSE i.quantity - i.quantity_cancelled END AS units,
             CASE WHEN so.status IN ('shipped', 'delivered') THEN i.quantity - i.quantity_cancelled
                  ELSE least(i.quantity_shipped, i.quantity - i.quantity_cancelled) END AS shipped
        FROM supplier_orders so
        JOIN supplier_order_items i ON i.supplier_order_id = so.id
       WHERE so.order_id = ${orderId}
    )
    SELECT own.units + coalesce(sum(s.units), 0)::int AS units,
           own.shipped + coalesce(sum(s.shipped), 0)::int AS shipped,
           own.units AS "ownUnits",
           coalesce(sum(s.units) FILTER (WHERE s.status = 'delivered'), 0)::int AS "supplierDelivered",
           coalesce(sum(s.units), 0)::int AS "supplierUnits",
           coalesce(bool_or(s.status NOT IN ('pending', 'failed', 'cancelled', 'rejected')), false) AS "underWay"
      FROM own LEFT JOIN supplier s ON true
     GROUP BY own.units, own.shipped`.execute(trx);
  return rows[0]!;
}

/**
 * Moves the order forward to the status its parts call for, in the caller's transaction; no
 * change, no event. Never backwards, and never out of cancelled or pending. Returns the status.
 */
export async function rollUpOrderStatus(
  trx: Transaction<DB>,
  orderId: number,
  change: StatusChange,
): Promise<OrderStatus> {
  const order = await lockOrderById(trx, orderId);
  if (order.status === 'pending' || order.status === 'cancelled') return order.status;
  const target = rolledUpStatus(await partsOf(trx, orderId));
  if (RANK[target] <= RANK[order.status]) return order.status;
  // Delivered comes only after shipped: an order that skipped it takes both steps.
  if (target === 'delivered' && order.status !== 'shipped') await changeOrderStatus(trx, order, 'shipped', change);
  await changeOrderStatus(trx, order, target, change);
  return order.status;
}
