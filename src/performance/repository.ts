/**
 * Reading supplier performance: a supplier's figures for a period with the supplier orders they
 * were computed from (each with its facts, facts.ts), and every supplier side by side.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { FACT_COLUMNS, inHours, SENT } from './facts.js';
import type { Period } from './periods.js';

export interface PerformanceFigures {
  supplierId: number;
  code: string;
  name: string;
  period: { kind: 'rolling' | 'month'; label: string; start: string; end: string };
  ordersCount: number;
  itemsOrdered: number;
  itemsShipped: number;
  fillRate: string | null;
  acceptanceRate: string | null;
  onTimeShipRate: string | null;
  meanHandlingHours: string | null;
  p90HandlingHours: string | null;
  meanAckHours: string | null;
  cancellationRate: string | null;
  meanTrackingUploadHours: string | null;
  rating: string | null;
  rated: boolean;
  computedAt: string;
}

export interface OrderFacts {
  id: number;
  orderNumber: string;
  status: string;
  createdAt: string;
  submittedAt: string | null;
  acknowledgedAt: string | null;
  shippedAt: string | null;
  shipBy: string | null;
  itemsOrdered: number;
  itemsShipped: number;
  accepted: boolean;
  rejected: boolean;
  supplierCancelled: boolean;
  onTime: boolean | null;
  handlingHours: string | null;
  ackHours: string | null;
  trackingUploadHours: string | null;
}

export const SORTS = {
  rating: 'sp.rating',
  fillRate: 'sp.fill_rate',
  onTimeShipRate: 'sp.on_time_ship_rate',
  acceptanceRate: 'sp.acceptance_rate',
  cancellationRate: 'sp.cancellation_rate',
  meanHandlingHours: 'sp.mean_handling_hours',
  orders: 'sp.orders_count',
  code: 's.code',
} as const;
export type PerformanceSort = keyof typeof SORTS;

const FIGURES = sql`s.id AS supplier_id, s.code, s.name, sp.period_kind, sp.period_label, sp.period_start::text AS period_start,
  sp.period_end::text AS period_end, sp.orders_count, sp.items_ordered, sp.items_shipped, sp.fill_rate, sp.acceptance_rate,
  sp.on_time_ship_rate, sp.mean_handling_hours, sp.p90_handling_hours, sp.mean_ack_hours, sp.cancellation_rate,
  sp.mean_tracking_upload_hours, sp.rating, sp.rated, sp.computed_at`;

/** Per supplier, its newest row of the period (a rolling window's newest end day, or the month). */
const newestRows = (period: Period) => sql`(
  SELECT DISTINCT ON (supplier_id) * FROM supplier_performance
   WHERE period_kind = ${period.kind} AND period_label = ${period.label}
   ORDER BY supplier_id, period_end DESC)`;

export async function listPerformance(
  db: Kysely<DB>,
  period: Period,
  sort: PerformanceSort,
  descending: boolean,
): Promise<PerformanceFigures[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${FIGURES} FROM ${newestRows(period)} sp JOIN suppliers s ON s.id = sp.supplier_id
     ORDER BY ${sql.raw(SORTS[sort])} ${sql.raw(descending ? 'DESC NULLS LAST' : 'ASC NULLS LAST')}, s.code`.execute(
    db,
  );
  return rows.map(toFigures);
}

export async function supplierPerformance(
  db: Kysely<DB>,
  supplierId: number,
  period: Period,
): Promise<PerformanceFigures | undefined> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${FIGURES} FROM ${newestRows(period)} sp JOIN suppliers s ON s.id = sp.supplier_id
     WHERE sp.supplier_id = ${supplierId}`.execute(db);
  return rows[0] ? toFigures(rows[0]) : undefined;
}

/** The sent supplier orders of a supplier created within the period's days (UTC), newest first. */
export async function ordersBehind(
  db: Kysely<DB>,
  supplierId: number,
  figures: PerformanceFigures,
  page: { limit: number; offset: number },
): Promise<{ items: OrderFacts[]; total: number }> {
  const within = sql`so.supplier_id = ${supplierId} AND ${sql.raw(SENT)}
    AND so.created_at >= (${figures.period.start}::date::timestamp AT TIME ZONE 'UTC')
    AND so.created_at < ((${figures.period.end}::date + 1)::timestamp AT TIME ZONE 'UTC')`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT so.id, o.order_number, so.status, so.created_at, so.submitted_at, so.acknowledged_at, so.shipped_at,
           so.ship_by, f.items_ordered, f.items_shipped, f.accepted, f.rejected, f.supplier_cancelled, f.on_time,
           round(${sql.raw(inHours('f.handling'))}, 2) AS handling_hours, round(${sql.raw(inHours('f.ack'))}, 2) AS ack_hours,
           round(f.tracking_hours / nullif(f.tracked_parcels, 0), 2) AS tracking_upload_hours
      FROM supplier_orders so
      JOIN orders o ON o.id = so.order_id
      CROSS JOIN LATERAL (SELECT ${sql.raw(FACT_COLUMNS)}) f
     WHERE ${within}
     ORDER BY so.created_at DESC, so.id DESC
     LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM supplier_orders so WHERE ${within}`.execute(db);
  return { items: rows.map(toOrderFacts), total: total.rows[0]!.n };
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
const hours = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toFigures(r: Record<string, unknown>): PerformanceFigures {
  return {
    supplierId: r.supplier_id as number,
    code: r.code as string,
    name: r.name as string,
    period: {
      kind: r.period_kind as 'rolling' | 'month',
      label: r.period_label as string,
      start: r.period_start as string,
      end: r.period_end as string,
    },
    ordersCount: r.orders_count as number,
    itemsOrdered: r.items_ordered as number,
    itemsShipped: r.items_shipped as number,
    fillRate: r.fill_rate as string | null,
    acceptanceRate: r.acceptance_rate as string | null,
    onTimeShipRate: r.on_time_ship_rate as string | null,
    meanHandlingHours: r.mean_handling_hours as string | null,
    p90HandlingHours: r.p90_handling_hours as string | null,
    meanAckHours: r.mean_ack_hours as string | null,
    cancellationRate: r.cancellation_rate as string | null,
    meanTrackingUploadHours: r.mean_tracking_upload_hours as string | null,
    rating: r.rating as string | null,
    rated: r.rated as boolean,
    computedAt: (r.computed_at as Date).toISOString(),
  };
}

function toOrderFacts(r: Record<string, unknown>): OrderFacts {
  return {
    id: r.id as number,
    orderNumber: r.order_number as string,
    status: r.status as string,
    createdAt: (r.created_at as Date).toISOString(),
    submittedAt: iso(r.submitted_at),
    acknowledgedAt: iso(r.acknowledged_at),
    shippedAt: iso(r.shipped_at),
    shipBy: iso(r.ship_by),
    itemsOrdered: Number(r.items_ordered),
    itemsShipped: Number(r.items_shipped),
    accepted: r.accepted as boolean,
    rejected: r.rejected as boolean,
    supplierCancelled: r.supplier_cancelled as boolean,
    onTime: (r.on_time as boolean | null) ?? null,
    handlingHours: hours(r.handling_hours),
    ackHours: hours(r.ack_hours),
    trackingUploadHours: hours(r.tracking_upload_hours),
  };
}
