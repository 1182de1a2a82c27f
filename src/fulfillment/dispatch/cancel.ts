/**
 * Asking an API supplier to cancel a supplier order: what a cancel job does (DESIGN §7,
 * `POST <api_endpoint>/<reference>/cancel`). Like a send: claim (cancel_requested and due, held
 * for the recovery time), call outside any transaction, record in one transaction:
 *   2xx            cancelled;
 *   409            the supplier says it is too late (it shipped): the order stays cancel_requested,
 *                  not due, the reason in last_error and a note; the coming shipment applies;
 *   network, timeout, 408, 429, 5xx
 *                  asked again with backoff (the next cancel job, enqueued in that transaction);
 *                  after DISPATCH_MAX_ATTEMPTS it stays cancel_requested with a note to tell the
 *                  supplier by hand;
 *   another 4xx    the supplier refuses to cancel: stays cancel_requested, reason and note.
 */
import { sql } from 'kysely';
import { inTransaction } from '../../db/transaction.js';
import { noteSupplierOrder } from '../notes.js';
import { transitionSupplierOrder } from '../transition.js';
import { callSupplier, worthRetrying } from './senders/api.js';
import { supplierCredentials } from './senders/send.js';
import { retryDelayMs } from './backoff.js';
import { SendUnderWay, type DispatchDeps } from './dispatch.js';
import { enqueueCancel } from './job-queue.js';
import { loadDispatchTarget } from './purchase-order.js';

export type CancelResult =
  | { outcome: 'cancelled' | 'too_late' | 'refused' | 'retry_scheduled' | 'gave_up'; attempt: number; detail?: string }
  | { outcome: 'nothing_to_do'; detail: string };

export async function cancelAtSupplier(
  deps: DispatchDeps,
  supplierOrderId: number,
  attempt: number,
): Promise<CancelResult> {
  const { db, settings } = deps;
  const target = await loadDispatchTarget(db, supplierOrderId);
  if (!target) return { outcome: 'nothing_to_do', detail: 'no such supplier order' };
  if (target.status !== 'cancel_requested') return { outcome: 'nothing_to_do', detail: `it is ${target.status}` };
  if (target.method !== 'api') return { outcome: 'nothing_to_do', detail: `order method ${target.method}` };

  const claimed = await db
    .updateTable('supplier_orders')
    .set({ next_attempt_at: sql<Date>`now() + make_interval(secs => ${settings.recoverySeconds})` })
    .where('id', '=', supplierOrderId)
    .where('status', '=', 'cancel_requested')
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) {
    const now = await db
      .selectFrom('supplier_orders')
      .select(['status', 'next_attempt_at'])
      .where('id', '=', supplierOrderId)
      .executeTakeFirst();
    if (now?.status !== 'cancel_requested' || now.next_attempt_at === null) {
      return { outcome: 'nothing_to_do', detail: `it is ${now?.status ?? 'gone'}, not due` };
    }
    throw new SendUnderWay(supplierOrderId);
  }

  const credentials = supplierCredentials(deps.credentialsKey, target);
  const res =
    !credentials || !target.apiEndpoint
      ? { answered: false as const, error: `supplier ${target.supplierCode} has no usable api_endpoint or credentials` }
      : await callSupplier(
          'POST',
          `${target.apiEndpoint}/${encodeURIComponent(target.purchaseOrder.reference)}/cancel`,
          credentials.apiKey,
          target.purchaseOrder.reference,
          { reference: target.purchaseOrder.reference },
          settings.timeoutMs,
        );

  return inTransaction(db, async (trx) => {
    const base = { supplierOrderId, source: 'api' as const, actor: deps.actor ?? 'dispatch worker' };
    const stay = async (kind: string, reason: string, payload: Record<string, unknown>) => {
      await trx
        .updateTable('supplier_orders')
        .set({ last_error: reason, next_attempt_at: null })
        .where('id', '=', supplierOrderId)
        .where('status', '=', 'cancel_requested')
        .execute();
      await noteSupplierOrder(trx, { ...base, kind, reason, payload: { attempt, ...payload } });
    };
    if (res.answered && res.status >= 200 && res.status < 300) {
      const change = await transitionSupplierOrder(trx, {
        ...base,
        to: 'cancelled',
        reason: 'the supplier cancelled it on request',
        payload: { attempt, status: res.status, answer: res.body },
      });
      if (change.applied) {
        const cause = `supplier order ${supplierOrderId} cancelled (cancel call)`;
        await deps.syncOrder(trx, target.orderId, { cause, actor: base.actor });
      }
      return { outcome: 'cancelled', attempt };
    }
    if (res.answered && res.status === 409) {
      const reason = `the supplier says it is too late to cancel (it has shipped): ${res.body}`;
      await stay('cancel_refused', reason, { status: res.status, answer: res.body });
      return { outcome: 'too_late', attempt, detail: reason };
    }
    if (res.answered && !worthRetrying(res.status)) {
      const reason = `the supplier refused to cancel: it answered ${res.status}: ${res.body}`;
      await stay('cancel_refused', reason, { status: res.status, answer: res.body });
      return { outcome: 'refused', attempt, detail: reason };
    }
    const error = res.answered ? `supplier answered ${res.status}: ${res.body}` : res.error;
    if (attempt >= settings.maxAttempts) {
      const reason = `gave up asking the supplier to cancel after ${attempt} attempt(s) (last: ${error}): tell it by hand`;
      await stay('cancel_by_hand', reason, {});
      return { outcome: 'gave_up', attempt, detail: reason };
    }
    const delay = retryDelayMs(settings, attempt, res.answered ? res.retryAfterMs : undefined);
    const nextAt = new Date(Date.now() + delay);
    await trx
      .updateTable('supplier_orders')
      .set({ last_error: `cancel: ${error}`, next_attempt_at: nextAt })
      .where('id', '=', supplierOrderId)
      .where('status', '=', 'cancel_requested')
      .execute();
    await enqueueCancel(trx, supplierOrderId, attempt + 1, nextAt);
    return { outcome: 'retry_scheduled', attempt, detail: `${error}; asked again in ${delay} ms` };
  });
}
