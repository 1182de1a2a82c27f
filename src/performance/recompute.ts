/**
 * The recompute: one INSERT ... SELECT ... ON CONFLICT for every supplier (or one) and every
 * period, set-based in SQL. It reads the supplier orders of the months the rolling windows touch
 * (from the first day of the month 89 days ago) and, of the older months up to 12 calendar months
 * back, only those of a supplier's months where an order changed since that supplier's last
 * recompute (its updated_at, with a margin for transactions still open then); the other old
 * months keep their rows, which nothing but a change to their orders can alter. `full` reads
 * every month of the horizon (after PERFORMANCE_MIN_ORDERS or the rating changed).
 * Indexes keep the scheduled run from reading every order (migration 022): the recent months come
 * from the created_at index, the changed orders from the updated_at index, and their whole months
 * from the (supplier_id, created_at) index.
 * Their facts (facts.ts, the totals of their items and parcels included, as each order row carries
 * them) are summed per supplier, month and age, and the sums add up to the periods (their calendar
 * month, and the rolling windows ending today, UTC). The 90th percentile of handling times comes
 * from their distribution in steps of 0.01 h. Every supplier gets its rolling windows, with or
 * without orders (then the neutral rating), so the newest 30-day row routing reads is today's.
 * A second run on the same day updates the same rows (the period key).
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { FACT_COLUMNS, ORDER_SUMS, PERIOD_METRICS, roundedHours, SENT } from './facts.js';
import { ROLLING_DAYS } from './periods.js';
import { ratedSql, ratingSql } from './rating.js';

export interface RecomputeOptions {
  /** PERFORMANCE_MIN_ORDERS: under it, the neutral rating. */
  minOrders: number;
  /** Only this supplier. */
  supplierId?: number | undefined;
  /** Every month of the horizon, changed or not. */
  full?: boolean | undefined;
}

/**
 * How long before a supplier's last recompute an order's change still counts as new: a change
 * committed after that recompute read the orders carries the time its transaction began.
 */
const CHANGE_MARGIN = `interval '10 minutes'`;

export interface RecomputeResult {
  /** supplier_performance rows written (inserted or updated). */
  rows: number;
  ms: number;
}

/**
 * Orders are summed per supplier, calendar month and age: the index of the first rolling window
 * they fall in (0: the last 7 days, 1: 30, 2: 90, 3: older). A month takes its own sums, a
 * window the ages up to its index.
 */
const ageBucket = `CASE ${ROLLING_DAYS.map((d, i) => `WHEN so.created_at >= b.since_${d} THEN ${i}`).join(' ')}
  ELSE ${ROLLING_DAYS.length} END`;
// The first instant of each window and of the horizon, once (not per order).
const oldest = Math.max(...ROLLING_DAYS);
const since = ROLLING_DAYS.map((d) => `((today - ${d - 1})::timestamp AT TIME ZONE 'UTC') AS since_${d}`).join(', ');
const windows = ROLLING_DAYS.map((d, i) => `('rolling', '${d}d', b.today - ${d - 1}, b.today, ${i})`).join(', ');
const inPeriod = (part: string) =>
  `CASE WHEN p.kind = 'month' THEN ${part}.month = p.first_day ELSE ${part}.age <= p.ages END`;

export async function recomputePerformance(trx: Transaction<DB>, options: RecomputeOptions): Promise<RecomputeResult> {
  const started = performance.now();
  // A one-off statement over a year of orders: compiling it (JIT) costs more than it saves, and
  // its hash tables fit in memory.
  await sql`SET LOCAL jit = off`.execute(trx);
  await sql`SET LOCAL work_mem = '128MB'`.execute(trx);
  const changedSince = options.full ? undefined : await earliestChange(trx, options.supplierId);
  const result = await recomputeStatement({ ...options, changedSince }).execute(trx);
  return { rows: Number(result.numAffectedRows ?? 0n), ms: Math.round(performance.now() - started) };
}

/**
 * The earliest change an incremental recompute must see: the oldest of the suppliers' last
 * recomputes, less the margin ('-infinity' while a supplier has none). Passed to the statement as
 * a value, so that the planner reads only the orders changed since from the updated_at index.
 */
