/**
 * What a supplier's event does, in the caller's transaction: recorded once per event id (a
 * repeat is answered without a second effect), then the supplier order's status changes through
 * the state machine (an event that arrives out of order is refused there and logged). A
 * shipment stores its parcel and the units it carries; with lines, the order stays partially
 * shipped until every unit has shipped.
 */
import { sql, type Transaction } from 'kysely';
import type { DB, SupplierOrderStatus } from '../../db/types.js';
import { InvalidInputError } from '../../errors.js';
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
    .select('id')
    .where('supplier_id', '=', supplier.id)
    .where('idempotency_key', '=', event.reference)
    .executeTakeFirst();
  if (!order)
    return { applied: false, reason: `no supplier order of ${supplier.code} has the reference ${event.reference}` };

  const shipped = event.type === 'order.shipped' ? await shippedUnits(trx, order.id, event) : undefined;
  const to = shipped ? (shipped.complete ? 'shipped' : 'partially_shipped') : TARGET[event.type as keyof typeof TARGET];
  const result = await transitionSupplierOrder(trx, {
    supplierOrderId: order.id,
    to,
    source: 'webhook',
    actor: supplier.code,
    reason: event.reason ?? event.type,
    payload: event.raw,
    at: event.occurredAt,
    externalReference: event.externalReference,
    tracking: event.shipment && {
      carrier: event.shipment.carrier,
      number: event.shipment.trackingNumber,
      url: event.shipment.trackingUrl,
    },
  });
  if (result.applied && shipped) await recordShipment(trx, order.id, event, shipped.lines);
  await trx
    .updateTable('supplier_webhook_receipts')
    .set({ applied: result.applied, supplier_order_id: order.id })
    .where('supplier_id', '=', supplier.id)
    .where('event_id', '=', event.id)
    .execute();
  return result.applied ? { applied: true } : { applied: false, reason: result.reason! };
}

interface ShippedLine {
  itemId: number;
  supplierSku: string;
  quantity: number;
}

/** The units this parcel carries per supplier order line, and whether every unit has now shipped. */
async function shippedUnits(trx: Transaction<DB>, supplierOrderId: number, event: SupplierEvent) {
  const items = await trx
    .selectFrom('supplier_order_items')
    .select(['id', 'supplier_sku', 'quantity', 'quantity_shipped', 'quantity_cancelled'])
    .where('supplier_order_id', '=', supplierOrderId)
    .orderBy('id')
    .execute();
  const open = new Map(items.map((i) => [i.id, i.quantity - i.quantity_shipped - i.quantity_cancelled]));
  const lines: ShippedLine[] = [];
  if (!event.shipment?.lines) {
    for (const i of items)
      if (open.get(i.id)! > 0) lines.push({ itemId: i.id, supplierSku: i.supplier_sku, quantity: open.get(i.id)! });
  } else {
    for (const [n, line] of event.shipment.lines.entries()) {
      let rest = line.quantity;
      for (const i of items.filter((x) => x.supplier_sku === line.supplierSku)) {
        const take = Math.min(rest, open.get(i.id)!);
        if (take > 0) {
          lines.push({ itemId: i.id, supplierSku: i.supplier_sku, quantity: take });
          open.set(i.id, open.get(i.id)! - take);
          rest -= take;
        }
      }
      if (!items.some((x) => x.supplier_sku === line.supplierSku)) {
        throw InvalidInputError.field(
          `/shipment/lines/${n}/supplierSku`,
          `${line.supplierSku} is not in this supplier order`,
        );
      }
      if (rest > 0) {
        throw InvalidInputError.field(
          `/shipment/lines/${n}/quantity`,
          `more units of ${line.supplierSku} than are still to ship`,
        );
      }
    }
  }
  const complete = [...open.values()].every((q) => q === 0) || !event.shipment?.lines;
  return { lines, complete };
}

async function recordShipment(
  trx: Transaction<DB>,
  supplierOrderId: number,
  event: SupplierEvent,
  lines: ShippedLine[],
) {
  await trx
    .insertInto('supplier_shipments')
    .values({
      supplier_order_id: supplierOrderId,
      carrier: event.shipment!.carrier,
      tracking_number: event.shipment!.trackingNumber,
      tracking_url: event.shipment!.trackingUrl ?? null,
      lines: JSON.stringify(lines.map((l) => ({ supplierSku: l.supplierSku, quantity: l.quantity }))),
      source: 'webhook',
      shipped_at: event.occurredAt,
    })
    .execute();
  for (const line of lines) {
    await trx
      .updateTable('supplier_order_items')
      .set({ quantity_shipped: sql<number>`quantity_shipped + ${line.quantity}` })
      .where('id', '=', line.itemId)
      .execute();
  }
}
