/**
 * Writing supplier orders: creating them from routed lines (one supplier_orders row per supplier
 * with its supplier_order_items and their units counted on it, status pending, next_attempt_at now,
 * and the dispatch job when the
 * supplier submits automatically) and cancelling them: one at an operator's request, or those of
 * a cancelled customer order. Costs are exact: units x unit cost, the supplier's per-order fee and
 * its shipping rule applied to the supplier order's goods.
 */
import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB, SupplierOrderStatus } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { enqueueDispatch } from './dispatch/job-queue.js';
import { transitionSupplierOrder, type TransitionResult } from './transition.js';
import { fromUnits, toUnits } from '../money.js';
import { shippingCost, type ShippingCostRule } from '../suppliers/shipping.js';

/** The supplier's offer a routed line goes to: what the supplier order needs of it. */
export interface SupplierOffer {
  supplierId: number;
  supplierCode: string;
  catalogId: number;
  productId: number;
  supplierSku: string;
  currency: string;
  unitCost: string;
  perOrderFee: string;
  shippingRule: ShippingCostRule;
}

export interface SupplierLine {
  offer: SupplierOffer;
  orderItemId: number;
  quantity: number;
}

/** What one supplier order of a set of routed lines carries, computed exactly from its lines. */
interface SupplierOrderHeader {
  supplierId: number;
  supplierCode: string;
  currency: string;
  subtotalCost: string;
  perOrderFee: string;
  shippingCost: string;
  unitsOrdered: number;
}

/** One header per supplier, in the order the suppliers first appear among the lines. */
function supplierOrderHeaders(lines: readonly { offer: SupplierOffer; quantity: number }[]): SupplierOrderHeader[] {
  const bySupplier = new Map<number, { offer: SupplierOffer; quantity: number }[]>();
  for (const line of lines)
    bySupplier.set(line.offer.supplierId, [...(bySupplier.get(line.offer.supplierId) ?? []), line]);
  return [...bySupplier.entries()].map(([supplierId, group]) => {
    const offer = group[0]!.offer;
    const goods = group.reduce((sum, l) => sum + toUnits(l.offer.unitCost) * BigInt(l.quantity), 0n);
    const pieces = group.reduce((n, l) => n + l.quantity, 0);
    return {
      supplierId,
      supplierCode: offer.supplierCode,
      currency: offer.currency,
      subtotalCost: fromUnits(goods),
      perOrderFee: offer.perOrderFee,
      shippingCost: fromUnits(shippingCost(offer.shippingRule, goods, pieces), 2),
      unitsOrdered: pieces,
    };
  });
}

/** The per-order fee and shipping each supplier's order of these lines will carry (for profit per line). */
export function supplierOrderCharges(
  lines: readonly { offer: SupplierOffer; quantity: number }[],
): Map<number, { perOrderFee: string; shipping: string }> {
  return new Map(
    supplierOrderHeaders(lines).map((h) => [h.supplierId, { perOrderFee: h.perOrderFee, shipping: h.shippingCost }]),
  );
}

/** The part of a supplier order's idempotency key after the order number and the supplier's code. */
const keySuffix = () => randomUUID().slice(0, 8);

/** Creates the supplier orders; returns the supplier_order_items id of each line, in input order. */
export async function createSupplierOrders(
  trx: Transaction<DB>,
  order: { id: number; number: string },
  lines: SupplierLine[],
): Promise<number[]> {
  if (lines.length === 0) return [];
  const headers = supplierOrderHeaders(lines).map((h) => ({
    order_id: order.id,
    supplier_id: h.supplierId,
    idempotency_key: `${order.number}/${h.supplierCode}/${keySuffix()}`,
    currency: h.currency,
    subtotal_cost: h.subtotalCost,
    per_order_fee: h.perOrderFee,
    shipping_cost: h.shippingCost,
    units_ordered: h.unitsOrdered,
  }));
  // method, ship_by and next_attempt_at come from the supplier row, in SQL.
  const inserted = await sql<{ id: number; supplier_id: number }>`
    INSERT INTO supplier_orders (order_id, supplier_id, idempotency_key, currency, subtotal_cost, per_order_fee,
                                 shipping_cost, units_ordered, method, status, next_attempt_at, ship_by)
    SELECT h.order_id, h.supplier_id, h.idempotency_key, h.currency, h.subtotal_cost, h.per_order_fee,
           h.shipping_cost, h.units_ordered, s.order_method, 'pending', now(), ${shipBy}
      FROM jsonb_to_recordset(${JSON.stringify(headers)}::jsonb) AS h(order_id bigint, supplier_id bigint,
             idempotency_key text, currency char(3), subtotal_cost numeric, per_order_fee numeric, shipping_cost numeric,
             units_ordered integer)
      JOIN suppliers s ON s.id = h.supplier_id
    RETURNING id, supplier_id`.execute(trx);
  const headerOf = new Map(inserted.rows.map((r) => [r.supplier_id, r.id]));

  const items = lines.map((l) => ({
    supplier_order_id: headerOf.get(l.offer.supplierId)!,
    order_item_id: l.orderItemId,
    supplier_catalog_id: l.offer.catalogId,
    product_id: l.offer.productId,
    supplier_sku: l.offer.supplierSku,
    quantity: l.quantity,
    unit_cost: l.offer.unitCost,
  }));
  const rows = await trx.insertInto('supplier_order_items').values(items).returning('id').execute();
  await enqueueAutoSubmit(
    trx,
    inserted.rows.map((r) => r.id),
  );
  return rows.map((r) => r.id);
}

