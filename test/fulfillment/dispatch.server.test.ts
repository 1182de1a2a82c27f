/**
 * Dispatch under concurrency and crashes, on the real server only:
 * - two job queues (as in two processes) with several workers each and every job enqueued twice
 *   never send one supplier order twice;
 * - `jne worker` processes killed with SIGKILL at random moments, many times, against a
 *   simulator that counts what it receives by key: every supplier order reaches the supplier
 *   exactly once under its one reference, none is lost, all end submitted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { enqueueDispatch } from '../../src/fulfillment/dispatch/job-queue.js';
import { startDispatchWorkers } from '../../src/fulfillment/dispatch/worker.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { connectToSim, jobQueue, testDispatchSettings } from '../support/dispatch.js';
import { sim, simState } from '../support/sim.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';

const root = path.resolve(import.meta.dirname, '../..');
const silent = { info: () => {}, warn: () => {}, error: () => {} };

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`dispatch under concurrency and crashes on ${backend}`, () => {
    let t: TestApp;
    let s: RunningSim | undefined;
    const queues: PgBoss[] = [];
    const children: ChildProcess[] = [];

    afterEach(async () => {
      for (const q of queues.splice(0)) await q.stop({ graceful: false, wait: true, timeout: 2000 });
      for (const c of children.splice(0)) await kill(c);
      await s?.close();
      await t?.close();
    });
    afterAll(async () => {
      for (const c of children) await kill(c);
    });

    async function placeMany(n: number, code: string, simUrl: string) {
      const placed = [];
      for (let i = 0; i < n; i += 1) placed.push(await placeSupplierOrder(t, code, {}, 1));
      await connectToSim(t.database.db, t.secrets.credentialsKey, placed[0]!.supplierId, simUrl, { apiKey: 'k' });
      return placed;
    }
    const statuses = async () =>
      t.database.db.selectFrom('supplier_orders').select(['idempotency_key', 'status']).execute();

    it('two job queues with four workers each, every job enqueued twice: each supplier order is sent once', async () => {
      t = await testApp(backend);
      s = await sim({ apiKey: 'k', latencyMs: 30 });
      const placed = await placeMany(40, 'TWICE', s.url);
      queues.push(
        await jobQueue(t.database, { ...testDispatchSettings, recoverySeconds: 30 }),
        await jobQueue(t.database, { ...testDispatchSettings, recoverySeconds: 30 }),
      );
      await t.database.db.transaction().execute(async (trx) => {
        for (const p of placed) {
          await enqueueDispatch(trx, p.supplierOrderId);
          await enqueueDispatch(trx, p.supplierOrderId);
        }
      });
      // A timeout long enough that no send is resent for being slow: any second request would be a double send.
      const settings = { ...testDispatchSettings, timeoutMs: 10_000, recoverySeconds: 30 };
      const deps = {
        db: t.database.db,
        credentialsKey: t.secrets.credentialsKey,
        settings,
        syncOrder: rollUpOrderStatus,
      };
      for (const q of queues) await startDispatchWorkers(q, deps, { workers: 4, pollSeconds: 1, log: silent });
      await expect
        .poll(async () => (await statuses()).filter((r) => r.status === 'submitted').length, {
          timeout: 60_000,
          interval: 250,
        })
        .toBe(40);
      const state = await simState(s);
      expect(Object.keys(state.received).sort()).toEqual(placed.map((p) => p.reference).sort());
      expect(Object.entries(state.received).filter(([, n]) => n !== 1)).toEqual([]);
      expect(state.orders).toHaveLength(40);
    }, 120_000);

    it('jne worker processes killed with SIGKILL mid-dispatch, many times: each order once at the supplier, none lost', async () => {
      t = await testApp(backend);
      // Slow, flaky supplier: sends are often under way when a worker dies; some answers never come.
      s = await sim({ apiKey: 'k', latencyMs: 150, failRate: 0.15, timeoutRate: 0.1 });
      const placed = await placeMany(30, 'CRASH', s.url);
      queues.push(await jobQueue(t.database)); // installs the queue; its workers are the processes below
      await t.database.db.transaction().execute(async (trx) => {
        for (const p of placed) await enqueueDispatch(trx, p.supplierOrderId);
      });
      const env = {
        ...process.env,
        DATABASE_URL: t.database.url,
        AUTH_SECRET: randomBytes(32).toString('hex'),
        CREDENTIALS_KEY: t.secrets.credentialsKey.toString('hex'),
        WORKERS: '4',
        DISPATCH_TIMEOUT_MS: '400',
        DISPATCH_RECOVERY_SECONDS: '1',
        DISPATCH_POLL_SECONDS: '1',
        DISPATCH_RETRY_BASE_MS: '50',
        DISPATCH_RETRY_MAX_MS: '500',
        DISPATCH_MAX_ATTEMPTS: '100',
        LOG_LEVEL: 'silent',
      };
      const startWorker = () => {
        const child = spawn(process.execPath, [path.join(root, 'dist/src/cli/run.js'), 'worker'], {
          cwd: root,
          env,
          stdio: 'ignore',
        });
        children.push(child);
        return child;
      };
      let running = [startWorker(), startWorker()];
      // Ten kills at random moments, each with sends under way (the supplier answers slowly or never):
      // more kills prove nothing more, and every one starts a new process (a second or more of CPU).
      let kills = 0;
      for (let round = 0; round < 10; round += 1) {
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 500));
        const victim = running[Math.floor(Math.random() * running.length)]!;
        victim.kill('SIGKILL');
        kills += 1;
        running = [...running.filter((c) => c !== victim), startWorker()];
      }
      expect(kills).toBe(10);
      await expect
        .poll(async () => (await statuses()).filter((r) => r.status === 'submitted').length, {
          timeout: 120_000,
          interval: 500,
        })
        .toBe(30);
      const state = await simState(s);
      const references = placed.map((p) => p.reference).sort();
      // Every send used the supplier order's one reference, and the supplier holds one order for each.
      expect(Object.keys(state.received).sort()).toEqual(references);
      expect(state.orders.map((o) => o.reference).sort()).toEqual(references);
      expect(new Set(state.orders.map((o) => o.id)).size).toBe(30);
      const rows = await t.database.db
        .selectFrom('supplier_orders')
        .select(['idempotency_key', 'external_reference'])
        .execute();
      for (const r of rows) {
        expect(r.external_reference).toBe(state.orders.find((o) => o.reference === r.idempotency_key)!.id);
      }
    }, 240_000);
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