async function earliestChange(trx: Transaction<DB>, supplierId: number | undefined): Promise<string> {
  // as text, which reads back the same in this session ('-infinity' included)
  const { rows } = await sql<{ since: string }>`
    SELECT (coalesce(min(coalesce(last.at, '-infinity')), 'infinity') - ${sql.raw(CHANGE_MARGIN)})::text AS since
      FROM (SELECT s.id, max(sp.computed_at) AS at
              FROM suppliers s LEFT JOIN supplier_performance sp ON sp.supplier_id = s.id
             WHERE ${supplierId === undefined ? sql`true` : sql`s.id = ${supplierId}`}
             GROUP BY s.id) last`.execute(trx);
  return rows[0]!.since;
}

// The first instants of the horizon (12 calendar months back) and of the months the rolling
// windows touch, as expressions of now(): the planner evaluates them when it estimates how many
// orders an index range holds (a value from a CTE would be unknown to it).
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const HORIZON = `((date_trunc('month', ${TODAY}) - interval '12 months')::timestamp AT TIME ZONE 'UTC')`;
const RECENT = `(date_trunc('month', ${TODAY} - ${oldest - 1})::timestamp AT TIME ZONE 'UTC')`;
const MONTH = `date_trunc('month', so.created_at AT TIME ZONE 'UTC')::date`;

