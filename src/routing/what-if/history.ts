/**
 * The past orders a what-if replays, read set-based: every line of the orders placed in the range
 * (test and cancelled orders left out), in placement order, each with the own-stock units its
 * order really took (reserved or shipped allocations, per inventory row). A range holding more
 * orders than the cap is refused before any line is read, so a what-if cannot run away.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { InvalidInputError } from '../../errors.js';
import type { PlanLine } from '../plan.js';

/** The most orders one what-if replays. */
export const MAX_WHAT_IF_ORDERS = 10_000;

export interface PastLine extends PlanLine {
  orderItemId: number;
  /** order_items.unit_price: what a unit sold for. */
  unitPrice: string;
}

export interface PastOrder {
  id: number;
  number: string;
  currency: string;
  lines: PastLine[];
  /** Own-stock units the order took, per fulfillment_inventory id. */
  ownTaken: Map<number, number>;
}

/** Placed at or after `from`, before `to` (UTC instants). */
export interface PlacedRange {
  from: Date;
  to: Date;
}

export async function loadPastOrders(
  db: Kysely<DB> | Transaction<DB>,
  range: PlacedRange,
  maxOrders = MAX_WHAT_IF_ORDERS,
): Promise<PastOrder[]> {
  const inRange = sql`o.placed_at >= ${range.from} AND o.placed_at < ${range.to} AND NOT o.is_test AND o.status <> 'cancelled'`;
  const { rows: counted } = await sql<{ orders: number }>`
    SELECT count(*)::int AS orders FROM orders o WHERE ${inRange}`.execute(db);
  const orders = counted[0]!.orders;
  if (orders > maxOrders) {
    throw new InvalidInputError(
      `The range holds ${orders} orders; a what-if replays at most ${maxOrders}: choose a shorter range`,
      [{ path: '/to', message: `${orders} orders placed in the range, at most ${maxOrders} are replayed` }],
    );
  }
  const { rows } = await sql<{
    order_id: number;
    order_number: string;
    currency: string;
    item_id: number;
    product_id: number;
    sku: string;
    quantity: number;
    unit_price: string;
    own_taken: { inventoryId: number; quantity: number }[] | null;
  }>`
    SELECT o.id AS order_id, o.order_number, o.currency, oi.id AS item_id, oi.product_id, oi.sku, oi.quantity,
           oi.unit_price::text AS unit_price, own.taken AS own_taken
      FROM orders o
      JOIN order_items oi ON oi.order_id = o.id
      LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('inventoryId', a.fulfillment_inventory_id, 'quantity', a.quantity)) AS taken
          FROM order_item_allocations a
         WHERE a.order_item_id = oi.id AND a.fulfillment_inventory_id IS NOT NULL AND a.status IN ('reserved', 'shipped')
      ) own ON true
     WHERE ${inRange}
     ORDER BY o.placed_at, o.id, oi.id`.execute(db);

  const byId = new Map<number, PastOrder>();
  for (const r of rows) {
    let order = byId.get(r.order_id);
    if (!order) {
      order = { id: r.order_id, number: r.order_number, currency: r.currency.trim(), lines: [], ownTaken: new Map() };
      byId.set(r.order_id, order);
    }
    order.lines.push({
      index: order.lines.length,
      orderItemId: r.item_id,
      productId: r.product_id,
      sku: r.sku,
      quantity: r.quantity,
      unitPrice: r.unit_price,
    });
    for (const t of r.own_taken ?? []) {
      order.ownTaken.set(t.inventoryId, (order.ownTaken.get(t.inventoryId) ?? 0) + t.quantity);
    }
  }
  return [...byId.values()];
}
