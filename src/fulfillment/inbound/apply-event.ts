/**
 * What a supplier's event does, in the caller's transaction: recorded once per event id (a
 * repeat is answered without a second effect), then the supplier order's status changes through
 * the state machine (an event that arrives out of order is refused there and logged). A
 * shipment goes the way of every parcel (shipments.ts): stored with the units it carries; with
 * lines, the order stays partially shipped until every unit has shipped. An applied change lets
 * the customer order's status follow (syncOrder). A rejection re-routes the lines at once when
 * `reroute` is given (REROUTE_ON_REJECTION), in the same transaction, before the status follows.
 */
import type { Transaction } from 'kysely';
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
  const receipt = await trx
    .insertInto('supplier_webhook_receipts')
    .values({ supplier_id: supplier.id, event_id: event.id, event_type: event.type, applied: false })
    .onConflict((oc) => oc.doNothing())
    .returning('event_id')
    .executeTakeFirst();
  if (!receipt) return { applied: false, reason: `event ${event.id} was already received` };

  const order = await trx
    .selectFrom('supplier_orders')
    .select(['id', 'order_id'])
    .where('supplier_id', '=', supplier.id)
    .where('idempotency_key', '=', event.reference)
    .executeTakeFirst();
  if (!order)
    return { applied: false, reason: `no supplier order of ${supplier.code} has the reference ${event.reference}` };

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
          to: TARGET[event.type],
          at: event.occurredAt,
          tracking: event.shipment && {
            carrier: event.shipment.carrier,
            number: event.shipment.trackingNumber,
            url: event.shipment.trackingUrl,
          },
        });
  if (result.applied && event.type === 'order.rejected' && reroute) await reroute(trx, order.id);
  if (result.applied) {
    await syncOrder(trx, order.order_id, { cause: `supplier ${supplier.code}: ${event.type}`, actor: supplier.code });
  }
  await trx
    .updateTable('supplier_webhook_receipts')
    .set({ applied: result.applied, supplier_order_id: order.id })
    .where('supplier_id', '=', supplier.id)
    .where('event_id', '=', event.id)
    .execute();
  return result.applied ? { applied: true } : { applied: false, reason: result.reason! };
}

const linePath: LinePath = (n, field) => `/shipment/lines/${n}/${field}`;
