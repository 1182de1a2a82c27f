/**
 * A parcel a supplier shipped, however the shop learns of it: a webhook's order.shipped, a row of
 * a tracking file, an operator's mark. One path for all three, in the caller's transaction:
 * work out which open units the parcel carries (planParcel), then change the status through the
 * state machine and, when it applies, store the parcel in supplier_shipments and count its units
 * on the supplier order's lines (applyParcel). A parcel whose carrier and tracking number the
 * supplier order already has is a repeat: refused and logged, its units never counted twice.
 */
import { sql, type Transaction } from 'kysely';
import type { DB, SupplierOrderStatus } from '../db/types.js';
import { InvalidInputError } from '../errors.js';
import { transitionSupplierOrder, type TransitionRequest, type TransitionResult } from './transition.js';

export interface Parcel {
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string | undefined;
  /** The supplier's SKUs and units in this parcel; absent: every unit still open. */
  lines?: { supplierSku: string; quantity: number }[] | undefined;
  shippedAt: Date;
}

interface ShippedLine {
  itemId: number;
  supplierSku: string;
  quantity: number;
}

export interface ParcelPlan {
  supplierOrderId: number;
  parcel: Parcel;
  lines: ShippedLine[];
  /** The status the parcel leads to: shipped once no unit is left open. */
  to: Extract<SupplierOrderStatus, 'shipped' | 'partially_shipped'>;
  /** The id of the stored parcel with the same carrier and tracking number, if any. */
  repeatOf?: number;
}

/** Where a problem with parcel line n is reported: a JSON pointer, or a column of a file. */
export type LinePath = (n: number, field: 'supplierSku' | 'quantity') => string;

/**
 * The units this parcel carries per supplier order line. Throws InvalidInputError naming the
 * line (through linePath) for a SKU that is not in the supplier order or more units than are open.
 */
export async function planParcel(
  trx: Transaction<DB>,
  supplierOrderId: number,
  parcel: Parcel,
  linePath: LinePath,
): Promise<ParcelPlan> {
  const repeat = await trx
    .selectFrom('supplier_shipments')
    .select('id')
    .where('supplier_order_id', '=', supplierOrderId)
    .where('carrier', '=', parcel.carrier)
    .where('tracking_number', '=', parcel.trackingNumber)
    .executeTakeFirst();
  if (repeat) {
    return {
      supplierOrderId,
      parcel,
      lines: [],
      to: parcel.lines ? 'partially_shipped' : 'shipped',
      repeatOf: repeat.id,
    };
  }
  const items = await trx
    .selectFrom('supplier_order_items')
    .select(['id', 'supplier_sku', 'quantity', 'quantity_shipped', 'quantity_cancelled'])
    .where('supplier_order_id', '=', supplierOrderId)
    .orderBy('id')
    .execute();
  const open = new Map(items.map((i) => [i.id, i.quantity - i.quantity_shipped - i.quantity_cancelled]));
  const lines: ShippedLine[] = [];
  if (!parcel.lines) {
    for (const i of items)
      if (open.get(i.id)! > 0) lines.push({ itemId: i.id, supplierSku: i.supplier_sku, quantity: open.get(i.id)! });
    return { supplierOrderId, parcel, lines, to: 'shipped' };
  }
  for (const [n, line] of parcel.lines.entries()) {
    const matching = items.filter((x) => x.supplier_sku === line.supplierSku);
    if (matching.length === 0) {
      throw InvalidInputError.field(linePath(n, 'supplierSku'), `${line.supplierSku} is not in this supplier order`);
    }
    let rest = line.quantity;
    for (const i of matching) {
      const take = Math.min(rest, open.get(i.id)!);
      if (take > 0) {
        lines.push({ itemId: i.id, supplierSku: i.supplier_sku, quantity: take });
        open.set(i.id, open.get(i.id)! - take);
        rest -= take;
      }
    }
    if (rest > 0) {
      throw InvalidInputError.field(
        linePath(n, 'quantity'),
        `more units of ${line.supplierSku} than are still to ship (${line.quantity - rest} open)`,
      );
    }
  }
  const complete = [...open.values()].every((q) => q === 0);
  return { supplierOrderId, parcel, lines, to: complete ? 'shipped' : 'partially_shipped' };
}

export type ParcelChange = Omit<TransitionRequest, 'supplierOrderId' | 'to' | 'at' | 'tracking' | 'refusedBecause'>;

/** The status change of the planned parcel and, when it applies, the parcel and its units. */
export async function applyParcel(
  trx: Transaction<DB>,
  plan: ParcelPlan,
  change: ParcelChange & { source: 'webhook' | 'csv' | 'operator' },
): Promise<TransitionResult & { repeat: boolean }> {
  const { parcel } = plan;
  const result = await transitionSupplierOrder(trx, {
    ...change,
    supplierOrderId: plan.supplierOrderId,
    to: plan.to,
    at: parcel.shippedAt,
    tracking: { carrier: parcel.carrier, number: parcel.trackingNumber, url: parcel.trackingUrl },
    refusedBecause:
      plan.repeatOf === undefined
        ? undefined
        : `parcel ${parcel.carrier} ${parcel.trackingNumber} is already recorded (shipment ${plan.repeatOf})`,
  });
  if (result.applied) await storeParcel(trx, plan, change.source);
  return { ...result, repeat: plan.repeatOf !== undefined };
}

/**
 * The parcel, its units on the items, and the order's totals (units shipped, parcels with
 * tracking and their upload hours; read by the performance metrics) in step with both.
 */
async function storeParcel(trx: Transaction<DB>, plan: ParcelPlan, source: 'webhook' | 'csv' | 'operator') {
  const { parcel } = plan;
  const units = plan.lines.reduce((n, l) => n + l.quantity, 0);
  const lines = JSON.stringify(plan.lines.map((l) => ({ supplierSku: l.supplierSku, quantity: l.quantity })));
  await sql`
    WITH parcel AS (
      INSERT INTO supplier_shipments (supplier_order_id, carrier, tracking_number, tracking_url, lines, source, shipped_at)
      VALUES (${plan.supplierOrderId}, ${parcel.carrier}, ${parcel.trackingNumber}, ${parcel.trackingUrl ?? null},
              ${lines}::jsonb, ${source}, ${parcel.shippedAt})
      RETURNING supplier_order_id, tracking_number, created_at, shipped_at
    )
    UPDATE supplier_orders so
       SET units_shipped = so.units_shipped + ${units},
           tracked_parcels = so.tracked_parcels + (p.tracking_number IS NOT NULL)::int,
           tracking_hours = so.tracking_hours
             + CASE WHEN p.tracking_number IS NOT NULL THEN extract(epoch FROM p.created_at - p.shipped_at) / 3600 ELSE 0 END
      FROM parcel p
     WHERE so.id = p.supplier_order_id`.execute(trx);
  for (const line of plan.lines) {
    await trx
      .updateTable('supplier_order_items')
      .set({ quantity_shipped: sql<number>`quantity_shipped + ${line.quantity}` })
      .where('id', '=', line.itemId)
      .execute();
  }
}
