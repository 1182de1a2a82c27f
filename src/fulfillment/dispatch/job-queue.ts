/**
 * The durable queue of supplier orders to send: pg-boss 10 in the shop's database. On a
 * PostgreSQL server it has a pool of its own; on the embedded database it shares the one
 * session through the same serialization as requests (pg-boss's own schema scripts are several
 * statements without parameters, which PGlite runs only through exec).
 *
 * A dispatch job is sent inside the caller's transaction (enqueueDispatch): no supplier order
 * without its job, no job without its supplier order.
 */
import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { DispatchSettings } from '../../config.js';
import type { Database } from '../../db/database.js';
import { ensureQueue } from '../../db/queues.js';
import type { DB } from '../../db/types.js';

export const DISPATCH_QUEUE = 'supplier-order-dispatch';

export interface DispatchJob {
  supplierOrderId: number;
  /** send (the default): send the order; cancel: ask the supplier to cancel it (cancel.ts). */
  action?: 'send' | 'cancel';
  /** The cancel call's attempt number, from 1. */
  attempt?: number;
}

type SqlRunner = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** A pg-boss for this database; `start()` installs (or upgrades) its schema. */
export function openJobQueue(
  database: Database,
  databaseUrl: string | undefined,
  settings: Pick<DispatchSettings, 'recoverySeconds' | 'workers'>,
  options: { schedule?: boolean } = {},
): PgBoss {
  const common = {
    // The clock that turns schedules into jobs runs only where schedules are worked.
    schedule: options.schedule ?? false,
    // Jobs of a worker that died are found by the maintenance run and given to another worker.
    supervise: true,
    maintenanceIntervalSeconds: settings.recoverySeconds,
  };
  if (database.backend === 'postgres') {
    if (!databaseUrl) throw new Error('The job queue on a PostgreSQL server needs its URL');
    return new PgBoss({
      ...common,
      connectionString: databaseUrl,
      max: Math.max(2, settings.workers + 1),
      application_name: 'jne jobs',
    });
  }
  return new PgBoss({ ...common, db: embeddedRunner(database) as PgBoss.Db });
}

/** Starts the queue and creates the dispatch queue with its retry rules (kept up to date). */
export async function installDispatchQueue(boss: PgBoss, settings: Pick<DispatchSettings, 'recoverySeconds'>) {
  await boss.start();
  const options = {
    // Retries here only recover jobs whose worker died or found the send still under way (held
    // for the recovery time); supplier failures are retried by the dispatch itself, with backoff.
    retryLimit: 50,
    retryDelay: settings.recoverySeconds,
    retryBackoff: false,
    expireInSeconds: settings.recoverySeconds,
  };
  await ensureQueue(boss, DISPATCH_QUEUE, { name: DISPATCH_QUEUE, policy: 'standard', ...options });
}

/** Builds jobs only; each send runs on the transaction it is given. */
const jobBuilder = new PgBoss({
  db: {
    executeSql: () => Promise.reject(new Error('a dispatch job is sent only inside a transaction')),
  },
});

/**
 * Sends the dispatch job of a supplier order inside the caller's transaction, to run at once or
 * after `startAfter`. Fails when the job queue is not installed (the shop or `jne worker` installs it).
 */
export async function enqueueDispatch(
  trx: Transaction<DB>,
  supplierOrderId: number,
  startAfter?: Date,
): Promise<string> {
  return enqueue(trx, { supplierOrderId }, startAfter);
}

/**
 * Sends the job that asks the supplier to cancel a supplier order (cancel_requested), inside
 * the caller's transaction; the same workers run it.
 */
export async function enqueueCancel(
  trx: Transaction<DB>,
  supplierOrderId: number,
  attempt = 1,
  startAfter?: Date,
): Promise<string> {
  return enqueue(trx, { supplierOrderId, action: 'cancel', attempt }, startAfter);
}

async function enqueue(trx: Transaction<DB>, data: DispatchJob, startAfter: Date | undefined): Promise<string> {
  const id = await jobBuilder.send(DISPATCH_QUEUE, data as object, {
    db: transactionRunner(trx) as PgBoss.Db,
    ...(startAfter ? { startAfter } : {}),
  });
  if (!id) throw new Error(`The job queue ${DISPATCH_QUEUE} is not installed: start the shop or jne worker once`);
  return id;
}

function transactionRunner(trx: Transaction<DB>): SqlRunner {
  return {
    async executeSql(text, values = []) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * pg-boss on the embedded database: every statement takes the one session in turn, like a
 * request. A script (several statements, no parameters) runs through exec; when one of its
 * statements fails, the transaction it opened is rolled back before the session is handed on.
 */
function embeddedRunner(database: Database): SqlRunner {
  return {
    executeSql(text, values = []) {
      return database.withSession(async (session) => {
        if (values.length === 0 && /;\s*\S/.test(text)) {
          try {
            await session.exec(text);
          } catch (error) {
            await session.exec('ROLLBACK');
            throw error;
          }
          return { rows: [] };
        }
        const result = await session.query(text, values);
        return { rows: result.rows };
      });
    },
  };
}
