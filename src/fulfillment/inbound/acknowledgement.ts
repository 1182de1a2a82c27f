/**
 * The most common webhook, an `order.accepted` for an order the shop has submitted, as one
 * statement without a transaction of its own: the status change (the columns transition.ts sets
 * for an acknowledgement), its event log row (eventRowOf, as every transition writes it) and the
 * receipt. One statement is atomic, and its UPDATE re-checks the row under the row lock, so two
 * deliveries of one event apply it once.
 *
 * It applies only when everything is as expected: the order is `submitted` now, the supplier (its
 * code and webhook secret) is still the one the caller verified the signature with (the caller keeps
 * secrets in memory), and the event id is new (the receipt's primary key: a repeat of an applied
 * event finds its order acknowledged already; an id reused for another order fails the whole
 * statement). Anything else writes nothing and answers null: the caller then takes the general
 * path, which explains the outcome.
 *
 * The statement is written out in SQL with one text for every event (an absent external reference
 * keeps the stored one), so a server connection keeps it prepared: parsing and planning it cost more
 * than running it, and building it with the query builder cost more Node time than the rest of the
 * request's handling.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, SupplierOrderStatus } from '../../db/types.js';
import { prepared } from '../../db/prepared.js';
import { hasSqlState, SQLSTATE } from '../../db/sqlstate.js';
import { canTransition } from '../status.js';
import { eventRowOf } from '../transition.js';
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
  const reason = event.reason ?? event.type;
  const log = eventRowOf(
    { supplierOrderId: 0, to: TO, source: 'webhook', actor: supplier.code, reason, payload: event.raw },
    FROM,
    true,
    reason,
  );
  const at = event.occurredAt;
  try {
    // As transition.ts's applyChange for an acknowledgement: it proves the submission too.
    const { numAffectedRows } = await prepared(sql`
      WITH changed AS (
        UPDATE supplier_orders
           SET status = ${TO}, acknowledged_at = ${at}, submitted_at = coalesce(submitted_at, ${at}::timestamptz),
               next_attempt_at = NULL,
               external_reference = coalesce(${event.externalReference ?? null}::text, external_reference)
         WHERE supplier_id = ${supplier.id} AND idempotency_key = ${event.reference} AND status = ${FROM}
           AND EXISTS (SELECT 1 FROM suppliers
                        WHERE id = ${supplier.id} AND code = ${supplier.code}
                          AND webhook_secret_encrypted = ${supplier.webhookSecretEncrypted})
        RETURNING id),
      log AS (
        INSERT INTO supplier_order_events
               (supplier_order_id, from_status, to_status, source, applied, reason, actor, payload)
        SELECT id, ${log.from_status}, ${log.to_status}, ${log.source}, ${log.applied}, ${log.reason},
               ${log.actor}, ${log.payload}
          FROM changed)
      INSERT INTO supplier_webhook_receipts (supplier_id, event_id, event_type, applied, supplier_order_id)
      SELECT ${supplier.id}, ${event.id}, ${event.type}, true, id FROM changed`).execute(db);
    // The receipt's row count, not a returned row: the driver has no row description to read.
    return numAffectedRows === 1n ? true : null;
  } catch (error) {
    // The event id was received for another order meanwhile: nothing of this statement stays.
    if (hasSqlState(error, SQLSTATE.uniqueViolation)) return null;
    throw error;
  }
}
