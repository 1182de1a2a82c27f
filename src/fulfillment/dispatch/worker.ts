/**
 * The dispatch workers of a process: each takes one dispatch job at a time from the queue and
 * sends its supplier order (dispatch.ts). Nothing is kept in memory between jobs, so any number
 * of processes can run workers on one PostgreSQL database.
 */
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { cancelAtSupplier } from './cancel.js';
import { dispatchSupplierOrder, SendUnderWay, type DispatchDeps } from './dispatch.js';
import { DISPATCH_QUEUE, type DispatchJob } from './job-queue.js';

export interface DispatchWorkers {
  stop(): Promise<void>;
}

export async function startDispatchWorkers(
  boss: PgBoss,
  deps: DispatchDeps,
  options: { workers: number; pollSeconds: number; log: Pick<Logger, 'info' | 'warn' | 'error'> },
): Promise<DispatchWorkers> {
  const { log } = options;
  for (let i = 0; i < options.workers; i += 1) {
    let workerId = '';
    workerId = await boss.work<DispatchJob>(
      DISPATCH_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: options.pollSeconds },
      async ([job]) => {
        const { supplierOrderId, action, attempt } = job!.data;
        try {
          if (action === 'cancel') {
            const result = await cancelAtSupplier(deps, supplierOrderId, attempt ?? 1);
            log.info({ supplierOrderId, ...result }, 'supplier order cancel call');
            return;
          }
          const result = await dispatchSupplierOrder(deps, supplierOrderId);
          log.info({ supplierOrderId, ...result }, 'supplier order dispatch');
        } catch (error) {
          // The job fails and runs again later (the queue's retries): nothing was recorded.
          if (error instanceof SendUnderWay) log.info({ supplierOrderId }, error.message);
          else log.error({ supplierOrderId, err: error }, 'supplier order dispatch failed; it runs again later');
          throw error;
        } finally {
          // pg-boss 10 waits the polling interval after every fetch, even one that found work:
          // a worker that just finished a job asks for the next one at once instead.
          boss.notifyWorker(workerId);
        }
      },
    );
  }
  return {
    async stop() {
      await boss.offWork(DISPATCH_QUEUE);
    },
  };
}
