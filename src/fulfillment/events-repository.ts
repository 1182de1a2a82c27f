/** Reading a supplier order's history: its status changes and refusals, in order. */
import type { Kysely } from 'kysely';
import type { DB, SupplierOrderEventSource, SupplierOrderStatus } from '../db/types.js';

export interface SupplierOrderEvent {
  id: number;
  from: SupplierOrderStatus;
  to: SupplierOrderStatus;
  source: SupplierOrderEventSource;
  applied: boolean;
  reason: string | null;
  actor: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

export async function supplierOrderEvents(db: Kysely<DB>, supplierOrderId: number): Promise<SupplierOrderEvent[]> {
  const rows = await db
    .selectFrom('supplier_order_events')
    .select(['id', 'from_status', 'to_status', 'source', 'applied', 'reason', 'actor', 'payload', 'created_at'])
    .where('supplier_order_id', '=', supplierOrderId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    from: r.from_status,
    to: r.to_status,
    source: r.source,
    applied: r.applied,
    reason: r.reason,
    actor: r.actor,
    payload: r.payload,
    at: r.created_at,
  }));
}
