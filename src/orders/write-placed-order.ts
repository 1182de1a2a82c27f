/**
 * A routed order written in one statement: the customer, the order (confirmed, its totals
 * computed from the products' prices in NUMERIC), its items, the stock reservations (inventory/),
 * the supplier orders and their lines (fulfillment/), every allocation with its decision and
 * profit, and the status event pending -> confirmed. Each module contributes the common table
 * expressions of its own tables; this file composes them, so one round trip does what would
 * otherwise take a dozen.
 *
 * The reservation comes first and gates everything else: when some stock row no longer has the
 * units, the statement writes nothing and says so (null), and the caller plans again from fresh
 * figures, as with separate statements.
 */
import { sql, type Transaction } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { DB } from '../db/types.js';
import {
  enqueuePlacedSupplierOrders,
  supplierOrderCtes,
  type PlacedSupplierLine,
} from '../fulfillment/supplier-orders.js';
import { reservationCtes, reservationGate, type StockAllocation } from '../inventory/reservations.js';
import type { LineProfit } from '../profit/line-profit.js';
import { profitColumns } from './allocations.js';
import { randomOrderNumber } from './repository.js';
import { canChangeOrderStatus, type StatusChange } from './status.js';
import type { Address, Order, ShippingRule } from './types.js';

export interface PlacedOrder {
  customer: { email: string; name: string };
  currency: string;
  shippingAddress: Address;
  idempotencyKey: string | null;
  requestHash: string | null;
  isTest: boolean;
  shipping: ShippingRule;
  /** The order's lines in order (line = position, 0-based). */
  lines: { line: number; productId: number; quantity: number }[];
  reservations: StockAllocation[];
  supplierLines: PlacedSupplierLine[];
  allocations: PlacedAllocation[];
  change: StatusChange;
}

/** An allocation as it is stored: where its units come from, the line's decision, its profit. */
export interface PlacedAllocation {
  line: number;
  quantity: number;
  unitCost: string | null;
  decision: unknown;
  profit: LineProfit;
  source:
    { kind: 'own'; sourceType: 'warehouse' | '3pl'; inventoryId: number } | { kind: 'supplier'; supplierId: number };
}

interface Row {
  reserved: boolean;
  id: number | null;
  order_number: string;
  status: Order['status'];
  email: string;
  customer_name: string | null;
  currency: string;
  subtotal: string;
  shipping_total: string;
  tax_total: string;
  total: string;
  placed_at: Date;
  shipping_address: Address;
  item_id: number;
  product_id: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price: string;
  line_total: string;
  dispatch: number[];
}

