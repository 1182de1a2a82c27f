/**
 * The job side of a process: installs the dispatch queue (so any process can enqueue), the
 * scheduled supplier performance recompute and the hourly fold of the catalog state's counters,
 * and runs this process's dispatch workers and the workers of both schedules
 * (config.dispatch.workers; 0 = none of them). `npm start` and `jne worker`
 * both start it; `stop()` lets running jobs finish, then closes the queue.
 * `reroute` (from orders/, passed by the caller) re-routes rejected supplier orders when
 * REROUTE_ON_REJECTION is on.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { SyncOrderStatus } from '../order-sync.js';
import type { RerouteLines } from '../rerouting.js';
import { installDispatchQueue, openJobQueue } from './job-queue.js';
import { startDispatchWorkers } from './worker.js';
import { installPerformanceSchedule, startPerformanceWorker } from '../../performance/job.js';
import { installCatalogFoldSchedule, startCatalogFoldWorker } from '../../catalog/fold-job.js';

export interface RunningJobs {
  workers: number;
  stop(): Promise<void>;
}

export async function startJobs(
  database: Database,
  config: Pick<
    Config,
    'databaseUrl' | 'dispatch' | 'mail' | 'rerouteOnRejection' | 'performance' | 'routing' | 'alerts' | 'alertDigestTo'
  >,
  credentialsKey: Buffer,
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
  syncOrder: SyncOrderStatus,
  reroute: RerouteLines,
): Promise<RunningJobs> {
  const settings = config.dispatch;
  const boss = openJobQueue(database, config.databaseUrl, settings, { schedule: settings.workers > 0 });
  boss.on('error', (error: Error) => log.error({ err: error }, 'job queue error'));
  await installDispatchQueue(boss, settings);
  await installPerformanceSchedule(boss, config.performance.recomputeCron);
  await installCatalogFoldSchedule(boss);
  if (settings.workers > 0) {
    await startDispatchWorkers(
      boss,
      {
        db: database.db,
        credentialsKey,
        settings,
        syncOrder,
        mail: config.mail,
        reroute: config.rerouteOnRejection ? reroute : undefined,
      },
      { workers: settings.workers, pollSeconds: settings.pollSeconds, log },
    );
    await startPerformanceWorker(
      boss,
      {
        db: database.db,
        minOrders: config.performance.minOrders,
        rules: { thresholds: config.alerts, ratingFloor: config.routing.ratingFloor },
        digest: config.alertDigestTo.length > 0 ? { mail: config.mail, to: config.alertDigestTo } : undefined,
      },
      { pollSeconds: settings.pollSeconds, log },
    );
    await startCatalogFoldWorker(boss, database.db, { pollSeconds: settings.pollSeconds, log });
  }
  return {
    workers: settings.workers,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: settings.timeoutMs + 2_000 });
    },
  };
}