/** A routed line of an order written in one statement: its order item is known by the line's number. */
export interface PlacedSupplierLine {
  offer: SupplierOffer;
  /** The order line (0-based) whose item the supplier order line fills. */
  line: number;
  quantity: number;
}

/**
 * The supplier orders of an order that is written in one statement (orders/ composes it), as
 * common table expressions: the same rows createSupplierOrders writes. What the statement must
 * give them: `order` (the new order's id and number, as SQL expressions), `items`, a relation of
 * the statement with the order item id of each line (line, id), and `gate`, the condition of every
 * write. What they give back: `new_supplier_orders(id, supplier_id, is_auto)` and
 * `new_supplier_order_items(id, supplier_order_id, order_item_id)`; the dispatch jobs of the
 * supplier orders that submit automatically are the caller's to send (autoSubmitted lists them).
 */
export function supplierOrderCtes(
  order: { id: RawBuilder<number>; number: RawBuilder<string>; isTest: boolean },
  lines: readonly PlacedSupplierLine[],
  items: RawBuilder<unknown>,
  gate: RawBuilder<boolean>,
): RawBuilder<unknown> {
  if (lines.length === 0) {
    return sql`new_supplier_orders AS (SELECT NULL::bigint AS id, NULL::bigint AS supplier_id, false AS is_auto WHERE false),
      new_supplier_order_items AS (
        SELECT NULL::bigint AS id, NULL::bigint AS supplier_order_id, NULL::bigint AS order_item_id WHERE false)`;
  }
  const headers = supplierOrderHeaders(lines).map((h) => ({
    supplier_id: h.supplierId,
    key: `${h.supplierCode}/${keySuffix()}`,
    currency: h.currency,
    subtotal_cost: h.subtotalCost,
    per_order_fee: h.perOrderFee,
    shipping_cost: h.shippingCost,
    units_ordered: h.unitsOrdered,
  }));
  const rows = lines.map((l, n) => ({
    n,
    supplier_id: l.offer.supplierId,
    line: l.line,
    supplier_catalog_id: l.offer.catalogId,
    product_id: l.offer.productId,
    supplier_sku: l.offer.supplierSku,
    quantity: l.quantity,
    unit_cost: l.offer.unitCost,
  }));
  // method, ship_by and next_attempt_at come from the supplier row, in SQL; auto_submit says
  // whether a dispatch job goes with it (never for a test order: jne smoke --order).
  return sql`new_supplier_orders AS (
      INSERT INTO supplier_orders (order_id, supplier_id, idempotency_key, currency, subtotal_cost, per_order_fee,
                                   shipping_cost, units_ordered, method, status, next_attempt_at, ship_by)
      SELECT ${order.id}, h.supplier_id, ${order.number} || '/' || h.key, h.currency, h.subtotal_cost,
             h.per_order_fee, h.shipping_cost, h.units_ordered, s.order_method, 'pending', now(), ${shipBy}
        FROM jsonb_to_recordset(${JSON.stringify(headers)}::jsonb) AS h(supplier_id bigint, key text, currency char(3),
               subtotal_cost numeric, per_order_fee numeric, shipping_cost numeric, units_ordered integer)
        JOIN suppliers s ON s.id = h.supplier_id
       WHERE ${gate}
      RETURNING id, supplier_id, ${sql.lit(!order.isTest)} AND supplier_id IN (SELECT id FROM suppliers WHERE auto_submit) AS is_auto
    ),
    new_supplier_order_items AS (
      INSERT INTO supplier_order_items (supplier_order_id, order_item_id, supplier_catalog_id, product_id, supplier_sku,
                                        quantity, unit_cost)
      SELECT so.id, i.id, l.supplier_catalog_id, l.product_id, l.supplier_sku, l.quantity, l.unit_cost
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS l(n integer, supplier_id bigint, line integer,
               supplier_catalog_id bigint, product_id bigint, supplier_sku text, quantity integer, unit_cost numeric)
        JOIN new_supplier_orders so ON so.supplier_id = l.supplier_id
        JOIN ${items} i ON i.line = l.line
       ORDER BY l.n
      RETURNING id, supplier_order_id, order_item_id
    )`;
}