/** Writes the order; null when a reservation fell short (nothing written). */
export async function writePlacedOrder(trx: Transaction<DB>, order: PlacedOrder): Promise<Order | null> {
  if (!canChangeOrderStatus('pending', 'confirmed')) throw new Error('a routed order must be able to be confirmed');
  const gate = reservationGate;
  const allocations = order.allocations.map((a, position) => ({
    position,
    line: a.line,
    quantity: a.quantity,
    unit_cost: a.unitCost,
    decision: a.decision,
    ...profitColumns(a.profit),
    source_type: a.source.kind === 'own' ? a.source.sourceType : 'supplier',
    inventory_id: a.source.kind === 'own' ? a.source.inventoryId : null,
    supplier_id: a.source.kind === 'supplier' ? a.source.supplierId : null,
    status: a.source.kind === 'own' ? 'reserved' : 'ordered',
  }));
  const { freeOver, flatFee } = order.shipping;
  // Arrays (not JSON) where a table is joined: the planner sees how many rows there are and looks each one up by its key.
  const productIds = order.lines.map((l) => l.productId);
  const { rows } = await prepared(sql<Row>`
    WITH ${reservationCtes(order.reservations)},
    new_customer AS (
      INSERT INTO customers (email, name) SELECT ${order.customer.email}, ${order.customer.name} WHERE ${gate}
      ON CONFLICT (lower(email)) DO UPDATE SET name = EXCLUDED.name
      RETURNING id, name
    ),
    order_lines AS (
      SELECT l.line, l.quantity, p.id AS product_id, p.sku, p.name, p.price,
             nextval(pg_get_serial_sequence('order_items', 'id')) AS item_id
        FROM unnest(${order.lines.map((l) => l.line)}::integer[], ${productIds}::bigint[],
                    ${order.lines.map((l) => l.quantity)}::integer[]) AS l(line, product_id, quantity)
        JOIN products p ON p.id = l.product_id
       WHERE p.id = ANY(${productIds}::bigint[])
       ORDER BY l.line
    ),
    order_totals AS (
      SELECT t.subtotal,
             CASE WHEN ${freeOver ?? null}::numeric IS NOT NULL AND t.subtotal >= ${freeOver ?? null}::numeric
                  THEN 0 ELSE ${flatFee}::numeric END AS shipping
        FROM (SELECT coalesce(sum(price * quantity), 0) AS subtotal FROM order_lines) t
    ),
    new_order AS (
      INSERT INTO orders (order_number, customer_id, email, currency, shipping_address, idempotency_key, request_hash,
                          is_test, status, subtotal, shipping_total, total)
      SELECT ${randomOrderNumber}, (SELECT id FROM new_customer), ${order.customer.email}, ${order.currency},
             ${JSON.stringify(order.shippingAddress)}::jsonb, ${order.idempotencyKey}, ${order.requestHash},
             ${order.isTest}, 'confirmed', t.subtotal, t.shipping, t.subtotal + t.shipping
        FROM order_totals t
       WHERE ${gate}
      RETURNING id, order_number, status, email, currency, subtotal, shipping_total, tax_total, total, placed_at,
                shipping_address
    ),
    new_items AS (
      INSERT INTO order_items (id, order_id, product_id, sku, name, quantity, unit_price, line_total)
      OVERRIDING SYSTEM VALUE
      SELECT l.item_id, o.id, l.product_id, l.sku, l.name, l.quantity, l.price, l.price * l.quantity
        FROM order_lines l CROSS JOIN new_order o
       ORDER BY l.line
      RETURNING id, product_id, sku, name, quantity, unit_price, line_total
    ),
    item_of_line AS (SELECT line, item_id AS id FROM order_lines),
    ${supplierOrderCtes(
      { id: sql`(SELECT id FROM new_order)`, number: sql`(SELECT order_number FROM new_order)`, isTest: order.isTest },
      order.supplierLines,
      sql`item_of_line`,
      gate,
    )},
    new_allocations AS (
      INSERT INTO order_item_allocations (order_id, order_item_id, quantity, unit_cost, decision, revenue, cost, fee_share,
                                          shipping_share, margin, margin_percent, source_type, fulfillment_inventory_id,
                                          supplier_order_item_id, status)
      SELECT o.id, i.id, a.quantity, a.unit_cost, a.decision, a.revenue, a.cost, a.fee_share, a.shipping_share, a.margin,
             a.margin_percent, a.source_type, a.inventory_id, soi.id, a.status
        FROM jsonb_to_recordset(${JSON.stringify(allocations)}::jsonb) AS a(position integer, line integer,
               quantity integer, unit_cost numeric, decision jsonb, revenue numeric, cost numeric, fee_share numeric,
               shipping_share numeric, margin numeric, margin_percent numeric, source_type text, inventory_id bigint,
               supplier_id bigint, status text)
        CROSS JOIN new_order o
        JOIN item_of_line i ON i.line = a.line
        LEFT JOIN new_supplier_orders so ON so.supplier_id = a.supplier_id
        LEFT JOIN new_supplier_order_items soi ON soi.supplier_order_id = so.id AND soi.order_item_id = i.id
       ORDER BY a.position
    ),
    new_status_event AS (
      INSERT INTO order_status_events (order_id, from_status, to_status, cause, actor)
      SELECT id, 'pending', status, ${order.change.cause}, ${order.change.actor} FROM new_order
    )
    SELECT ${gate} AS reserved, o.id, o.order_number, o.status, o.email, c.name AS customer_name, o.currency,
           o.subtotal, o.shipping_total, o.tax_total, o.total, o.placed_at, o.shipping_address,
           i.id AS item_id, i.product_id, i.sku, i.name, i.quantity, i.unit_price, i.line_total,
           (SELECT coalesce(json_agg(id ORDER BY id), '[]') FROM new_supplier_orders WHERE is_auto) AS dispatch
      FROM (SELECT 1) one
      LEFT JOIN new_order o ON true
      LEFT JOIN new_customer c ON true
      LEFT JOIN new_items i ON true
     ORDER BY i.id`).execute(trx);
  const head = rows[0]!;
  if (!head.reserved) return null;
  await enqueuePlacedSupplierOrders(trx, head.dispatch);
  return {
    id: head.id!,
    number: head.order_number,
    status: head.status,
    email: head.email,
    customerName: head.customer_name,
    currency: head.currency,
    subtotal: head.subtotal,
    shippingTotal: head.shipping_total,
    taxTotal: head.tax_total,
    total: head.total,
    placedAt: head.placed_at.toISOString(),
    shippingAddress: head.shipping_address,
    items: rows.map((i) => ({
      id: i.item_id,
      productId: i.product_id,
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unitPrice: i.unit_price,
      lineTotal: i.line_total,
    })),
    shipments: [],
  };
}
