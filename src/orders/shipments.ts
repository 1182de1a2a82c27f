/**
 * The parcels of an order as its customer sees them: what each carries (the names and units of
 * the order's own lines), the carrier, the tracking number and link, and whether it arrived. The
 * suppliers' parcels come from supplier_shipments; the shop's own units that left the warehouse
 * make one parcel without tracking. Nothing names a supplier or a cost. One query.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Shipment } from './types.js';

export async function orderShipments(db: Kysely<DB>, orderId: number): Promise<Shipment[]> {
  const { rows } = await sql<Shipment>`
    WITH parcels AS (
      SELECT ss.carrier, ss.tracking_number AS "trackingNumber", ss.tracking_url AS "trackingUrl",
             ss.shipped_at AS at, so.status = 'delivered' AS delivered, ss.id AS seq,
             (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', oi.sku, 'name', oi.name,
                                                           'quantity', (line->>'quantity')::int)
                                        ORDER BY ord), '[]'::jsonb)
                FROM jsonb_array_elements(ss.lines) WITH ORDINALITY AS l(line, ord)
                JOIN LATERAL (SELECT soi.order_item_id FROM supplier_order_items soi
                               WHERE soi.supplier_order_id = so.id AND soi.supplier_sku = line->>'supplierSku'
                               ORDER BY soi.id LIMIT 1) item ON true
                JOIN order_items oi ON oi.id = item.order_item_id) AS items
        FROM supplier_shipments ss
        JOIN supplier_orders so ON so.id = ss.supplier_order_id
       WHERE so.order_id = ${orderId}
      UNION ALL
      SELECT NULL, NULL, NULL,
             (SELECT min(created_at) FROM inventory_adjustments WHERE order_id = o.id AND reason = 'shipped'),
             o.status = 'delivered', 0,
             (SELECT jsonb_agg(jsonb_build_object('sku', oi.sku, 'name', oi.name, 'quantity', a.units) ORDER BY oi.id)
                FROM (SELECT order_item_id, sum(quantity)::int AS units FROM order_item_allocations
                       WHERE order_id = o.id AND source_type <> 'supplier' AND status = 'shipped'
                       GROUP BY order_item_id) a
                JOIN order_items oi ON oi.id = a.order_item_id)
        FROM orders o
       WHERE o.id = ${orderId}
         AND EXISTS (SELECT 1 FROM order_item_allocations
                      WHERE order_id = o.id AND source_type <> 'supplier' AND status = 'shipped')
    )
    SELECT carrier, "trackingNumber", "trackingUrl", delivered, items,
           to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "shippedAt"
      FROM parcels
     ORDER BY at NULLS LAST, seq`.execute(db);
  return rows;
}
