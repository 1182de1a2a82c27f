/**
 * The most common webhook, an `order.accepted` for an order the shop has submitted, as one
 * statement without a transaction of its own: the status change (the same columns as every
 * transition, from transition.ts), its event log row and the receipt. One statement is atomic, and
 * its UPDATE re-checks the row under the row lock, so two deliveries of one event apply it once.
 *
 * It applies only when everything is as expected: the order is `submitted` now, the supplier (its
 * code and webhook secret) is still the one the caller verified the signature with (the caller keeps
 * secrets in memory), and the event id is new (the receipt's primary key: a repeat of an applied
 * event finds its order acknowledged already; an id reused for another order fails the whole
 * statement). Anything else writes nothing and answers null: the caller then takes the general
 * path, which explains the outcome.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, SupplierOrderStatus } from '../../db/types.js';
import { prepared } from '../../db/prepared.js';
import { hasSqlState, SQLSTATE } from '../../db/sqlstate.js';
import { canTransition } from '../status.js';
import { applyChange, eventRowOf, type TransitionRequest } from '../transition.js';
import type { SupplierEvent } from './event.js';

export interface VerifiedSupplier {
  id: number;
  code: string;
  /** The encrypted webhook secret the signature was verified against. */
  webhookSecretEncrypted: string;
}

const FROM: SupplierOrderStatus = 'submitted';
const TO: SupplierOrderStatus = 'acknowledged';

/** True when the acknowledgement was applied; null when the general path must decide. */
export async function acknowledgeSubmitted(
  db: Kysely<DB>,
  supplier: VerifiedSupplier,
  event: SupplierEvent,
): Promise<true | null> {
  if (event.type !== 'order.accepted' || !canTransition(FROM, TO)) return null;
  const change: TransitionRequest = {
    supplierOrderId: 0, // the row is found by its reference below; the log row takes the id it returns
    to: TO,
    source: 'webhook',
    actor: supplier.code,
    reason: event.reason ?? event.type,
    payload: event.raw,
    at: event.occurredAt,
    externalReference: event.externalReference,
  };
  const { supplier_order_id: _id, ...logged } = eventRowOf(change, FROM, true, change.reason);
  try {
    const statement = db
      .with('changed', (qc) =>
        applyChange(qc, change)
          .where('supplier_id', '=', supplier.id)
          .where('idempotency_key', '=', event.reference)
          .where('status', '=', FROM)
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('suppliers')
                .select(sql`1`.as('one'))
                .where('id', '=', supplier.id)
                .where('code', '=', supplier.code)
                .where('webhook_secret_encrypted', '=', supplier.webhookSecretEncrypted),
            ),
          )
          .returning('id'),
      )
      .with('log', (qc) =>
        qc
          .insertInto('supplier_order_events')
          .columns(['supplier_order_id', ...(Object.keys(logged) as (keyof typeof logged)[])])
          .expression((eb) =>
            eb
              .selectFrom('changed')
              .select((s) => [
                s.ref('changed.id').as('supplier_order_id'),
                ...Object.entries(logged).map(([column, value]) => s.val(value).as(column)),
              ]),
          ),
      )
      .insertInto('supplier_webhook_receipts')
      .columns(['supplier_id', 'event_id', 'event_type', 'applied', 'supplier_order_id'])
      .expression((eb) =>
        eb
          .selectFrom('changed')
          .select((s) => [
            s.val(supplier.id).as('supplier_id'),
            s.val(event.id).as('event_id'),
            s.val(event.type).as('event_type'),
            s.val(true).as('applied'),
            s.ref('changed.id').as('supplier_order_id'),
          ]),
      )
      .returning('supplier_order_id');
    // Kept prepared on a server connection: its planning costs more than its execution.
    const { rows } = await prepared(sql<{ supplier_order_id: number }>`${statement}`).execute(db);
    return rows.length > 0 ? true : null;
  } catch (error) {
    // The event id was received for another order meanwhile: nothing of this statement stays.
    if (hasSqlState(error, SQLSTATE.uniqueViolation)) return null;
    throw error;
  }
}
