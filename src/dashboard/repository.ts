/**
 * The dashboard's SQL: today's orders and revenue, supplier orders by status and the last catalog
 * imports, each one grouped query. Open alerts and low stock come from their own modules' lists.
 */
import { sql, type Kysely } from 'kysely';
import { listAlerts } from '../alerts/repository.js';
import type { DB } from '../db/types.js';
import { STATUSES as SUPPLIER_ORDER_STATUSES } from '../fulfillment/schemas.js';
import { listStock } from '../inventory/stock-repository.js';
import type { Dashboard } from './schemas.js';

const LATEST = 5;
const LOW_STOCK_ROWS = 10;

async function ordersSince(db: Kysely<DB>, since: Date): Promise<Dashboard['orders']> {
  const { rows } = await sql<{ currency: string | null; placed: number; cancelled: number; amount: string | null }>`
    SELECT o.currency,
           count(*)::int AS placed,
           count(*) FILTER (WHERE o.status = 'cancelled')::int AS cancelled,
           (sum(o.total) FILTER (WHERE o.status <> 'cancelled'))::text AS amount
      FROM orders o
     WHERE o.placed_at >= ${since} AND NOT o.is_test
     GROUP BY o.currency
     ORDER BY o.currency`.execute(db);
  return {
    placed: rows.reduce((n, r) => n + r.placed, 0),
    cancelled: rows.reduce((n, r) => n + r.cancelled, 0),
    revenue: rows.flatMap((r) => (r.currency && r.amount !== null ? [{ currency: r.currency, amount: r.amount }] : [])),
  };
}

async function supplierOrdersByStatus(db: Kysely<DB>): Promise<Dashboard['supplierOrders']> {
  const { rows } = await sql<{ status: string; count: number }>`
    SELECT so.status, count(*)::int AS count FROM supplier_orders so GROUP BY so.status`.execute(db);
  const order = (status: string) => SUPPLIER_ORDER_STATUSES.indexOf(status as (typeof SUPPLIER_ORDER_STATUSES)[number]);
  return rows.sort((a, b) => order(a.status) - order(b.status));
}

async function lastImports(db: Kysely<DB>): Promise<Dashboard['catalogImports']> {
  const { rows } = await sql<Dashboard['catalogImports'][number]>`
    SELECT ci.id, s.code AS "supplierCode", s.name AS "supplierName", ci.status, ci.inserted, ci.updated,
           ci.unchanged, ci.rejected, ci.message,
           to_char(ci.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt",
           to_char(ci.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"
      FROM catalog_imports ci
      JOIN suppliers s ON s.id = ci.supplier_id
     ORDER BY ci.started_at DESC, ci.id DESC
     LIMIT ${LATEST}`.execute(db);
  return rows;
}

export async function readDashboard(db: Kysely<DB>, since: Date): Promise<Dashboard> {
  // One after the other: on the embedded database the queries take turns on one session anyway.
  const orders = await ordersSince(db, since);
  const supplierOrders = await supplierOrdersByStatus(db);
  const alerts = await listAlerts(db, { state: 'open', limit: LATEST, offset: 0 });
  const catalogImports = await lastImports(db);
  const lowStock = await listStock(db, { lowStock: true, limit: LOW_STOCK_ROWS, offset: 0 });
  return {
    since: since.toISOString(),
    orders,
    supplierOrders,
    openAlerts: { total: alerts.total, latest: alerts.items },
    catalogImports,
    lowStock,
  };
}
