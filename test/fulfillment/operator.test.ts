/**
 * Operator routes on both backends: a failed supplier order sent again (back to pending through
 * the state machine, a job due now, sent by a worker to the simulator), and the history route.
 */
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatchWorkers } from '../../src/fulfillment/dispatch/worker.js';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { connectToSim, jobQueue, testDispatchSettings } from '../support/dispatch.js';
import { sim, simState } from '../support/sim.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

for (const backend of backends) {
  describe(`supplier order operator routes on ${backend}`, () => {
    let t: TestApp;
    let s: RunningSim;
    let boss: PgBoss;
    // A new database with every migration (and the job queue): minutes on a busy machine.
    beforeAll(async () => {
      t = await testApp(backend);
      s = await sim();
      boss = await jobQueue(t.database);
    }, 180_000);
    afterAll(async () => {
      await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
      await s?.close();
      await t?.close();
    });

    it('sends a failed supplier order again, logs who did it, and refuses one already submitted', async () => {
      const db = t.database.db;
      const so = await placeSupplierOrder(t, 'OPS', {}, 1);
      await connectToSim(db, t.secrets.credentialsKey, so.supplierId, s.url);
      await db.transaction().execute((trx) =>
        transitionSupplierOrder(trx, {
          supplierOrderId: so.supplierOrderId,
          to: 'failed',
          source: 'system',
          reason: 'test',
        }),
      );
      const submit = () =>
        t.app.inject({ method: 'POST', url: `/api/supplier-orders/${so.supplierOrderId}/submit`, headers: t.staff });
      const res = await submit();
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: so.supplierOrderId, status: 'pending', jobId: expect.any(String) });

      const workers = await startDispatchWorkers(
        boss,
        { db, credentialsKey: t.secrets.credentialsKey, settings: testDispatchSettings, syncOrder: rollUpOrderStatus },
        { workers: 1, pollSeconds: 1, log: silent },
      );
      const status = async () =>
        (
          await db
            .selectFrom('supplier_orders')
            .select('status')
            .where('id', '=', so.supplierOrderId)
            .executeTakeFirstOrThrow()
        ).status;
      await expect.poll(status, { timeout: 20_000, interval: 200 }).toBe('submitted');
      await workers.stop();
      expect((await simState(s)).received).toEqual({ [so.reference]: 1 });

      const again = await submit();
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toBe(
        `Supplier order ${so.supplierOrderId} is submitted: only a pending or failed one can be sent`,
      );
      const history = await t.app.inject({
        url: `/api/supplier-orders/${so.supplierOrderId}/events`,
        headers: t.staff,
      });
      expect(
        history.json().items.map((e: { from: string; to: string; source: string }) => [e.from, e.to, e.source]),
      ).toEqual([
        ['pending', 'failed', 'system'],
        ['failed', 'pending', 'operator'],
        ['pending', 'submitted', 'api'],
      ]);
      expect(history.json().items[1]).toMatchObject({ actor: 'test staff', reason: 'sent again by an operator' });
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/supplier-orders/999999/submit', headers: t.staff }))
          .statusCode,
      ).toBe(404);
    });
  });
}
