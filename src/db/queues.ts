/**
 * A pg-boss queue created (or updated) by every process that starts, however many start at once:
 * N API processes and M workers on one PostgreSQL race to create a new queue (its partition
 * table), and the losers see a deadlock or a duplicate. The queue then exists, and the next
 * try updates it instead. Classified by SQLSTATE; a bounded number of tries.
 */
import type PgBoss from 'pg-boss';
import { hasSqlState, SQLSTATE } from './sqlstate.js';

type QueueOptions = Parameters<PgBoss['createQueue']>[1];

const RACE = [SQLSTATE.deadlockDetected, SQLSTATE.uniqueViolation, SQLSTATE.duplicateTable, SQLSTATE.duplicateObject];

export async function ensureQueue(boss: PgBoss, name: string, options: QueueOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await boss.getQueue(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
      return;
    } catch (error) {
      if (attempt >= 5 || !hasSqlState(error, ...RACE)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 50));
    }
  }
}
