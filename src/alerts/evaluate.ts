/**
 * One evaluation of the alarms, in one statement: the alarms the rules find now (rules.ts) are
 * inserted when new, kept (last seen, message and figures refreshed) while still open, and the
 * open ones no rule finds any more are resolved. Evaluations take turns (a transaction-level
 * advisory lock), so two never insert the same alarm; the digest's claim takes its turn too.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { currentAlertsSql, type RuleInputs } from './rules.js';

export interface EvaluationResult {
  opened: number;
  stillOpen: number;
  resolved: number;
}

/** Advisory lock namespace of the alarm evaluation (the two-int form). */
const EVALUATION_LOCK = [7302, 1] as const;

/** Waits for the alarms' turn, held until `trx` ends. */
export async function takeAlarmsTurn(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${EVALUATION_LOCK[0]}, ${EVALUATION_LOCK[1]})`.execute(trx);
}

export async function evaluateAlerts(trx: Transaction<DB>, inputs: RuleInputs): Promise<EvaluationResult> {
  await takeAlarmsTurn(trx);
  const { rows } = await sql<{ opened: number; still_open: number; resolved: number }>`
      WITH current AS (${currentAlertsSql(inputs)}),
      resolved AS (
        UPDATE alerts a SET resolved_at = now()
         WHERE a.resolved_at IS NULL
           AND NOT EXISTS (SELECT FROM current c WHERE c.rule = a.rule AND c.subject = a.subject)
        RETURNING a.id
      ),
      upserted AS (
        INSERT INTO alerts (rule, subject, supplier_id, supplier_order_id, order_id, message, details)
        SELECT rule, subject, supplier_id, supplier_order_id, order_id, message, details FROM current
        ON CONFLICT (rule, subject) WHERE resolved_at IS NULL DO UPDATE
          SET last_seen_at = now(), message = EXCLUDED.message, details = EXCLUDED.details
        RETURNING (xmax = 0) AS inserted
      )
      SELECT (SELECT count(*) FROM upserted WHERE inserted)::int AS opened,
             (SELECT count(*) FROM upserted WHERE NOT inserted)::int AS still_open,
             (SELECT count(*) FROM resolved)::int AS resolved`.execute(trx);
  const r = rows[0]!;
  return { opened: r.opened, stillOpen: r.still_open, resolved: r.resolved };
}
