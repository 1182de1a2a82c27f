/**
 * The catalog state's counters (migration 018) keep a row per database backend that changed the
 * catalog, and the pool opens new backends all the time; every read of the state sums them all.
 * Once an hour (UTC, at minute 23) a pg-boss schedule, worked by the processes that run workers,
 * folds the rows of backends that have ended into one (catalog_changes_fold(), migration 024): the
 * sum, and with it every ETag, stays the same.
 */
import { sql, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { ensureQueue } from '../db/queues.js';
import { hasSqlState, SQLSTATE } from '../db/sqlstate.js';
import type { DB } from '../db/types.js';

export const CATALOG_FOLD_QUEUE = 'catalog-changes-fold';
export const CATALOG_FOLD_CRON = '23 * * * *';

/** Folds the counters of ended backends; returns how many rows it folded (0 below migration 024). */
export async function foldCatalogChanges(db: Kysely<DB>): Promise<number> {
  try {
    const { rows } = await sql<{ folded: number }>`SELECT catalog_changes_fold() AS folded`.execute(db);
    return rows[0]!.folded;
  } catch (error) {
    // A database rolled back below 024 has nothing to fold with; its state reads as before.
    if (hasSqlState(error, SQLSTATE.undefinedFunction)) return 0;
    throw error;
  }
}

/** Creates the queue and its hourly schedule; the boss must be started. */
export async function installCatalogFoldSchedule(boss: PgBoss): Promise<void> {
  const options = { name: CATALOG_FOLD_QUEUE, policy: 'singleton' as const, retryLimit: 1, expireInSeconds: 300 };
  await ensureQueue(boss, CATALOG_FOLD_QUEUE, options);
  await boss.schedule(CATALOG_FOLD_QUEUE, CATALOG_FOLD_CRON, {}, { tz: 'UTC' });
}

export async function startCatalogFoldWorker(
  boss: PgBoss,
  db: Kysely<DB>,
  options: { pollSeconds: number; log: Pick<Logger, 'info' | 'error'> },
): Promise<void> {
  const { log } = options;
  await boss.work(CATALOG_FOLD_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollSeconds }, async () => {
    try {
      const folded = await foldCatalogChanges(db);
      log.info({ folded }, 'catalog change counters of ended database backends folded');
    } catch (error) {
      log.error({ err: error }, 'folding the catalog change counters failed; the next run tries again');
      throw error;
    }
  });
}
