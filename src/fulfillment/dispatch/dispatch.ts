/**
 * Sending one supplier order: what a dispatch job does.
 *
 * 1. Claim (one statement, which also loads the purchase order): count the attempt and hold the
 *    supplier order for the recovery time (next_attempt_at), only if it is pending and not held.
 *    A second worker with a job for the same supplier order finds it held and tries later; one
 *    whose order has left pending has nothing to do.
 * 2. Send by the supplier's method, outside any transaction, with the idempotency key: a worker
 *    that dies anywhere leaves the order pending and held; after the recovery time another
 *    worker sends it again, and the supplier recognizes the key. An API supplier with
 *    live_stock_check is asked for stock and cost first (live-check.ts); an order it cannot
 *    fill is not sent: re-routed (cancelled, its lines elsewhere) when `reroute` is given
 *    (REROUTE_ON_REJECTION), otherwise held for an operator (pending, not due, the reason in
 *    last_error and a note).
 * 3. Record the outcome (one transaction): submitted or rejected through the state machine (a
 *    rejection re-routes the lines in the same transaction when `reroute` is given); a failure to
 *    try again sets the next attempt and enqueues its job; the last one is failed.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DispatchSettings, MailSettings } from '../../config.js';
import { inTransaction } from '../../db/transaction.js';
import type { DB, SupplierOrderStatus } from '../../db/types.js';
import { noteSupplierOrder } from '../notes.js';
import type { SyncOrderStatus } from '../order-sync.js';
import type { RerouteLines } from '../rerouting.js';
import { transitionSupplierOrder, type TransitionRequest } from '../transition.js';
import { retryDelayMs } from './backoff.js';
import { enqueueDispatch } from './job-queue.js';
import { liveCheck } from './live-check.js';
import { claimDispatchTarget, loadDispatchTarget, type DispatchTarget } from './purchase-order.js';
import type { SendOutcome } from './senders/outcome.js';
import { sendPurchaseOrder, SENT_BY_WORKER, supplierCredentials } from './senders/send.js';

export interface DispatchDeps {
  db: Kysely<DB>;
  credentialsKey: Buffer;
  settings: Pick<DispatchSettings, 'timeoutMs' | 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs' | 'recoverySeconds'>;
  /** SMTP_URL and SMTP_FROM, for suppliers that take orders by e-mail. */
  mail?: MailSettings | undefined;
  actor?: string;
  /** The customer order's status follows a recorded outcome, in its transaction. */
  syncOrder: SyncOrderStatus;
  /** Re-routes the lines of a supplier order that is rejected or cannot be filled (REROUTE_ON_REJECTION). */
  reroute?: RerouteLines | undefined;
}

export type DispatchResult =
  | {
      outcome: 'submitted' | 'rejected' | 'failed' | 'retry_scheduled' | 'held' | 'rerouted';
      attempt: number;
      detail?: string;
    }
  | { outcome: 'nothing_to_do'; detail: string };

/** Thrown when another worker holds the supplier order: the job runs again later. */
export class SendUnderWay extends Error {
  constructor(supplierOrderId: number) {
    super(`Supplier order ${supplierOrderId} is being sent by another worker`);
    this.name = 'SendUnderWay';
  }
}

export async function dispatchSupplierOrder(deps: DispatchDeps, supplierOrderId: number): Promise<DispatchResult> {
  const { db, settings } = deps;
  const target = await claimDispatchTarget(db, supplierOrderId, {
    recoverySeconds: settings.recoverySeconds,
    methods: WORKER_METHODS,
  });
  if (!target) return notClaimed(db, supplierOrderId);
  const attempt = target.attempts;
  const check = await recheck(deps, target);
  if (check.kind === 'cannot') return notSent(deps, target, attempt, check.reason, check.answer);
  const sent = await sendPurchaseOrder(
    { credentialsKey: deps.credentialsKey, timeoutMs: settings.timeoutMs, mail: deps.mail },
    target,
  );
  // A re-check without a usable answer is said in the submission's event.
  const outcome =
    check.kind === 'unchecked' && sent.kind === 'submitted'
      ? { ...sent, payload: { ...sent.payload, unchecked: `${check.reason}; sent unchecked` } }
      : sent;
  return inTransaction(db, async (trx) => {
    const recorded = await recordOutcome(trx, deps, target.method, supplierOrderId, attempt, outcome);
    // Last, after every other effect of the outcome: the customer order follows its parts.
    if (recorded.changedTo) {
      const cause = `supplier order ${supplierOrderId} ${recorded.changedTo} (dispatch)`;
      await deps.syncOrder(trx, target.orderId, { cause, actor: deps.actor ?? DISPATCH_ACTOR });
    }
    return recorded.result;
  });
}

const DISPATCH_ACTOR = 'dispatch worker';
const WORKER_METHODS = [...SENT_BY_WORKER];

/** Why a supplier order was not claimed: nothing to do, or another worker holds it (the job runs again later). */
async function notClaimed(db: Kysely<DB>, supplierOrderId: number): Promise<DispatchResult> {
  const target = await loadDispatchTarget(db, supplierOrderId);
  if (!target) return { outcome: 'nothing_to_do', detail: 'no such supplier order' };
  if (target.status !== 'pending') return { outcome: 'nothing_to_do', detail: `it is ${target.status}` };
  if (target.isTest) return { outcome: 'nothing_to_do', detail: 'it belongs to a test order, which is never sent' };
  if (!SENT_BY_WORKER.has(target.method)) {
    return { outcome: 'nothing_to_do', detail: `order method ${target.method} is sent by an operator` };
  }
  throw new SendUnderWay(supplierOrderId);
}

