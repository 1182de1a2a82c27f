/**
 * What one supplier order says about its supplier: the definitions every metric is built from,
 * in one place, for the recompute (all orders at once) and for the orders listed behind a
 * supplier's figures (one page at a time). They read the columns of supplier_orders `so`, its
 * item totals `i` (ordered, shipped) and its tracking totals `t` (hours, n) and are SQL text.
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
 *   handling_hours       submitted -> first parcel
 *   ack_hours            submitted -> acknowledged
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
  extract(epoch FROM so.shipped_at - so.submitted_at) / 3600 AS handling_hours,
  extract(epoch FROM so.acknowledged_at - so.submitted_at) / 3600 AS ack_hours`;

/** Every fact of an order: its own, its item totals (i) and its tracking totals (t). */
export const FACT_COLUMNS = `${ORDER_FACTS},
  coalesce(i.ordered, 0) AS items_ordered,
  coalesce(i.shipped, 0) AS items_shipped,
  t.hours AS tracking_hours,
  coalesce(t.n, 0) AS tracked_parcels`;

/** Settled (facts as f): its outcome is known, so its units count in the fill rate. */
const SETTLED = '(f.shipped OR f.rejected OR f.supplier_cancelled OR f.overdue)';

/** Item totals of one supplier order (alias i), for the orders listed behind the figures. */
export const ITEM_TOTALS = `SELECT supplier_order_id, sum(quantity) AS ordered, sum(quantity_shipped) AS shipped
  FROM supplier_order_items`;

/** Tracking totals of one supplier order (alias t): hours summed over its parcels with a tracking number. */
export const TRACKING_TOTALS = `SELECT supplier_order_id,
         sum(extract(epoch FROM created_at - shipped_at) / 3600) AS hours, count(*) AS n
    FROM supplier_shipments WHERE tracking_number IS NOT NULL`;

/**
 * Per supplier and part of a period (recompute.ts), the sums the metrics are made of (every
 * metric is a ratio of sums, so parts add up to periods): of the orders (facts as f), and of
 * what the orders carry (f joined with LINES_AND_PARCELS as x: their items, and their parcels
 * with tracking, in one join).
 */
export const ORDER_SUMS = `
  count(*) AS orders,
  count(*) FILTER (WHERE f.accepted) AS accepted,
  count(*) FILTER (WHERE f.accepted OR f.rejected) AS answered,
  count(*) FILTER (WHERE f.on_time) AS on_time,
  count(f.on_time) AS due,
  sum(f.handling_hours) AS handling_sum,
  count(f.handling_hours) AS handling_n,
  sum(f.ack_hours) AS ack_sum,
  count(f.ack_hours) AS ack_n,
  count(*) FILTER (WHERE f.supplier_cancelled) AS supplier_cancelled`;

/** The items of supplier orders and their parcels with a tracking number, as rows of one kind each. */
export const LINES_AND_PARCELS = `
  SELECT supplier_order_id, 'item' AS kind, quantity, quantity_shipped, NULL::numeric AS tracking_hours
    FROM supplier_order_items
  UNION ALL
  SELECT supplier_order_id, 'parcel', NULL, NULL, extract(epoch FROM created_at - shipped_at) / 3600
    FROM supplier_shipments WHERE tracking_number IS NOT NULL`;

export const LINE_AND_PARCEL_SUMS = `
  sum(x.quantity) AS items_ordered,
  sum(x.quantity_shipped) AS items_shipped,
  sum(x.quantity) FILTER (WHERE ${SETTLED}) AS settled_ordered,
  sum(x.quantity_shipped) FILTER (WHERE ${SETTLED}) AS settled_shipped,
  sum(x.tracking_hours) AS tracking_sum,
  count(*) FILTER (WHERE x.kind = 'parcel') AS tracked`;

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
  ${hours('sum(d.handling_sum) / nullif(sum(d.handling_n), 0)')} AS mean_handling_hours,
  ${hours('sum(d.ack_sum) / nullif(sum(d.ack_n), 0)')} AS mean_ack_hours,
  round(sum(d.supplier_cancelled)::numeric / sum(d.orders), 4) AS cancellation_rate,
  ${hours('sum(d.tracking_sum) / nullif(sum(d.tracked), 0)')} AS mean_tracking_upload_hours`;

export { hours as roundedHours };
