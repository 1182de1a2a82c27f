/**
 * Hand-made supplier order histories for the performance metrics and the alarms: each order is
 * written as it would stand after its life (status, timestamps, items, parcels, events), times
 * given in hours before a fixed `now` so every figure is exact.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, SupplierOrderStatus } from '../../src/db/types.js';
import { inTransaction } from '../../src/db/transaction.js';
import { recomputePerformance, type RecomputeOptions } from '../../src/performance/recompute.js';
import { product, supplier } from './dropship.js';

export interface HandOrder {
  status: SupplierOrderStatus;
  /** Hours before now; the supplier order is created then. */
  created: number;
  submitted?: number;
  acknowledged?: number;
  /** The first parcel. */
  shipped?: number;
  /** Negative: in the future. */
  shipBy?: number;
  cancelled?: number;
  quantity?: number;
  /** Units shipped (default: all when shipped, else none). */
  unitsShipped?: number;
  /** The shop asked for the cancellation (a cancel_requested event). */
  cancelRequested?: boolean;
  /** A parcel whose tracking reached the shop this many hours after it shipped. */
  trackingAfter?: number;
  /** The order's tracking number (default: one when trackingAfter is given). */
  trackingNumber?: string | null;
}

let sequence = 0;

export const hoursAgo = (now: Date, hours: number | undefined) =>
  hours === undefined ? null : new Date(now.getTime() - hours * 3_600_000);

/**
 * The rows a recompute writes for a supplier with sent orders created these many hours before now:
 * 7d, 30d, 90d and each calendar month (UTC) the orders fall in, so near a month's start the
 * figure counts last month's row too.
 */
export const periodRowsFor = (now: Date, createdHoursAgo: number[]) =>
  3 + new Set(createdHoursAgo.map((h) => hoursAgo(now, h)!.toISOString().slice(0, 7))).size;

/** A dropship supplier with a product to order. */
export async function handSupplier(db: Kysely<DB>, code: string, setup: Parameters<typeof supplier>[2] = {}) {
  const supplierId = await supplier(db, code, setup);
  const productId = await product(db, `${code}-P`);
  return { supplierId, productId };
}

/** One customer order with one line per hand order, and the supplier orders: their ids. */
export async function handOrders(
  db: Kysely<DB>,
  target: { supplierId: number; productId: number },
  now: Date,
  orders: HandOrder[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const o of orders) {
    sequence += 1;
    const created = hoursAgo(now, o.created)!;
    const order = await db
      .insertInto('orders')
      .values({
        order_number: `HAND-${sequence}-${Math.random().toString(36).slice(2, 8)}`,
        email: 'hand@example.com',
        status: 'confirmed',
        shipping_address: JSON.stringify({ name: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'DE' }),
        placed_at: created,
        created_at: created,
        updated_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const quantity = o.quantity ?? 1;
    const item = await db
      .insertInto('order_items')
      .values({
        order_id: order.id,
        product_id: target.productId,
        sku: 'HAND',
        name: 'Hand',
        quantity,
        unit_price: '20.00',
        line_total: '20.00',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const shipped = o.unitsShipped ?? (o.shipped !== undefined ? quantity : 0);
    const trackingNumber =
      o.trackingNumber !== undefined ? o.trackingNumber : o.trackingAfter !== undefined ? `TN${sequence}` : null;
    // The parcel below, with a tracking number.
    const tracked = o.trackingAfter !== undefined && o.shipped !== undefined && trackingNumber !== null;
    const so = await db
      .insertInto('supplier_orders')
      .values({
        order_id: order.id,
        supplier_id: target.supplierId,
        status: o.status,
        idempotency_key: `hand-${sequence}-${Math.random().toString(36).slice(2, 10)}`,
        submitted_at: hoursAgo(now, o.submitted),
        acknowledged_at: hoursAgo(now, o.acknowledged),
        shipped_at: hoursAgo(now, o.shipped),
        cancelled_at: hoursAgo(now, o.cancelled),
        ship_by: hoursAgo(now, o.shipBy),
        tracking_number: trackingNumber,
        created_at: created,
        updated_at: created,
        // The totals src/fulfillment/ keeps on the order as it writes items and parcels.
        units_ordered: quantity,
        units_shipped: shipped,
        ...(tracked ? { tracked_parcels: 1, tracking_hours: String(o.trackingAfter) } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('supplier_order_items')
      .values({
        supplier_order_id: so.id,
        order_item_id: item.id,
        product_id: target.productId,
        supplier_sku: 'HAND-SKU',
        quantity,
        unit_cost: '8.00',
        quantity_shipped: shipped,
      })
      .execute();
    if (o.trackingAfter !== undefined && o.shipped !== undefined) {
      await db
        .insertInto('supplier_shipments')
        .values({
          supplier_order_id: so.id,
          carrier: 'Hand Parcel',
          tracking_number: trackingNumber,
          source: 'webhook',
          shipped_at: hoursAgo(now, o.shipped)!,
          created_at: hoursAgo(now, o.shipped - o.trackingAfter)!,
        })
        .execute();
    }
    if (o.cancelRequested) {
      await db
        .insertInto('supplier_order_events')
        .values({
          supplier_order_id: so.id,
          from_status: 'acknowledged',
          to_status: 'cancel_requested',
          source: 'operator',
          applied: true,
        })
        .execute();
    }
    ids.push(so.id);
  }
  return ids;
}

/** The stored row of a supplier and period label (the newest one). */
export async function performanceRow(db: Kysely<DB>, supplierId: number, label: string) {
  return db
    .selectFrom('supplier_performance')
    .selectAll()
    .where('supplier_id', '=', supplierId)
    .where('period_label', '=', label)
    .orderBy('period_end', 'desc')
    .executeTakeFirstOrThrow();
}

/** The database's now(), so hand-made times and the recompute's now() agree to the second. */
export async function databaseNow(db: Kysely<DB>): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT date_trunc('second', now()) AS now`.execute(db);
  return rows[0]!.now;
}

/** The recompute in a transaction of its own, as the job and the commands run it. */
export function recompute(db: Kysely<DB>, options: RecomputeOptions) {
  return inTransaction(db, (trx) => recomputePerformance(trx, options));
}