/** The live re-check of an API supplier that offers it; `fill` for every other supplier. */
async function recheck(deps: DispatchDeps, target: DispatchTarget) {
  if (target.method !== 'api' || !target.liveStockCheck || !target.apiEndpoint) return { kind: 'fill' as const };
  // Credentials that do not decrypt fail the send itself, with that reason.
  const credentials = supplierCredentials(deps.credentialsKey, target);
  if (!credentials) return { kind: 'fill' as const };
  const endpoint = { supplierOrderId: target.supplierOrderId, apiEndpoint: target.apiEndpoint };
  return liveCheck(deps.db, endpoint, credentials.apiKey, deps.settings.timeoutMs);
}

/**
 * The live re-check found the order cannot be filled: not sent. Re-routed (cancelled by the shop,
 * its lines elsewhere) when `reroute` is given, otherwise held for an operator: pending and not
 * due (an operator's submit checks again), the reason in last_error and a note.
 */
function notSent(
  deps: DispatchDeps,
  target: DispatchTarget,
  attempt: number,
  problem: string,
  answer: string,
): Promise<DispatchResult> {
  const { supplierOrderId } = target;
  const reason = `not sent: the live re-check found ${problem}`;
  const base = { supplierOrderId, source: 'system' as const, actor: deps.actor ?? DISPATCH_ACTOR };
  return inTransaction(deps.db, async (trx) => {
    if (deps.reroute) {
      const change = await transitionSupplierOrder(trx, {
        ...base,
        to: 'cancelled',
        reason,
        payload: { attempt, answer },
      });
      if (change.applied) {
        await deps.reroute(trx, supplierOrderId);
        const cause = `supplier order ${supplierOrderId} cancelled (live re-check)`;
        await deps.syncOrder(trx, target.orderId, { cause, actor: base.actor });
      }
      return { outcome: 'rerouted', attempt, detail: reason };
    }
    await trx
      .updateTable('supplier_orders')
      .set({ last_error: reason, next_attempt_at: null })
      .where('id', '=', supplierOrderId)
      .where('status', '=', 'pending')
      .execute();
    await noteSupplierOrder(trx, {
      ...base,
      kind: 'held',
      reason: `held for an operator: ${reason}`,
      payload: { attempt, answer },
    });
    return { outcome: 'held', attempt, detail: reason };
  });
}

/** The outcome of a send through the state machine, or the next attempt; and the status it set. */
async function recordOutcome(
  trx: Transaction<DB>,
  deps: DispatchDeps,
  method: string,
  supplierOrderId: number,
  attempt: number,
  outcome: SendOutcome,
): Promise<{ result: DispatchResult; changedTo?: SupplierOrderStatus }> {
  const { settings } = deps;
  // The supplier's API answered (api), or the shop's own mail server, SFTP upload or folder write did (system).
  const source = method === 'api' ? ('api' as const) : ('system' as const);
  const base = { supplierOrderId, source, actor: deps.actor ?? DISPATCH_ACTOR };
  const transition = async (change: Omit<TransitionRequest, keyof typeof base>, result: DispatchResult) => {
    const applied = (await transitionSupplierOrder(trx, { ...base, ...change })).applied;
    return applied ? { result, changedTo: change.to } : { result };
  };
  if (outcome.kind === 'submitted') {
    return transition(
      {
        to: 'submitted',
        externalReference: outcome.externalReference,
        payload: { attempt, ...outcome.payload },
      },
      { outcome: 'submitted', attempt },
    );
  }
  if (outcome.kind === 'rejected') {
    const recorded = await transition(
      { to: 'rejected', reason: outcome.reason, payload: { attempt, ...outcome.payload } },
      { outcome: 'rejected', attempt, detail: outcome.reason },
    );
    if (recorded.changedTo && deps.reroute) await deps.reroute(trx, supplierOrderId);
    return recorded;
  }
  if (outcome.kind === 'misconfigured') {
    return transition(
      { to: 'failed', reason: outcome.reason, payload: { attempt } },
      { outcome: 'failed', attempt, detail: outcome.reason },
    );
  }
  if (attempt >= settings.maxAttempts) {
    const reason = `gave up after ${attempt} attempt(s); last: ${outcome.error}`;
    return transition({ to: 'failed', reason, payload: { attempt } }, { outcome: 'failed', attempt, detail: reason });
  }
  const delay = retryDelayMs(settings, attempt, outcome.retryAfterMs);
  const nextAt = new Date(Date.now() + delay);
  await trx
    .updateTable('supplier_orders')
    .set({ last_error: outcome.error, next_attempt_at: nextAt })
    .where('id', '=', supplierOrderId)
    .where('status', '=', 'pending')
    .execute();
  await enqueueDispatch(trx, supplierOrderId, nextAt);
  return { result: { outcome: 'retry_scheduled', attempt, detail: `${outcome.error}; next attempt in ${delay} ms` } };
}
