/**
 * What a supplier's event does, in the caller's transaction: recorded once per event id (a
 * repeat is answered without a second effect), then the supplier order's status changes through
 * the state machine (an event that arrives out of order is refused there and logged). A
 * shipment goes the way of every parcel (shipments.ts): stored with the units it carries; with
 * lines, the order stays partially shipped until every unit has shipped. An applied change lets
 * the customer order's status follow (syncOrder). A rejection re-routes the lines at once when
 * `reroute` is given (REROUTE_ON_REJECTION), in the same transaction, before the status follows.
 */
import { sql, type Transaction } from 'kysely';
import type { DB, SupplierOrderStatus } from '../../db/types.js';
import type { SyncOrderStatus } from '../order-sync.js';
import type { RerouteLines } from '../rerouting.js';
import { applyParcel, planParcel, type LinePath } from '../shipments.js';
import { transitionSupplierOrder } from '../transition.js';
import type { SupplierEvent, SupplierEventType } from './event.js';

export interface EventResult {
  applied: boolean;
  reason?: string;
}

const TARGET: Record<Exclude<SupplierEventType, 'order.shipped'>, SupplierOrderStatus> = {
  'order.accepted': 'acknowledged',
  'order.rejected': 'rejected',
  'order.delivered': 'delivered',
  'order.cancelled': 'cancelled',
};

export async function applySupplierEvent(
  trx: Transaction<DB>,
  supplier: { id: number; code: string },
  event: SupplierEvent,
  syncOrder: SyncOrderStatus,
  reroute?: RerouteLines,
): Promise<EventResult> {
  // One statement: the receipt (once per event id) with the supplier order it names, marked
  // applied; set back below in the rare case that the change is refused.
  // The supplier order is locked here too, for the status change below.
  const { rows } = await sql<{
    supplier_order_id: number | null;
    order_id: number | null;
    status: SupplierOrderStatus | null;
  }>`
    WITH target AS (
      SELECT id, order_id, status FROM supplier_orders
       WHERE supplier_id = ${supplier.id} AND idempotency_key = ${event.reference}
         FOR UPDATE)
    INSERT INTO supplier_webhook_receipts (supplier_id, event_id, event_type, applied, supplier_order_id)
    SELECT ${supplier.id}, ${event.id}, ${event.type}, EXISTS (SELECT 1 FROM target), (SELECT id FROM target)
    ON CONFLICT DO NOTHING
    RETURNING supplier_order_id, (SELECT order_id FROM target) AS order_id, (SELECT status FROM target) AS status`.execute(
    trx,
  );
  const receipt = rows[0];
  if (!receipt) return { applied: false, reason: `event ${event.id} was already received` };
  if (receipt.supplier_order_id === null || receipt.order_id === null) {
    return { applied: false, reason: `no supplier order of ${supplier.code} has the reference ${event.reference}` };
  }
  const order = { id: receipt.supplier_order_id, order_id: receipt.order_id, status: receipt.status! };

  const change = {
    source: 'webhook' as const,
    actor: supplier.code,
    reason: event.reason ?? event.type,
    payload: event.raw,
    externalReference: event.externalReference,
  };
  // The parser requires a shipment with order.shipped.
  const result =
    event.type === 'order.shipped'
      ? await applyParcel(
          trx,
          await planParcel(trx, order.id, { ...event.shipment!, shippedAt: event.occurredAt }, linePath),
          change,
        )
      : await transitionSupplierOrder(trx, {
          ...change,
          supplierOrderId: order.id,
          locked: { status: order.status },
          to: TARGET[event.type],
          at: event.occurredAt,
          tracking: event.shipment && {
            carrier: event.shipment.carrier,
            number: event.shipment.trackingNumber,
            url: event.shipment.trackingUrl,
          },
        });
  if (result.applied && event.type === 'order.rejected' && reroute) await reroute(trx, order.id);
  // An acknowledgement of an order already submitted cannot move the customer order (it is
  // processing since the submission): the roll-up is skipped for the most common event.
  if (result.applied && !(event.type === 'order.accepted' && result.from !== 'pending')) {
    await syncOrder(trx, order.order_id, { cause: `supplier ${supplier.code}: ${event.type}`, actor: supplier.code });
  }
  if (!result.applied) {
    await trx
      .updateTable('supplier_webhook_receipts')
      .set({ applied: false })
      .where('supplier_id', '=', supplier.id)
      .where('event_id', '=', event.id)
      .execute();
  }
  return result.applied ? { applied: true } : { applied: false, reason: result.reason! };
}

const linePath: LinePath = (n, field) => `/shipment/lines/${n}/${field}`;
