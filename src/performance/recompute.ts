/**
 * The recompute: one INSERT ... SELECT ... ON CONFLICT for every supplier (or one) and every
 * period, set-based in SQL. It reads the supplier orders created in the last 12 calendar months
 * and this one (older months keep their rows), each once: their facts (facts.ts) are spread over
 * the periods they fall in (their month and the rolling windows ending today, UTC) and grouped.
 * Every supplier gets its rolling windows, with or without orders (then the neutral rating), so
 * the latest 30-day row routing reads is always today's. A second run of the same day updates
 * the same rows (the period key).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { FACT_COLUMNS, ITEM_TOTALS, METRIC_COLUMNS, SENT, TRACKING_TOTALS } from './facts.js';
import { ROLLING_DAYS } from './periods.js';
import { ratedSql, ratingSql } from './rating.js';

export interface RecomputeOptions {
  /** PERFORMANCE_MIN_ORDERS: under it, the neutral rating. */
  minOrders: number;
  /** Only this supplier. */
  supplierId?: number | undefined;
}

export interface RecomputeResult {
  /** supplier_performance rows written (inserted or updated). */
  rows: number;
  ms: number;
}

const windows = (today: string) =>
  ROLLING_DAYS.map((d) => `('rolling', '${d}d', ${today} - ${d - 1}, ${today})`).join(', ');

export async function recomputePerformance(
  db: Kysely<DB> | Transaction<DB>,
  options: RecomputeOptions,
): Promise<RecomputeResult> {
  const started = performance.now();
  const only = (column: string) =>
    options.supplierId === undefined ? sql`` : sql`AND ${sql.ref(column)} = ${options.supplierId}`;
  const result = await sql`
    WITH bounds AS (
      SELECT today, (date_trunc('month', today) - interval '12 months')::date AS horizon
        FROM (SELECT (now() AT TIME ZONE 'UTC')::date AS today) d
    ),
    facts AS (
      SELECT so.supplier_id, (so.created_at AT TIME ZONE 'UTC')::date AS day, ${sql.raw(FACT_COLUMNS)}
        FROM supplier_orders so
        CROSS JOIN bounds b
        LEFT JOIN (${sql.raw(ITEM_TOTALS)} GROUP BY supplier_order_id) i ON i.supplier_order_id = so.id
        LEFT JOIN (${sql.raw(TRACKING_TOTALS)} GROUP BY supplier_order_id) t ON t.supplier_order_id = so.id
       WHERE so.created_at >= (b.horizon::timestamp AT TIME ZONE 'UTC') AND ${sql.raw(SENT)} ${only('so.supplier_id')}
    ),
    metrics AS (
      SELECT f.supplier_id, p.kind, p.label, p.first_day, p.last_day, ${sql.raw(METRIC_COLUMNS)}
        FROM facts f
        CROSS JOIN bounds b
        CROSS JOIN LATERAL (VALUES
          ('month', to_char(f.day, 'YYYY-MM'), date_trunc('month', f.day)::date,
           (date_trunc('month', f.day) + interval '1 month' - interval '1 day')::date),
          ${sql.raw(windows('b.today'))}
        ) AS p(kind, label, first_day, last_day)
       WHERE f.day BETWEEN p.first_day AND p.last_day
       GROUP BY f.supplier_id, p.kind, p.label, p.first_day, p.last_day
    ),
    periods AS (
      SELECT s.id AS supplier_id, w.kind, w.label, w.first_day, w.last_day
        FROM suppliers s
        CROSS JOIN bounds b
        CROSS JOIN LATERAL (VALUES ${sql.raw(windows('b.today'))}) AS w(kind, label, first_day, last_day)
       WHERE true ${only('s.id')}
      UNION ALL
      SELECT supplier_id, kind, label, first_day, last_day FROM metrics WHERE kind = 'month'
    ),
    rows AS (
      SELECT p.supplier_id, p.kind, p.label, p.first_day, p.last_day,
             coalesce(m.orders_count, 0) AS orders_count, coalesce(m.items_ordered, 0) AS items_ordered,
             coalesce(m.items_shipped, 0) AS items_shipped, m.fill_rate, m.acceptance_rate, m.on_time_ship_rate,
             m.mean_handling_hours, m.p90_handling_hours, m.mean_ack_hours, m.cancellation_rate,
             m.mean_tracking_upload_hours
        FROM periods p
        LEFT JOIN metrics m USING (supplier_id, kind, label, first_day, last_day)
    )
    INSERT INTO supplier_performance AS sp (
      supplier_id, period_kind, period_label, period_start, period_end, orders_count, items_ordered, items_shipped,
      fill_rate, acceptance_rate, on_time_ship_rate, mean_handling_hours, p90_handling_hours, mean_ack_hours,
      cancellation_rate, mean_tracking_upload_hours, rating, rated, computed_at)
    SELECT supplier_id, kind, label, first_day, last_day, orders_count, items_ordered, items_shipped,
           fill_rate, acceptance_rate, on_time_ship_rate, mean_handling_hours, p90_handling_hours, mean_ack_hours,
           cancellation_rate, mean_tracking_upload_hours, ${ratingSql(options.minOrders)}, ${ratedSql(options.minOrders)},
           now()
      FROM rows
    ON CONFLICT (supplier_id, period_kind, period_start, period_end) DO UPDATE SET
      period_label = EXCLUDED.period_label, orders_count = EXCLUDED.orders_count,
      items_ordered = EXCLUDED.items_ordered, items_shipped = EXCLUDED.items_shipped,
      fill_rate = EXCLUDED.fill_rate, acceptance_rate = EXCLUDED.acceptance_rate,
      on_time_ship_rate = EXCLUDED.on_time_ship_rate, mean_handling_hours = EXCLUDED.mean_handling_hours,
      p90_handling_hours = EXCLUDED.p90_handling_hours, mean_ack_hours = EXCLUDED.mean_ack_hours,
      cancellation_rate = EXCLUDED.cancellation_rate,
      mean_tracking_upload_hours = EXCLUDED.mean_tracking_upload_hours,
      rating = EXCLUDED.rating, rated = EXCLUDED.rated, computed_at = EXCLUDED.computed_at`.execute(db);
  return { rows: Number(result.numAffectedRows ?? 0n), ms: Math.round(performance.now() - started) };
}
