/**
 * Supplier performance per week, for charts: per supplier and calendar week (Monday to Sunday,
 * UTC) of the supplier orders created in it, the orders sent, the on-time ship rate and the mean
 * handling time, by the same definitions as the periods (facts.ts). Read from the supplier
 * orders in one statement; weeks without orders are there with no figures, so every series has
 * the same weeks.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { inHours, ORDER_FACTS, SENT, roundedHours } from './facts.js';

export interface WeekFigures {
  /** The Monday the week starts on, YYYY-MM-DD. */
  week: string;
  orders: number;
  onTimeShipRate: string | null;
  meanHandlingHours: string | null;
}

export interface WeeklySeries {
  supplierId: number;
  code: string;
  name: string;
  weeks: WeekFigures[];
}

export async function weeklyPerformance(
  db: Kysely<DB>,
  options: { weeks: number; supplierId?: number | undefined },
): Promise<{ weeks: string[]; items: WeeklySeries[] }> {
  const only = options.supplierId === undefined ? sql`` : sql`AND s.id = ${options.supplierId}`;
  const { rows } = await sql<{
    supplier_id: number | null;
    code: string;
    name: string;
    week: string;
    orders: number;
    on_time_ship_rate: string | null;
    mean_handling_hours: string | null;
  }>`
    WITH weeks AS (
      SELECT w::date AS week
        FROM generate_series(date_trunc('week', now() AT TIME ZONE 'UTC') - make_interval(weeks => ${options.weeks - 1}),
                             date_trunc('week', now() AT TIME ZONE 'UTC'), interval '1 week') w
    ),
    facts AS (
      SELECT so.supplier_id, date_trunc('week', so.created_at AT TIME ZONE 'UTC')::date AS week, ${sql.raw(ORDER_FACTS)}
        FROM supplier_orders so
       WHERE so.created_at >= ((SELECT min(week) FROM weeks)::timestamp AT TIME ZONE 'UTC') AND ${sql.raw(SENT)}
    ),
    sums AS (
      SELECT f.supplier_id, f.week, count(*) AS orders,
             count(*) FILTER (WHERE f.on_time) AS on_time, count(f.on_time) AS due,
             ${sql.raw(inHours('avg(f.handling)'))} AS handling
        FROM facts f GROUP BY 1, 2
    ),
    listed AS (
      SELECT s.id, s.code, s.name FROM suppliers s
       WHERE (s.status <> 'archived' OR EXISTS (SELECT FROM sums o WHERE o.supplier_id = s.id)) ${only}
    )
    SELECT s.id AS supplier_id, s.code, s.name, w.week::text AS week, coalesce(x.orders, 0)::int AS orders,
           round(x.on_time::numeric / nullif(x.due, 0), 4)::text AS on_time_ship_rate,
           ${sql.raw(roundedHours('x.handling'))}::text AS mean_handling_hours
      FROM weeks w
      LEFT JOIN listed s ON true
      LEFT JOIN sums x ON x.supplier_id = s.id AND x.week = w.week
     ORDER BY s.code, s.id, w.week`.execute(db);
  // A week with no supplier to list still names the week (supplier_id null).
  const weeks = [...new Set(rows.map((r) => r.week))].sort();
  const items = new Map<number, WeeklySeries>();
  for (const r of rows) {
    if (r.supplier_id === null) continue;
    let series = items.get(r.supplier_id);
    if (!series) {
      series = { supplierId: r.supplier_id, code: r.code, name: r.name, weeks: [] };
      items.set(r.supplier_id, series);
    }
    series.weeks.push({
      week: r.week,
      orders: r.orders,
      onTimeShipRate: r.on_time_ship_rate,
      meanHandlingHours: r.mean_handling_hours,
    });
  }
  return { weeks, items: [...items.values()] };
}
