/**
 * The scheduled recompute: a pg-boss queue with a schedule (PERFORMANCE_RECOMPUTE_CRON, UTC,
 * every 15 minutes by default), worked by the processes that run workers (npm start, jne
 * worker). Each run recomputes every supplier's performance, then evaluates the alarms, each in
 * its own transaction, then, with ALERT_DIGEST_TO, mails the alarms opened since the last digest
 * (only here: an evaluation on demand opens alarms and leaves them to this run's digest). The
 * queue lets one run work at a time (singleton); pg-boss sends a scheduled job once per tick
 * whatever the number of processes. A digest that is not sent fails nothing: it is logged, and
 * the next run mails those alarms.
 */
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { sendAlarmDigest, type DigestSettings } from '../alerts/digest.js';
import { evaluateAlerts } from '../alerts/evaluate.js';
import type { RuleInputs } from '../alerts/rules.js';
import { ensureQueue } from '../db/queues.js';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { recomputePerformance } from './recompute.js';

export const PERFORMANCE_QUEUE = 'supplier-performance-recompute';

export interface PerformanceJobDeps {
  db: Kysely<DB>;
  minOrders: number;
  rules: RuleInputs;
  /** ALERT_DIGEST_TO with the SMTP settings; undefined: no digest. */
  digest?: DigestSettings | undefined;
}

/** Creates the queue and sets (or removes, cron null) its schedule; the boss must be started. */
export async function installPerformanceSchedule(boss: PgBoss, cron: string | null): Promise<void> {
  const options = { name: PERFORMANCE_QUEUE, policy: 'singleton' as const, retryLimit: 2, expireInSeconds: 900 };
  await ensureQueue(boss, PERFORMANCE_QUEUE, options);
  if (cron === null) await boss.unschedule(PERFORMANCE_QUEUE);
  else await boss.schedule(PERFORMANCE_QUEUE, cron, {}, { tz: 'UTC' });
}

/** One run: the recompute, then the alarms, then their digest. */
export async function runPerformanceJob(deps: PerformanceJobDeps, log: Pick<Logger, 'warn'>) {
  const performance = await inTransaction(deps.db, (trx) => recomputePerformance(trx, { minOrders: deps.minOrders }), {
    log,
  });
  const alerts = await inTransaction(deps.db, (trx) => evaluateAlerts(trx, deps.rules), { log });
  const digest = deps.digest ? await sendAlarmDigest(deps.db, deps.digest) : undefined;
  return { performance, alerts, ...(digest ? { digest } : {}) };
}

export async function startPerformanceWorker(
  boss: PgBoss,
  deps: PerformanceJobDeps,
  options: { pollSeconds: number; log: Pick<Logger, 'info' | 'warn' | 'error'> },
): Promise<void> {
  const { log } = options;
  // The recipients are personal data: the log says how many, never who.
  if (deps.digest) log.info({ recipients: deps.digest.to.length }, 'alarm digest on: mailed after each scheduled run');
  await boss.work(PERFORMANCE_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollSeconds }, async () => {
    try {
      const result = await runPerformanceJob(deps, log);
      log.info(result, 'supplier performance recomputed, alarms evaluated');
      if (result.digest?.outcome === 'not_sent') {
        log.error(result.digest, 'alarm digest not sent: the next run mails these alarms');
      }
    } catch (error) {
      log.error({ err: error }, 'supplier performance recompute failed; the next run tries again');
      throw error;
    }
  });
}
