/**
 * The rating of a supplier from 0 to 5: the one place its weights and scales live.
 *
 *   rating = 5 x (sum of weight x score) / (sum of the weights whose score is known)
 *
 * Each score is a share from 0 (worst) to 1 (best) of one metric of the period:
 *   fillRate        fill_rate: items shipped / items ordered (rejections and the supplier's
 *                   own cancellations count against it)
 *   onTime          on_time_ship_rate: shipped by ship_by
 *   acceptance      acceptance_rate: accepted / answered (accepted or rejected)
 *   noCancellation  1 - cancellation_rate (orders the supplier cancelled itself)
 *   handling        mean submitted -> shipped: 1 up to 24 h, 0 from 120 h, linear between
 *   trackingUpload  mean shipped -> tracking received: 1 up to 4 h, 0 from 48 h, linear between
 * A metric without data in the period (nothing shipped yet, no tracking yet) leaves its weight
 * out. A supplier with fewer orders in the period than PERFORMANCE_MIN_ORDERS, or with no metric
 * known, keeps the neutral rating 2.50 (rated = false): one late parcel does not ruin a new supplier.
 *
 * The rating is computed in SQL from the rounded metrics of the row (ratingSql), so it can be
 * recomputed by hand from what the API shows.
 */
import { sql, type RawBuilder } from 'kysely';

export const RATING_WEIGHTS = {
  fillRate: '0.30',
  onTime: '0.25',
  acceptance: '0.15',
  noCancellation: '0.15',
  handling: '0.10',
  trackingUpload: '0.05',
} as const;

export type RatingFactor = keyof typeof RATING_WEIGHTS;

export const NEUTRAL_RATING = '2.50';

/** Hours at and under which a score is full, and at and over which it is 0. */
export const HANDLING_HOURS = { full: 24, zero: 120 } as const;
export const TRACKING_UPLOAD_HOURS = { full: 4, zero: 48 } as const;

// greatest() and least() skip NULLs: an unknown metric must stay unknown, not score 0.
const linear = (column: string, scale: { full: number; zero: number }) =>
  `(CASE WHEN ${column} IS NOT NULL THEN greatest(0, least(1, (${scale.zero} - ${column}) / ${scale.zero - scale.full}.0)) END)`;

/** Each factor's score over the metric columns of a supplier_performance row. */
export const SCORES: Record<RatingFactor, string> = {
  fillRate: 'fill_rate',
  onTime: 'on_time_ship_rate',
  acceptance: 'acceptance_rate',
  noCancellation: '(1 - cancellation_rate)',
  handling: linear('mean_handling_hours', HANDLING_HOURS),
  trackingUpload: linear('mean_tracking_upload_hours', TRACKING_UPLOAD_HOURS),
};

const factors = Object.keys(RATING_WEIGHTS) as RatingFactor[];
const weighted = factors.map((f) => `coalesce(${RATING_WEIGHTS[f]} * ${SCORES[f]}, 0)`).join(' + ');
const known = factors.map((f) => `CASE WHEN ${SCORES[f]} IS NULL THEN 0 ELSE ${RATING_WEIGHTS[f]} END`).join(' + ');

/** true when the row's rating comes from its metrics (enough orders, at least one metric known). */
export function ratedSql(minOrders: number): RawBuilder<boolean> {
  return sql<boolean>`(orders_count >= ${sql.lit(minOrders)} AND (${sql.raw(known)}) > 0)`;
}

/** The rating of a row with the metric columns of supplier_performance, numeric(3,2). */
export function ratingSql(minOrders: number): RawBuilder<string> {
  return sql<string>`CASE WHEN ${ratedSql(minOrders)}
    THEN round(5 * (${sql.raw(weighted)}) / (${sql.raw(known)}), 2)
    ELSE ${sql.lit(NEUTRAL_RATING)}::numeric END`;
}
