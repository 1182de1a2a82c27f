/** Reading the alarms, and an operator's acknowledgement (the one other write to alerts). */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AlertRule, DB } from '../db/types.js';

export interface Alert {
  id: number;
  rule: AlertRule;
  subject: string;
  supplierId: number | null;
  supplierCode: string | null;
  supplierOrderId: number | null;
  orderId: number | null;
  orderNumber: string | null;
  message: string;
  details: Record<string, unknown>;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface AlertFilter {
  /** open (default), resolved, or all */
  state: 'open' | 'resolved' | 'all';
  rule?: AlertRule | undefined;
  supplierId?: number | undefined;
  acknowledged?: boolean | undefined;
  limit: number;
  offset: number;
}

function query(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('alerts as a')
    .leftJoin('suppliers as s', 's.id', 'a.supplier_id')
    .leftJoin('orders as o', 'o.id', 'a.order_id')
    .select([
      'a.id',
      'a.rule',
      'a.subject',
      'a.supplier_id',
      's.code as supplier_code',
      'a.supplier_order_id',
      'a.order_id',
      'o.order_number',
      'a.message',
      'a.details',
      'a.first_seen_at',
      'a.last_seen_at',
      'a.resolved_at',
      'a.acknowledged_at',
      'a.acknowledged_by',
    ]);
}

export async function listAlerts(db: Kysely<DB>, f: AlertFilter): Promise<{ items: Alert[]; total: number }> {
  let q = query(db);
  if (f.state === 'open') q = q.where('a.resolved_at', 'is', null);
  if (f.state === 'resolved') q = q.where('a.resolved_at', 'is not', null);
  if (f.rule) q = q.where('a.rule', '=', f.rule);
  if (f.supplierId !== undefined) q = q.where('a.supplier_id', '=', f.supplierId);
  if (f.acknowledged !== undefined) q = q.where('a.acknowledged_at', f.acknowledged ? 'is not' : 'is', null);
  const rows = await q
    .orderBy('a.first_seen_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const total = await q
    .clearSelect()
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { items: rows.map(toAlert), total: total.n };
}

/** Marks an alert acknowledged by `actor` (the first acknowledgement stays); undefined if it does not exist. */
export async function acknowledgeAlert(trx: Transaction<DB>, id: number, actor: string): Promise<Alert | undefined> {
  await trx
    .updateTable('alerts')
    .set({ acknowledged_at: sql`now()`, acknowledged_by: actor })
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .execute();
  const row = await query(trx).where('a.id', '=', id).executeTakeFirst();
  return row && toAlert(row);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

function toAlert(r: Row): Alert {
  return {
    id: r.id,
    rule: r.rule,
    subject: r.subject,
    supplierId: r.supplier_id,
    supplierCode: r.supplier_code,
    supplierOrderId: r.supplier_order_id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    message: r.message,
    details: r.details,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by,
  };
}
