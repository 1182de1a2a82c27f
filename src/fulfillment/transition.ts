/**
 * The one function that changes a supplier order's status. In the caller's transaction it locks
 * the supplier order, checks the change against the table in status.ts, applies it with the
 * timestamp that goes with the new status, and writes the event log row. A refused change is
 * logged too (applied = false, with the explanation) and changes nothing else. A change to
 * cancel_requested also asks the supplier to cancel (cancel-request.ts), in the same transaction.
 */
import { sql, type QueryCreator, type Transaction } from 'kysely';
import type { DB, SupplierOrderEventSource, SupplierOrderStatus } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { askSupplierToCancel } from './cancel-request.js';
import { canTransition, refusal } from './status.js';

export interface TransitionRequest {
  supplierOrderId: number;
  to: SupplierOrderStatus;
  source: SupplierOrderEventSource;
  /** Who: a user's e-mail, a token's name, 'dispatch worker', the supplier's code. */
  actor?: string | undefined;
  /** Why: the supplier's reason, the error that made dispatch give up. */
  reason?: string | undefined;
  /** What came with it (a webhook body, the supplier's answer); stored with the event. */
  payload?: Record<string, unknown> | undefined;
  /** When it happened at the supplier (a webhook's occurredAt); default now. */
  at?: Date | undefined;
  /** The supplier's own order number, when the change reveals it. */
  externalReference?: string | undefined;
  /** Tracking of the (latest) parcel, for shipped and partially_shipped. */
  tracking?: { carrier?: string | undefined; number?: string | undefined; url?: string | undefined } | undefined;
  /**
   * The caller refuses a change the table allows, for a reason of its own (a parcel that is
   * already recorded): logged like a refusal of the table, nothing applied.
   */
  refusedBecause?: string | undefined;
  /**
   * The caller has already locked the supplier order (FOR UPDATE) in this transaction and read
   * its status: saves the lock's round trip on a hot path (webhook intake).
   */
  locked?: { status: SupplierOrderStatus } | undefined;
}

export interface TransitionResult {
  applied: boolean;
  from: SupplierOrderStatus;
  to: SupplierOrderStatus;
  /** The refusal's explanation when not applied. */
  reason?: string;
  eventId: number;
}

export async function transitionSupplierOrder(
  trx: Transaction<DB>,
  change: TransitionRequest,
): Promise<TransitionResult> {
  const current = change.locked
    ? { status: change.locked.status }
    : await trx
        .selectFrom('supplier_orders')
        .select('status')
        .where('id', '=', change.supplierOrderId)
        .forUpdate()
        .executeTakeFirst();
  if (!current) throw new NotFoundError(`Supplier order ${change.supplierOrderId} does not exist`);
  const from = current.status;
  const allowed = canTransition(from, change.to);
  const applied = allowed && change.refusedBecause === undefined;
  const explanation = applied ? change.reason : allowed ? change.refusedBecause : refusal(from, change.to);

  const eventRow = eventRowOf(change, from, applied, explanation);
  // Applied: the change and its event in one statement (a data-modifying WITH always runs).
  const event = applied
    ? await trx
        .with('changed', (qc) => applyChange(qc, change).where('id', '=', change.supplierOrderId).returning('id'))
        .insertInto('supplier_order_events')
        .values(eventRow)
        .returning('id')
        .executeTakeFirstOrThrow()
    : await trx.insertInto('supplier_order_events').values(eventRow).returning('id').executeTakeFirstOrThrow();
  if (applied && change.to === 'cancel_requested') await askSupplierToCancel(trx, change.supplierOrderId);
  return { applied, from, to: change.to, ...(applied ? {} : { reason: explanation! }), eventId: event.id };
}

/** The event log row of a change (applied or refused), with its explanation. */
export function eventRowOf(
  change: TransitionRequest,
  from: SupplierOrderStatus,
  applied: boolean,
  explanation: string | undefined,
) {
  return {
    supplier_order_id: change.supplierOrderId,
    from_status: from,
    to_status: change.to,
    source: change.source,
    applied,
    reason: applied || !change.reason ? (explanation ?? null) : `${explanation}; given reason: ${change.reason}`,
    actor: change.actor ?? null,
    payload: JSON.stringify(change.payload ?? {}),
  };
}

/** The status with the columns that go with it; the caller says which row (WHERE) and RETURNING. */
export function applyChange(qc: QueryCreator<DB>, change: Omit<TransitionRequest, 'supplierOrderId'>) {
  const at = change.at ?? new Date();
  const t = change.tracking;
  return qc.updateTable('supplier_orders').set((eb) => ({
    status: change.to,
    ...(change.to === 'submitted' ? { submitted_at: at } : {}),
    // An acknowledgement proves the submission, even when it overtook the dispatch's commit.
    ...(change.to === 'acknowledged'
      ? { acknowledged_at: at, submitted_at: eb.fn.coalesce('submitted_at', sql<Date>`${at}::timestamptz`) }
      : {}),
    // The first parcel's time; a later full shipment keeps it.
    ...(change.to === 'partially_shipped' || change.to === 'shipped'
      ? { shipped_at: eb.fn.coalesce('shipped_at', sql<Date>`${at}::timestamptz`) }
      : {}),
    ...(change.to === 'delivered' ? { delivered_at: at } : {}),
    ...(change.to === 'cancelled' ? { cancelled_at: at } : {}),
    // Due for (re)sending only while pending; a cancel request is due to be sent at once.
    next_attempt_at: change.to === 'pending' || change.to === 'cancel_requested' ? new Date() : null,
    ...(change.to === 'rejected' || change.to === 'failed' ? { last_error: change.reason ?? null } : {}),
    ...(change.externalReference ? { external_reference: change.externalReference } : {}),
    ...(t?.carrier ? { carrier: t.carrier } : {}),
    ...(t?.number ? { tracking_number: t.number } : {}),
    ...(t?.url ? { tracking_url: t.url } : {}),
  }));
}
