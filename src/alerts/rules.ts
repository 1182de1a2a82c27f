/**
 * The alarm rules: one query that finds every alarm the current state raises, rule by rule.
 * Nothing is remembered between evaluations: an alarm is open exactly while its rule finds its
 * subject. Thresholds come from the configuration (AlertSettings), and a supplier's
 * alert_thresholds ({"submitMinutes", "ackHours", "trackingDays"}) override the first three.
 *
 *   not_submitted            an auto-submit supplier's order still pending N minutes after the order
 *   not_acknowledged         submitted and not acknowledged for N hours
 *   not_shipped_by_ship_by   submitted or acknowledged, and its ship_by has passed
 *   no_tracking              shipped (or partly) N days ago without a tracking number
 *   dispatch_failed          dispatch gave up (failed): an operator sends it again or re-routes
 *   line_unfulfillable       an order line re-routing could fill from nowhere (order_items.unfulfillable_since)
 *   stale_reservation        own stock reserved by an order that has not changed for N days
 *   stale_feed               an active supplier's newest available item is older than its catalog_max_age_hours
 *   rating_under_floor       an active supplier's 30-day rating (from enough orders) under ROUTING_RATING_FLOOR
 */
import { sql, type RawBuilder } from 'kysely';
import type { AlertSettings } from '../config.js';
import { latestRatingSql } from '../routing/latest-rating.js';

export interface RuleInputs {
  thresholds: AlertSettings;
  /** ROUTING_RATING_FLOOR; undefined: the rating rule finds nothing. */
  ratingFloor: string | undefined;
}

