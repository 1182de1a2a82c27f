/** Reading supplier orders with their lines. */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB, SupplierOrderStatus } from '../db/types.js';
import type { SupplierOrderCountView, SupplierOrderSort, SupplierOrderView } from './schemas.js';

export interface SupplierOrderQuery {
  supplierId?: number | undefined;
  status?: SupplierOrderStatus | undefined;
  orderNumber?: string | undefined;
  sort?: SupplierOrderSort | undefined;
  limit: number;
  offset: number;
}

/** The column of each sort (ascending, or descending with _desc); the id breaks ties. */
const SORT_COLUMNS: Record<string, RawBuilder<unknown>> = {
  created_at: sql`so.created_at`,
  ship_by: sql`so.ship_by`,
  status: sql`so.status`,
  supplier: sql`s.code`,
  order: sql`o.order_number`,
};

function orderBy(sort: SupplierOrderSort): RawBuilder<unknown> {
  const direction = sort.endsWith('_desc') ? sql`DESC` : sql`ASC`;
  const column = SORT_COLUMNS[sort.replace(/_desc$/, '')]!;
  return sql`${column} ${direction} NULLS LAST, so.id ${direction}`;
}

/** One query: the supplier orders of a page with their lines as JSON, and the total. */
export async function listSupplierOrders(
  db: Kysely<DB>,
  q: SupplierOrderQuery & { id?: number },
): Promise<{ items: SupplierOrderView[]; total: number }> {
  // Timestamps as ISO text in SQL, so rows are exactly the API shape.
  const { rows } = await sql<SupplierOrderView & { total: number }>`
    SELECT so.id, o.order_number AS "orderNumber", so.supplier_id::int AS "supplierId", s.code AS "supplierCode",
           s.name AS "supplierName",
           so.status, so.method, so.idempotency_key AS "idempotencyKey", so.external_reference AS "externalReference",
           so.currency, so.subtotal_cost::text AS "subtotalCost", so.per_order_fee::text AS "perOrderFee",
           so.shipping_cost::text AS "shippingCost", so.attempts, so.last_error AS "lastError",
           ${iso(sql`so.next_attempt_at`)} AS "nextAttemptAt", ${iso(sql`so.ship_by`)} AS "shipBy", so.carrier,
           so.tracking_number AS "trackingNumber", so.tracking_url AS "trackingUrl", ${iso(sql`so.created_at`)} AS "createdAt",
           (SELECT coalesce(jsonb_agg(jsonb_build_object(
                     'supplierSku', i.supplier_sku, 'sku', p.sku, 'name', p.name, 'quantity', i.quantity,
                     'unitCost', i.unit_cost::text, 'quantityShipped', i.quantity_shipped,
                     'quantityCancelled', i.quantity_cancelled) ORDER BY i.id), '[]'::jsonb)
              FROM supplier_order_items i JOIN products p ON p.id = i.product_id
             WHERE i.supplier_order_id = so.id) AS items,
           count(*) OVER ()::int AS total
      FROM supplier_orders so
      JOIN orders o ON o.id = so.order_id
      JOIN suppliers s ON s.id = so.supplier_id
     WHERE (${q.supplierId ?? null}::bigint IS NULL OR so.supplier_id = ${q.supplierId ?? null})
       AND (${q.status ?? null}::text IS NULL OR so.status = ${q.status ?? null})
       AND (${q.id ?? null}::bigint IS NULL OR so.id = ${q.id ?? null})
       AND (${q.orderNumber ?? null}::text IS NULL OR o.order_number = ${q.orderNumber ?? null})
     ORDER BY ${orderBy(q.sort ?? 'created_at_desc')}
     LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  const total = rows[0]?.total ?? 0;
  return { items: rows.map(({ total: _t, ...row }) => row), total };
}

/** The work queue at a glance: how many supplier orders each supplier has in each status. */
export async function supplierOrderCounts(db: Kysely<DB>): Promise<SupplierOrderCountView[]> {
  const { rows } = await sql<SupplierOrderCountView>`
    SELECT so.supplier_id::int AS "supplierId", s.code AS "supplierCode", s.name AS "supplierName",
           so.status, count(*)::int AS count
      FROM supplier_orders so
      JOIN suppliers s ON s.id = so.supplier_id
     GROUP BY so.supplier_id, s.code, s.name, so.status
     ORDER BY s.code, so.status`.execute(db);
  return rows;
}

/** How many supplier orders of a customer order are in the given statuses. */
export async function countSupplierOrders(
  db: Kysely<DB>,
  orderId: number,
  statuses: { in?: SupplierOrderStatus[]; notIn?: SupplierOrderStatus[] },
): Promise<number> {
  const row = await db
    .selectFrom('supplier_orders')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('order_id', '=', orderId)
    .$if(statuses.in !== undefined, (qb) => qb.where('status', 'in', statuses.in!))
    .$if(statuses.notIn !== undefined, (qb) => qb.where('status', 'not in', statuses.notIn!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A timestamp as ISO 8601 text in UTC, the way the API shows times. */
function iso(column: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
