/**
 * Where a unit of work begins: routes, CLI commands and jobs open the transaction here and pass
 * `trx` down; services never open one. A serialization failure (40001) or a deadlock (40P01)
 * means PostgreSQL gave up on this transaction to let another finish: the whole unit of work is
 * run again, a bounded number of times, and each retry is logged. Anything else is thrown as is.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { hasSqlState, SQLSTATE } from './sqlstate.js';
import type { DB } from './types.js';

export interface RetryLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface TransactionOptions {
  /** Where retries are reported (a request's logger, the CLI's). */
  log?: RetryLog | undefined;
  /** Runs in all, the first included (default 3). */
  attempts?: number;
}

const RETRYABLE = [SQLSTATE.serializationFailure, SQLSTATE.deadlockDetected];
const DEFAULT_ATTEMPTS = 3;

export async function inTransaction<T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= attempts || !hasSqlState(error, ...RETRYABLE)) throw error;
      const delayMs = backoff(attempt);
      options.log?.warn(
        { sqlstate: (error as { code: string }).code, attempt, of: attempts, delayMs },
        'transaction retried after a serialization failure or deadlock',
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** 10-20 ms, then 20-40 ms, ...: jittered, so two retrying transactions do not collide again. */
function backoff(attempt: number): number {
  const base = 10 * 2 ** (attempt - 1);
  return base + Math.floor(Math.random() * base);
}

/**
 * A unit of work that only reads: the transaction is READ ONLY (on both backends), so any write
 * inside it fails (SQLSTATE 25006) instead of changing the shop.
 */
export async function inReadOnlyTransaction<T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET TRANSACTION READ ONLY`.execute(trx);
    return work(trx);
  });
}