/** Rows of (rule, subject, supplier_id, supplier_order_id, order_id, message, details). */
export function currentAlertsSql({ thresholds: t, ratingFloor }: RuleInputs): RawBuilder<unknown> {
  const own = (key: string, fallback: number) => sql`coalesce((s.alert_thresholds ->> ${key})::int, ${fallback}::int)`;
  return sql`
    SELECT 'not_submitted' AS rule, 'supplier_order:' || so.id AS subject, so.supplier_id, so.id AS supplier_order_id,
           so.order_id, format('Supplier order %s to %s is not sent %s minutes after the order (threshold %s)',
             so.id, s.code, floor(extract(epoch FROM now() - so.created_at) / 60), th.n) AS message,
           jsonb_build_object('createdAt', so.created_at, 'thresholdMinutes', th.n) AS details
      FROM supplier_orders so
      JOIN suppliers s ON s.id = so.supplier_id
      CROSS JOIN LATERAL (SELECT ${own('submitMinutes', t.submitMinutes)} AS n) th
     WHERE so.status = 'pending' AND s.auto_submit AND so.created_at < now() - make_interval(mins => th.n)
    UNION ALL
    SELECT 'not_acknowledged', 'supplier_order:' || so.id, so.supplier_id, so.id, so.order_id,
           format('Supplier order %s was sent to %s %s hours ago and is not acknowledged (threshold %s)',
             so.id, s.code, floor(extract(epoch FROM now() - so.submitted_at) / 3600), th.n),
           jsonb_build_object('submittedAt', so.submitted_at, 'thresholdHours', th.n)
      FROM supplier_orders so
      JOIN suppliers s ON s.id = so.supplier_id
      CROSS JOIN LATERAL (SELECT ${own('ackHours', t.ackHours)} AS n) th
     WHERE so.status = 'submitted' AND so.submitted_at < now() - make_interval(hours => th.n)
    UNION ALL
    SELECT 'not_shipped_by_ship_by', 'supplier_order:' || so.id, so.supplier_id, so.id, so.order_id,
           format('Supplier order %s at %s was to ship by %s and has not shipped',
             so.id, s.code, to_char(so.ship_by AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')),
           jsonb_build_object('shipBy', so.ship_by)
      FROM supplier_orders so
      JOIN suppliers s ON s.id = so.supplier_id
     WHERE so.status IN ('submitted', 'acknowledged') AND so.ship_by < now()
    UNION ALL
    SELECT 'no_tracking', 'supplier_order:' || so.id, so.supplier_id, so.id, so.order_id,
           format('Supplier order %s shipped by %s %s days ago has no tracking number (threshold %s)',
             so.id, s.code, floor(extract(epoch FROM now() - so.shipped_at) / 86400), th.n),
           jsonb_build_object('shippedAt', so.shipped_at, 'thresholdDays', th.n)
      FROM supplier_orders so
      JOIN suppliers s ON s.id = so.supplier_id
      CROSS JOIN LATERAL (SELECT ${own('trackingDays', t.trackingDays)} AS n) th
     WHERE so.status IN ('partially_shipped', 'shipped') AND so.tracking_number IS NULL
       AND so.shipped_at < now() - make_interval(days => th.n)
    UNION ALL
    SELECT 'dispatch_failed', 'supplier_order:' || so.id, so.supplier_id, so.id, so.order_id,
           format('Supplier order %s to %s failed after %s attempt(s): %s', so.id, s.code, so.attempts,
             coalesce(so.last_error, 'no reason recorded')),
           jsonb_build_object('attempts', so.attempts, 'lastError', so.last_error)
      FROM supplier_orders so
      JOIN suppliers s ON s.id = so.supplier_id
     WHERE so.status = 'failed'
    UNION ALL
    SELECT 'line_unfulfillable', 'order_item:' || oi.id, NULL, NULL, oi.order_id,
           format('Line %s (%s x %s) of order %s cannot be filled from anywhere since %s: %s', oi.id, oi.quantity,
             oi.sku, o.order_number, to_char(oi.unfulfillable_since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
             oi.unfulfillable_reason),
           jsonb_build_object('since', oi.unfulfillable_since, 'reason', oi.unfulfillable_reason, 'sku', oi.sku)
      FROM order_items oi
      JOIN orders o ON o.id = oi.order_id
     WHERE oi.unfulfillable_since IS NOT NULL AND o.status <> 'cancelled'
    UNION ALL
    SELECT 'stale_reservation', 'order:' || o.id, NULL, NULL, o.id,
           format('Order %s holds %s reserved unit(s) of own stock and has not changed for %s days (threshold %s)',
             o.order_number, sum(a.quantity), floor(extract(epoch FROM now() - o.updated_at) / 86400), ${t.reservationDays}::int),
           jsonb_build_object('units', sum(a.quantity), 'updatedAt', o.updated_at, 'thresholdDays', ${t.reservationDays}::int)
      FROM order_item_allocations a
      JOIN orders o ON o.id = a.order_id
     WHERE a.status = 'reserved' AND o.updated_at < now() - make_interval(days => ${t.reservationDays}::int)
     GROUP BY o.id
    UNION ALL
    SELECT 'stale_feed', 'supplier:' || s.id, s.id, NULL, NULL,
           format('The feed of %s was last seen %s hours ago (at most %s)', s.code,
             floor(extract(epoch FROM now() - feed.seen) / 3600), s.catalog_max_age_hours),
           jsonb_build_object('lastSeenAt', feed.seen, 'maxAgeHours', s.catalog_max_age_hours)
      FROM suppliers s
      CROSS JOIN LATERAL (SELECT max(sc.last_seen_at) AS seen FROM supplier_catalogs sc
                           WHERE sc.supplier_id = s.id AND sc.is_available) feed
     WHERE s.status = 'active' AND feed.seen < now() - make_interval(hours => s.catalog_max_age_hours)
    UNION ALL
    SELECT 'rating_under_floor', 'supplier:' || s.id, s.id, NULL, NULL,
           format('%s is rated %s over 30 days, under the routing floor %s: routing skips it', s.code, r.rating,
             ${ratingFloor ?? null}::numeric),
           jsonb_build_object('rating', r.rating, 'floor', ${ratingFloor ?? null}::numeric)
      FROM suppliers s
      CROSS JOIN LATERAL ${latestRatingSql('s.id')} r
     WHERE s.status = 'active' AND r.rated AND r.rating < ${ratingFloor ?? null}::numeric`;
}
