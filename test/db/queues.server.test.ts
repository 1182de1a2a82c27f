/**
 * Several processes starting at once on one new database all create the same pg-boss queues:
 * every one of them starts (the race's losers see a deadlock or a duplicate and update the queue
 * the winner made). Server only: four pg-boss instances, each with its own pool.
 */
import PgBoss from 'pg-boss';
import { afterEach, expect, it } from 'vitest';
import { ensureQueue } from '../../src/db/queues.js';
import { migratedDatabase, type TestDatabase } from '../support/databases.js';

let database: TestDatabase | undefined;
const bosses: PgBoss[] = [];
afterEach(async () => {
  for (const boss of bosses.splice(0)) await boss.stop({ graceful: false, wait: true, timeout: 2000 });
  await database?.dispose();
});

it('four processes creating the same queues at once all start, and each queue exists once', async () => {
  database = await migratedDatabase('postgres');
  for (let i = 0; i < 4; i++) {
    const boss = new PgBoss({ connectionString: database.url!, schedule: false, supervise: false, max: 3 });
    boss.on('error', () => {});
    bosses.push(boss);
  }
  await Promise.all(bosses.map((b) => b.start()));
  for (let round = 0; round < 5; round++) {
    const name = `race-${round}`;
    await Promise.all(bosses.map((b) => ensureQueue(b, name, { name, policy: 'standard', retryLimit: 3 })));
    expect((await bosses[0]!.getQueue(name))?.retryLimit).toBe(3);
  }
  expect((await bosses[0]!.getQueues()).map((q) => q.name).sort()).toEqual([
    'race-0',
    'race-1',
    'race-2',
    'race-3',
    'race-4',
  ]);
});
