/**
 * What the alarm digest mails, kept in the alerts table (migration 017), so that every open
 * alarm is mailed once whichever process runs the digest:
 * - claim: the open alarms never mailed and not held by another run get digest_claimed_at, in
 *   one statement taken in the alarms' turn (the evaluation's advisory lock), so two runs never
 *   claim the same alarm and a claim sees every alarm an evaluation before it opened;
 * - mailed: the SMTP server accepted the digest: digested_at;
 * - released: the send failed: the claim is cleared and the next run mails them.
 * A run that dies between claim and mailed leaves its claim; after `claimSeconds` another run
 * takes those alarms over. The claim's time, in whole milliseconds, names it: mailed and released
 * touch only the alarms still held by that claim.
 */
import { sql, type Kysely, type Transaction, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { AlertRule, DB } from '../db/types.js';
import { takeAlarmsTurn } from './evaluate.js';

export interface DigestAlarm {
  id: number;
  rule: AlertRule;
  subject: string;
  supplierCode: string | null;
  firstSeenAt: Date;
  message: string;
}

export interface DigestClaim {
  claimedAt: Date;
  /** Oldest first. */
  alarms: DigestAlarm[];
  /** Every open alarm, these included. */
  open: number;
}

/** Claims the open alarms not mailed yet; undefined when there are none. */
export async function claimDigest(trx: Transaction<DB>, claimSeconds: number): Promise<DigestClaim | undefined> {
  await takeAlarmsTurn(trx);
  const { rows } = await sql<{
    id: number;
    rule: AlertRule;
    subject: string;
    supplier_code: string | null;
    first_seen_at: Date;
    message: string;
    claimed_at: Date;
    open: number;
  }>`
    WITH claimed AS (
      UPDATE alerts a SET digest_claimed_at = date_trunc('milliseconds', now())
       WHERE a.resolved_at IS NULL AND a.digested_at IS NULL
         AND (a.digest_claimed_at IS NULL OR a.digest_claimed_at < now() - make_interval(secs => ${claimSeconds}))
      RETURNING a.id, a.rule, a.subject, a.supplier_id, a.first_seen_at, a.message, a.digest_claimed_at
    )
    SELECT c.id, c.rule, c.subject, s.code AS supplier_code, c.first_seen_at, c.message,
           c.digest_claimed_at AS claimed_at, (SELECT count(*) FROM alerts WHERE resolved_at IS NULL)::int AS open
      FROM claimed c
      LEFT JOIN suppliers s ON s.id = c.supplier_id
     ORDER BY c.first_seen_at, c.id`.execute(trx);
  const first = rows[0];
  if (!first) return undefined;
  return {
    claimedAt: first.claimed_at,
    open: first.open,
    alarms: rows.map((r) => ({
      id: r.id,
      rule: r.rule,
      subject: r.subject,
      supplierCode: r.supplier_code,
      firstSeenAt: r.first_seen_at,
      message: r.message,
    })),
  };
}

/** The digest of `claim` was accepted by the SMTP server. */
export async function markMailed(db: Kysely<DB>, claim: DigestClaim): Promise<void> {
  await stillHeld(db.updateTable('alerts').set({ digested_at: sql`now()` }), claim).execute();
}

/** The digest of `claim` was not sent: its alarms go in the next one. */
export async function releaseClaim(db: Kysely<DB>, claim: DigestClaim): Promise<void> {
  await stillHeld(db.updateTable('alerts').set({ digest_claimed_at: null }), claim).execute();
}

function stillHeld(update: UpdateQueryBuilder<DB, 'alerts', 'alerts', UpdateResult>, claim: DigestClaim) {
  return update
    .where(
      'id',
      'in',
      claim.alarms.map((a) => a.id),
    )
    .where('digest_claimed_at', '=', claim.claimedAt)
    .where('digested_at', 'is', null);
}
