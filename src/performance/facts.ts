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
 *   settled              (in METRIC_COLUMNS) its outcome is known: shipped, rejected, cancelled by
 *                        the supplier, or overdue (late counts against it at once)
 *   on_time              first parcel by ship_by; unshipped past ship_by: false; otherwise unknown
 *   handling_hours       submitted -> first parcel
 *   ack_hours            submitted -> acknowledged
 *   tracking hours       per parcel with a tracking number: shipped -> the tracking reached the shop
 */
export const SENT = `(so.submitted_at IS NOT NULL OR so.status = 'rejected')`;

export const FACT_COLUMNS = `
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
  extract(epoch FROM so.acknowledged_at - so.submitted_at) / 3600 AS ack_hours,
  coalesce(i.ordered, 0) AS items_ordered,
  coalesce(i.shipped, 0) AS items_shipped,
  t.hours AS tracking_hours,
  coalesce(t.n, 0) AS tracked_parcels`;

/** Item totals per supplier order (alias i). */
export const ITEM_TOTALS = `SELECT supplier_order_id, sum(quantity) AS ordered, sum(quantity_shipped) AS shipped
  FROM supplier_order_items`;

/** Tracking totals per supplier order (alias t): hours summed over the parcels with a tracking number. */
export const TRACKING_TOTALS = `SELECT supplier_order_id,
         sum(extract(epoch FROM created_at - shipped_at) / 3600) AS hours, count(*) AS n
    FROM supplier_shipments WHERE tracking_number IS NOT NULL`;

const SETTLED = '(f.shipped OR f.rejected OR f.supplier_cancelled OR f.overdue)';

/**
 * The metrics of a group of facts (alias f), as supplier_performance's columns: rates to 4 decimals,
 * hours to 2 (numeric(8,2) caps them).
 */
export const METRIC_COLUMNS = `
  count(*)::int AS orders_count,
  sum(f.items_ordered)::int AS items_ordered,
  sum(f.items_shipped)::int AS items_shipped,
  round(sum(f.items_shipped) FILTER (WHERE ${SETTLED})::numeric
        / nullif(sum(f.items_ordered) FILTER (WHERE ${SETTLED}), 0), 4) AS fill_rate,
  round(count(*) FILTER (WHERE f.accepted)::numeric
        / nullif(count(*) FILTER (WHERE f.accepted OR f.rejected), 0), 4) AS acceptance_rate,
  round(count(*) FILTER (WHERE f.on_time)::numeric / nullif(count(f.on_time), 0), 4) AS on_time_ship_rate,
  round(least(avg(f.handling_hours), 999999.99), 2) AS mean_handling_hours,
  round(least(percentile_cont(0.9) WITHIN GROUP (ORDER BY f.handling_hours)::numeric, 999999.99), 2) AS p90_handling_hours,
  round(least(avg(f.ack_hours), 999999.99), 2) AS mean_ack_hours,
  round(count(*) FILTER (WHERE f.supplier_cancelled)::numeric / count(*), 4) AS cancellation_rate,
  round(least(greatest(sum(f.tracking_hours) / nullif(sum(f.tracked_parcels), 0), 0), 999999.99), 2)
    AS mean_tracking_upload_hours`;