/** The statement: `changedSince` (from earliestChange) adds the older months with a change. */
function recomputeStatement(options: RecomputeOptions & { changedSince?: string | undefined }) {
  const only = (column: string) =>
    options.supplierId === undefined ? sql`` : sql`AND ${sql.ref(column)} = ${options.supplierId}`;
  const factsOf = sql.raw(`so.supplier_id, ${MONTH} AS month, ${ageBucket} AS age, ${FACT_COLUMNS}`);
  return sql`
    WITH bounds AS MATERIALIZED (
      SELECT ${sql.raw(since)} FROM (SELECT ${sql.raw(TODAY)} AS today) d
    ),
    facts AS MATERIALIZED (
      -- the months the rolling windows touch (every month of the horizon when full)
      SELECT ${factsOf}
        FROM supplier_orders so
        CROSS JOIN bounds b
       WHERE so.created_at >= ${sql.raw(options.full ? HORIZON : RECENT)} AND ${sql.raw(SENT)} ${only('so.supplier_id')}
      ${
        options.changedSince === undefined
          ? sql``
          : sql`
      UNION ALL
      -- the older months with an order changed since its supplier's last recompute, whole
      SELECT ${factsOf}
        FROM (SELECT DISTINCT so.supplier_id, ${sql.raw(MONTH)} AS month
                FROM supplier_orders so
                LEFT JOIN (SELECT supplier_id, max(computed_at) AS at FROM supplier_performance GROUP BY 1) last
                       ON last.supplier_id = so.supplier_id
               WHERE so.updated_at >= ${options.changedSince}::timestamptz
                 AND so.created_at >= ${sql.raw(HORIZON)} AND so.created_at < ${sql.raw(RECENT)} ${only('so.supplier_id')}
                 AND (last.at IS NULL OR so.updated_at >= last.at - ${sql.raw(CHANGE_MARGIN)})) changed
        -- a month at a time from the (supplier_id, created_at) index; OFFSET 0 keeps the planner
        -- from joining all orders to the few changed months in one hash join instead
        CROSS JOIN LATERAL (
          SELECT * FROM supplier_orders so
           WHERE so.supplier_id = changed.supplier_id
             AND so.created_at >= changed.month::timestamp AT TIME ZONE 'UTC'
             AND so.created_at < (changed.month + interval '1 month')::timestamp AT TIME ZONE 'UTC'
             AND ${sql.raw(SENT)}
          OFFSET 0) so
        CROSS JOIN bounds b`
      }
    ),
    parts AS (
      SELECT f.supplier_id, f.month, f.age, ${sql.raw(ORDER_SUMS)} FROM facts f GROUP BY 1, 2, 3
    ),
    handling AS (
      -- in steps of 0.01 h (36 s), half away from zero as numeric's round(); date_part's float is
      -- exact for whole seconds and far cheaper per order than extract's numeric. Counted per
      -- whole step (a float) and turned into numeric hours per step, not per order.
      SELECT supplier_id, month, age, steps::numeric / 100 AS hours, n
        FROM (SELECT f.supplier_id, f.month, f.age, s.steps, count(*) AS n
                FROM facts f
                CROSS JOIN LATERAL (SELECT date_part('epoch', f.handling) / 36 AS x) e
                CROSS JOIN LATERAL (SELECT sign(e.x) * floor(abs(e.x) + 0.5) AS steps) s
               WHERE f.handling IS NOT NULL GROUP BY 1, 2, 3, 4) per_step
    ),
    periods AS (
      SELECT s.id AS supplier_id, w.kind, w.label, w.first_day, w.last_day, w.ages
        FROM suppliers s
        CROSS JOIN (SELECT ${sql.raw(TODAY)} AS today) b
        CROSS JOIN LATERAL (VALUES ${sql.raw(windows)}) AS w(kind, label, first_day, last_day, ages)
       WHERE true ${only('s.id')}
      UNION ALL
      SELECT DISTINCT supplier_id, 'month', to_char(month, 'YYYY-MM'), month,
             (month + interval '1 month' - interval '1 day')::date, NULL::int
        FROM parts
    ),
    metrics AS (
      SELECT p.supplier_id, p.kind, p.first_day, p.last_day, ${sql.raw(PERIOD_METRICS)}
        FROM periods p
        JOIN parts d ON d.supplier_id = p.supplier_id AND ${sql.raw(inPeriod('d'))}
       GROUP BY p.supplier_id, p.kind, p.first_day, p.last_day
    ),
    distribution AS (
      SELECT p.supplier_id, p.kind, p.first_day, p.last_day, h.hours,
             sum(sum(h.n)) OVER w AS upto, sum(h.n) AS n,
             0.9 * (sum(sum(h.n)) OVER (PARTITION BY p.supplier_id, p.kind, p.first_day, p.last_day) - 1) AS rank
        FROM periods p
        JOIN handling h ON h.supplier_id = p.supplier_id AND ${sql.raw(inPeriod('h'))}
       GROUP BY p.supplier_id, p.kind, p.first_day, p.last_day, h.hours
      WINDOW w AS (PARTITION BY p.supplier_id, p.kind, p.first_day, p.last_day ORDER BY h.hours)
    ),
    p90 AS (
      -- percentile_cont(0.9): the values at 0-based ranks floor(rank) and ceil(rank), interpolated
      SELECT supplier_id, kind, first_day, last_day,
             ${sql.raw(
               roundedHours(`min(hours) FILTER (WHERE upto - n <= floor(rank) AND floor(rank) < upto)
               + (max(rank) - floor(max(rank)))
               * (min(hours) FILTER (WHERE upto - n <= ceil(rank) AND ceil(rank) < upto)
                  - min(hours) FILTER (WHERE upto - n <= floor(rank) AND floor(rank) < upto))`),
             )} AS p90_handling_hours
        FROM distribution GROUP BY supplier_id, kind, first_day, last_day
    ),
    rows AS (
      SELECT p.supplier_id, p.kind, p.label, p.first_day, p.last_day,
             coalesce(m.orders_count, 0) AS orders_count, coalesce(m.items_ordered, 0) AS items_ordered,
             coalesce(m.items_shipped, 0) AS items_shipped, m.fill_rate, m.acceptance_rate, m.on_time_ship_rate,
             m.mean_handling_hours, q.p90_handling_hours, m.mean_ack_hours, m.cancellation_rate,
             m.mean_tracking_upload_hours
        FROM periods p
        LEFT JOIN metrics m USING (supplier_id, kind, first_day, last_day)
        LEFT JOIN p90 q USING (supplier_id, kind, first_day, last_day)
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
      rating = EXCLUDED.rating, rated = EXCLUDED.rated, computed_at = EXCLUDED.computed_at`;
}