/** The supplier orders of supplierOrderCtes that get their dispatch job now, in id order. */
export async function enqueuePlacedSupplierOrders(trx: Transaction<DB>, autoSubmitted: number[]): Promise<void> {
  for (const id of [...autoSubmitted].sort((a, b) => a - b)) await enqueueDispatch(trx, id);
}

/**
 * Supplier orders of suppliers with auto_submit get their dispatch job in the same transaction:
 * no order without its job, no job without its order. The others wait for an operator to submit.
 */
async function enqueueAutoSubmit(trx: Transaction<DB>, supplierOrderIds: number[]): Promise<void> {
  const auto = await trx
    .selectFrom('supplier_orders as so')
    .innerJoin('suppliers as s', 's.id', 'so.supplier_id')
    .innerJoin('orders as o', 'o.id', 'so.order_id')
    .select('so.id')
    .where('so.id', 'in', supplierOrderIds)
    .where('s.auto_submit', '=', true)
    // A test order's supplier orders are never sent (jne smoke --order).
    .where('o.is_test', '=', false)
    .orderBy('so.id')
    .execute();
  for (const { id } of auto) await enqueueDispatch(trx, id);
}

/**
 * When the supplier should ship: today in its time zone, or tomorrow after its order cut-off,
 * plus its handling days, by the end of that day. (Calendar days: weekends are not skipped.)
 */
const shipBy = sql`(
  (date_trunc('day', now() AT TIME ZONE s.order_cutoff_timezone)
   + make_interval(days => s.handling_days
       + CASE WHEN s.order_cutoff_time IS NOT NULL
               AND (now() AT TIME ZONE s.order_cutoff_timezone)::time > s.order_cutoff_time THEN 1 ELSE 0 END)
   + interval '23 hours 59 minutes') AT TIME ZONE s.order_cutoff_timezone)`;

export interface SupplierCancellation {
  /** Not yet sent (pending, failed): cancelled here. */
  cancelled: number;
  /** Already sent: the supplier must confirm the cancellation. */
  cancelRequested: number;
}

/** Statuses a cancellation can start from: not yet sent, or sent and not shipped. */
const NOT_SENT: readonly SupplierOrderStatus[] = ['pending', 'failed'];
const SENT_NOT_SHIPPED: readonly SupplierOrderStatus[] = ['submitted', 'acknowledged'];

/**
 * Cancels one supplier order through the state machine: one not yet sent (pending, failed) is
 * cancelled at once; one the supplier has (submitted, acknowledged) becomes cancel_requested,
 * which asks the supplier (transition.ts). Any other status is refused by the table and logged.
 * The caller has locked the supplier order and read its status in this transaction, so a
 * dispatch cannot submit it between the choice and the change.
 */
export function cancelSupplierOrder(
  trx: Transaction<DB>,
  locked: { id: number; status: SupplierOrderStatus },
  by: { actor?: string | undefined; reason: string },
): Promise<TransitionResult> {
  return transitionSupplierOrder(trx, {
    supplierOrderId: locked.id,
    to: SENT_NOT_SHIPPED.includes(locked.status) ? 'cancel_requested' : 'cancelled',
    source: 'operator',
    actor: by.actor,
    reason: by.reason,
    locked: { status: locked.status },
  });
}

/** An operator cancels a supplier order (POST /api/supplier-orders/:id/cancel): cancelSupplierOrder. */
export async function cancelSupplierOrderById(
  trx: Transaction<DB>,
  supplierOrderId: number,
  actor: string,
): Promise<TransitionResult & { orderId: number }> {
  const so = await trx
    .selectFrom('supplier_orders')
    .select(['id', 'status', 'order_id'])
    .where('id', '=', supplierOrderId)
    .forUpdate()
    .executeTakeFirst();
  if (!so) throw new NotFoundError(`Supplier order ${supplierOrderId} does not exist`);
  const result = await cancelSupplierOrder(trx, so, { actor, reason: 'cancelled by an operator' });
  return { ...result, orderId: so.order_id };
}

/**
 * The supplier orders of a cancelled customer order, each as cancelSupplierOrder does (logged as
 * the operator's). Shipped ones are left alone: the caller refuses to cancel an order once
 * anything shipped.
 */
export async function cancelSupplierOrdersOf(
  trx: Transaction<DB>,
  orderId: number,
  actor?: string,
): Promise<SupplierCancellation> {
  const open = await trx
    .selectFrom('supplier_orders')
    .select(['id', 'status'])
    .where('order_id', '=', orderId)
    .where('status', 'in', [...NOT_SENT, ...SENT_NOT_SHIPPED])
    .orderBy('id')
    .forUpdate()
    .execute();
  const result: SupplierCancellation = { cancelled: 0, cancelRequested: 0 };
  for (const so of open) {
    const change = await cancelSupplierOrder(trx, so, { actor, reason: 'the customer order was cancelled' });
    if (change.applied) result[change.to === 'cancelled' ? 'cancelled' : 'cancelRequested'] += 1;
  }
  return result;
}
