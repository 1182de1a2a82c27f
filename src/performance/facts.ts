/**
 * What one supplier order says about its supplier: the definitions every metric is built from,
 * in one place, for the recompute (all orders at once) and for the orders listed behind a
 * supplier's figures (one page at a time). They read the columns of supplier_orders `so` (which
 * carries the totals of its items and parcels, kept by src/fulfillment/) and are SQL text.
 *
 *   sent                 the supplier got it: submitted, or rejected (a rejection can come with the send)
 *   rejected             the supplier refused it
 *   supplier_cancelled   cancelled after it was sent, without the shop asking (no cancel_requested)
 *   accepted             acknowledged, or shipped without an acknowledgement
 *   shipped              its first parcel left
 *   overdue              still unshipped (submitted or acknowledged) past ship_by
 *   settled              (SETTLED) its outcome is known: shipped, rejected, cancelled by
 *                        the supplier, or overdue (late counts against it at once)
 *   on_time              first parcel by ship_by; unshipped past ship_by: false; otherwise unknown
 *   handling             submitted -> first parcel (an interval: summed exactly, in hours at the end)
 *   ack                  submitted -> acknowledged (an interval)
 *   tracking hours       per parcel with a tracking number: shipped -> the tracking reached the shop
 */
export const SENT = `(so.submitted_at IS NOT NULL OR so.status = 'rejected')`;

/** The facts of the order itself (supplier_orders so only). */
export const ORDER_FACTS = `
  so.status = 'rejected' AS rejected,
  (so.status = 'cancelled' AND so.submitted_at IS NOT NULL AND NOT EXISTS (
     SELECT FROM supplier_order_events e
      WHERE e.supplier_order_id = so.id AND e.to_status = 'cancel_requested' AND e.applied)) AS supplier_cancelled,
  (so.acknowledged_at IS NOT NULL OR so.shipped_at IS NOT NULL) AS accepted,
  so.shipped_at IS NOT NULL AS shipped,
  (so.status IN ('submitted', 'acknowledged') AND so.ship_by < now()) AS overdue,
  CASE WHEN so.shipped_at IS NOT NULL THEN so.shipped_at <= so.ship_by
       WHEN so.status IN ('submitted', 'acknowledged') AND so.ship_by < now() THEN false END AS on_time,
  so.shipped_at - so.submitted_at AS handling,
  so.acknowledged_at - so.submitted_at AS ack`;

/** An interval (or a sum of them) in hours, exact. */
export const inHours = (interval: string) => `extract(epoch FROM ${interval}) / 3600`;

/** Every fact of an order: its own, and the totals of its items and parcels with tracking. */
export const FACT_COLUMNS = `${ORDER_FACTS},
  so.units_ordered AS items_ordered,
  so.units_shipped AS items_shipped,
  CASE WHEN so.tracked_parcels > 0 THEN so.tracking_hours END AS tracking_hours,
  so.tracked_parcels`;

/** Settled (facts as f): its outcome is known, so its units count in the fill rate. */
const SETTLED = '(f.shipped OR f.rejected OR f.supplier_cancelled OR f.overdue)';

/**
 * Per supplier and part of a period (recompute.ts), the sums the metrics are made of (every
 * metric is a ratio of sums, so parts add up to periods), over the orders' facts (f, with
 * FACT_COLUMNS).
 */
export const ORDER_SUMS = `
  count(*) AS orders,
  count(*) FILTER (WHERE f.accepted) AS accepted,
  count(*) FILTER (WHERE f.accepted OR f.rejected) AS answered,
  count(*) FILTER (WHERE f.on_time) AS on_time,
  count(f.on_time) AS due,
  sum(f.handling) AS handling_sum,
  count(f.handling) AS handling_n,
  sum(f.ack) AS ack_sum,
  count(f.ack) AS ack_n,
  count(*) FILTER (WHERE f.supplier_cancelled) AS supplier_cancelled,
  sum(f.items_ordered) AS items_ordered,
  sum(f.items_shipped) AS items_shipped,
  sum(f.items_ordered) FILTER (WHERE ${SETTLED}) AS settled_ordered,
  sum(f.items_shipped) FILTER (WHERE ${SETTLED}) AS settled_shipped,
  sum(f.tracking_hours) AS tracking_sum,
  sum(f.tracked_parcels) AS tracked`;

// Hours fit numeric(8,2); no data stays NULL (greatest() and least() would skip a NULL).
const hours = (expression: string) =>
  `round(CASE WHEN (${expression}) < 0 THEN 0 WHEN (${expression}) > 999999.99 THEN 999999.99 ELSE (${expression}) END, 2)`;

/**
 * The metrics of a period from its days' sums (alias d), as supplier_performance's columns:
 * rates to 4 decimals, hours to 2 (numeric(8,2) caps them).
 *   fill_rate          items shipped / items ordered, over the settled orders
 *   acceptance_rate    accepted / answered
 *   on_time_ship_rate  on time / due (shipped, or unshipped past ship_by)
 *   cancellation_rate  cancelled by the supplier / orders
 */
export const PERIOD_METRICS = `
  sum(d.orders)::int AS orders_count,
  sum(d.items_ordered)::int AS items_ordered,
  sum(d.items_shipped)::int AS items_shipped,
  round(sum(d.settled_shipped)::numeric / nullif(sum(d.settled_ordered), 0), 4) AS fill_rate,
  round(sum(d.accepted)::numeric / nullif(sum(d.answered), 0), 4) AS acceptance_rate,
  round(sum(d.on_time)::numeric / nullif(sum(d.due), 0), 4) AS on_time_ship_rate,
  ${hours(`${inHours('sum(d.handling_sum)')} / nullif(sum(d.handling_n), 0)`)} AS mean_handling_hours,
  ${hours(`${inHours('sum(d.ack_sum)')} / nullif(sum(d.ack_n), 0)`)} AS mean_ack_hours,
  round(sum(d.supplier_cancelled)::numeric / sum(d.orders), 4) AS cancellation_rate,
  ${hours('sum(d.tracking_sum) / nullif(sum(d.tracked), 0)')} AS mean_tracking_upload_hours`;

export { hours as roundedHours };
