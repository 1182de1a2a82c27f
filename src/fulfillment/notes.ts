/**
 * Notes in a supplier order's history: what happened to it without a status change (re-routed,
 * held by the live re-check, the supplier refused to cancel, the supplier must be told by hand).
 */
import { sql, type Transaction } from 'kysely';
import type { DB, SupplierOrderEventSource } from '../db/types.js';
import { NotFoundError } from '../errors.js';

export interface SupplierOrderNote {
  supplierOrderId: number;
  /** Which note: 'rerouted', 'held', 'cancel_refused', 'cancel_by_hand', ... (payload.note). */
  kind: string;
  source: SupplierOrderEventSource;
  actor?: string | undefined;
  /** What happened, for the operator: re-routed, held by the re-check, the supplier refused to cancel. */
  reason: string;
  payload?: Record<string, unknown> | undefined;
}

/**
 * A line in the supplier order's history that changes no status: from and to are its current
 * status, applied is false (nothing changed), and the payload says which note it is (`note`).
 */
export async function noteSupplierOrder(trx: Transaction<DB>, note: SupplierOrderNote): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO supplier_order_events (supplier_order_id, from_status, to_status, source, applied, reason, actor, payload)
    SELECT id, status, status, ${note.source}, false, ${note.reason}, ${note.actor ?? null},
           ${JSON.stringify({ note: note.kind, ...note.payload })}::jsonb
      FROM supplier_orders WHERE id = ${note.supplierOrderId}
    RETURNING id`.execute(trx);
  if (!rows[0]) throw new NotFoundError(`Supplier order ${note.supplierOrderId} does not exist`);
  return rows[0].id;
}
