/**
 * What each line of one order earns, from the figures stored with its allocations (as they were
 * when each was written): the allocations in effect (reserved, shipped, ordered) count, the ones
 * a re-route replaced or a cancellation ended are shown as history. A line without an allocation
 * in effect says so and why; it is never counted as 0.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { totalProfit, type LineProfit } from './line-profit.js';
import type { OrderLineProfitView, OrderProfitView } from './schemas.js';

const IN_EFFECT = ['reserved', 'shipped', 'ordered'];

interface Row {
  orderNumber: string;
  orderStatus: string;
  currency: string;
  placedAt: Date;
  orderItemId: number;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: string;
  unfulfillableReason: string | null;
  allocationId: number | null;
  allocatedQuantity: number | null;
  kind: 'own' | 'supplier' | null;
  source: string | null;
  supplierOrderId: number | null;
  status: string | null;
  replacesAllocationId: number | null;
  recordedAt: Date | null;
  revenue: string | null;
  cost: string | null;
  feeShare: string | null;
  shippingShare: string | null;
  margin: string | null;
  marginPercent: string | null;
}

/** The order's lines with their profit, or undefined when there is no such order. */
export async function orderProfit(db: Kysely<DB>, orderNumber: string): Promise<OrderProfitView | undefined> {
  const { rows } = await sql<Row>`
    SELECT o.order_number AS "orderNumber", o.status AS "orderStatus", o.currency, o.placed_at AS "placedAt",
           oi.id AS "orderItemId", oi.sku, oi.name, oi.quantity, oi.unit_price::text AS "unitPrice",
           oi.unfulfillable_reason AS "unfulfillableReason",
           a.id AS "allocationId", a.quantity AS "allocatedQuantity",
           CASE WHEN a.source_type = 'supplier' THEN 'supplier' WHEN a.id IS NOT NULL THEN 'own' END AS kind,
           coalesce(src.code, s.code) AS source, so.id AS "supplierOrderId", a.status,
           a.replaces_allocation_id AS "replacesAllocationId", a.created_at AS "recordedAt",
           a.revenue::text AS revenue, a.cost::text AS cost, a.fee_share::text AS "feeShare",
           a.shipping_share::text AS "shippingShare", a.margin::text AS margin, a.margin_percent::text AS "marginPercent"
      FROM orders o
      JOIN order_items oi ON oi.order_id = o.id
      LEFT JOIN order_item_allocations a ON a.order_item_id = oi.id
      LEFT JOIN fulfillment_inventory fi ON fi.id = a.fulfillment_inventory_id
      LEFT JOIN inventory_sources src ON src.id = fi.source_id
      LEFT JOIN supplier_order_items soi ON soi.id = a.supplier_order_item_id
      LEFT JOIN supplier_orders so ON so.id = soi.supplier_order_id
      LEFT JOIN suppliers s ON s.id = so.supplier_id
     WHERE o.order_number = ${orderNumber}
     ORDER BY oi.id, a.id`.execute(db);
  const head = rows[0];
  if (!head) return undefined;

  const byLine = new Map<number, Row[]>();
  for (const r of rows) byLine.set(r.orderItemId, [...(byLine.get(r.orderItemId) ?? []), r]);
  const lines = [...byLine.values()].map((group) => lineOf(group, head.orderStatus));
  const counted = lines.filter((l) => l.profit !== null);
  return {
    orderNumber: head.orderNumber,
    status: head.orderStatus,
    currency: head.currency.trim(),
    placedAt: head.placedAt.toISOString(),
    lines,
    totals: {
      profit: counted.length > 0 ? totalProfit(counted.map((l) => l.profit!)) : null,
      linesCounted: counted.length,
      linesNotCounted: lines.length - counted.length,
    },
  };
}

function lineOf(group: Row[], orderStatus: string): OrderLineProfitView {
  const line = group[0]!;
  const allocations = group
    .filter((r) => r.allocationId !== null)
    .map((r) => ({
      allocationId: r.allocationId!,
      quantity: r.allocatedQuantity!,
      kind: r.kind!,
      source: r.source!,
      supplierOrderId: r.supplierOrderId,
      status: r.status!,
      inEffect: IN_EFFECT.includes(r.status!),
      replacesAllocationId: r.replacesAllocationId,
      recordedAt: r.recordedAt!.toISOString(),
      profit: figuresOf(r),
    }));
  const inEffect = allocations.filter((a) => a.inEffect);
  const allocatedQuantity = inEffect.reduce((n, a) => n + a.quantity, 0);
  const base = {
    orderItemId: line.orderItemId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    allocatedQuantity,
    allocations,
  };
  if (inEffect.length === 0) {
    const why =
      orderStatus === 'cancelled'
        ? 'the order is cancelled'
        : (line.unfulfillableReason ?? 'no source holds its units (routing has not placed it)');
    return { ...base, state: 'not_allocated', note: `not allocated: ${why}`, profit: null };
  }
  if (inEffect.some((a) => a.profit === null)) {
    return {
      ...base,
      state: 'not_recorded',
      note: 'allocated before profit was recorded with each allocation: no figures',
      profit: null,
    };
  }
  const profit = totalProfit(inEffect.map((a) => a.profit!));
  if (allocatedQuantity < line.quantity) {
    const missing = line.quantity - allocatedQuantity;
    const why = line.unfulfillableReason ? `: ${line.unfulfillableReason}` : '';
    return {
      ...base,
      state: 'partly_allocated',
      note: `${missing} of ${line.quantity} units not allocated${why}; the figures are those of the other ${allocatedQuantity}`,
      profit,
    };
  }
  return { ...base, state: 'allocated', note: null, profit };
}

function figuresOf(r: Row): LineProfit | null {
  if (r.revenue === null) return null;
  return {
    revenue: r.revenue,
    cost: r.cost,
    feeShare: r.feeShare!,
    shippingShare: r.shippingShare!,
    margin: r.margin,
    marginPercent: r.marginPercent,
  };
}
