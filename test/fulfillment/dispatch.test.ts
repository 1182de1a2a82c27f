/**
 * Sending supplier orders by API to the supplier simulator on loopback, on both backends: the
 * purchase order of DESIGN §7, submitted / rejected / retried with backoff honouring Retry-After
 * / failed after the last attempt, timeouts resent under the same key, and the worker sending a
 * job enqueued in a transaction.
 */
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchSupplierOrder, type DispatchDeps } from '../../src/fulfillment/dispatch/dispatch.js';
import { enqueueDispatch } from '../../src/fulfillment/dispatch/job-queue.js';
import { startDispatchWorkers } from '../../src/fulfillment/dispatch/worker.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { connectToSim, jobQueue, testDispatchSettings } from '../support/dispatch.js';
import { sim, simState } from '../support/sim.js';
import { placeOrder, supplier } from '../support/dropship.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

for (const backend of backends) {
  describe(`dispatch by API on ${backend}`, () => {
    let t: TestApp;
    let s: RunningSim;
    let boss: PgBoss;
    let code = 'APISUP';
    let suppliers = 0;
    // A new database with every migration (and the job queue): minutes on a busy machine.
    beforeAll(async () => {
      t = await testApp(backend);
      boss = await jobQueue(t.database);
    }, 180_000);
    afterEach(async () => {
      await s?.close();
      // Each test's jobs stay its own.
      await sql`DELETE FROM pgboss.job`.execute(t.database.db);
    });
    afterAll(async () => {
      await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
      await t?.close();
    });

    /** A new supplier (APISUP1, APISUP2, ...) at a new simulator, with one placed order. */
    async function setup(simOptions: Parameters<typeof sim>[0] = {}) {
      suppliers += 1;
      code = `APISUP${suppliers}`;
      s = await sim({ apiKey: 'key-1', ...simOptions });
      const placed = await placeSupplierOrder(t, code, {}, 3);
      await connectToSim(t.database.db, t.secrets.credentialsKey, placed.supplierId, s.url, { apiKey: 'key-1' });
      const deps: DispatchDeps = {
        db: t.database.db,
        credentialsKey: t.secrets.credentialsKey,
        settings: testDispatchSettings,
        syncOrder: rollUpOrderStatus,
      };
      return { ...placed, deps };
    }
    const row = (id: number) =>
      t.database.db.selectFrom('supplier_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const script = (responses: unknown[]) =>
      fetch(`${s.url}/_sim/script`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ responses }),
      });
    const queuedJobs = async () =>
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'supplier-order-dispatch' AND state = 'created'`.execute(
          t.database.db,
        )
      ).rows[0]!.n;

    it('an order for a supplier that submits automatically carries its dispatch job; others wait for an operator', async () => {
      suppliers += 1;
      const auto = `AUTO${suppliers}`;
      const id = await supplier(t.database.db, auto);
      await t.database.db.updateTable('suppliers').set({ auto_submit: true }).where('id', '=', id).execute();
      const placed = await placeSupplierOrder(t, auto);
      const jobs = await sql<{ data: { supplierOrderId: number } }>`
        SELECT data FROM pgboss.job WHERE name = 'supplier-order-dispatch'`.execute(t.database.db);
      expect(jobs.rows.map((j) => j.data.supplierOrderId)).toEqual([placed.supplierOrderId]);
      // A supplier without auto_submit: the supplier order is pending, with no job.
      suppliers += 1;
      await placeSupplierOrder(t, `MANUAL${suppliers}`);
      expect(await queuedJobs()).toBe(1);
    });

    it('a test order (staff only) is placed and routed, but its supplier orders are never sent', async () => {
      suppliers += 1;
      const auto = `TEST${suppliers}`;
      const id = await supplier(t.database.db, auto);
      await t.database.db.updateTable('suppliers').set({ auto_submit: true }).where('id', '=', id).execute();
      const before = await queuedJobs();
      const refused = await placeOrder(t.app, [{ sku: 'X', quantity: 1 }], undefined, { 'x-jne-test-order': 'true' });
      expect(refused.statusCode).toBe(403);
      const placed = await placeSupplierOrder(t, auto, {}, 1, { 'x-jne-test-order': 'true', ...t.staff });
      expect(await queuedJobs()).toBe(before);
      s = await sim({ apiKey: 'key-1' });
      await connectToSim(t.database.db, t.secrets.credentialsKey, placed.supplierId, s.url, { apiKey: 'key-1' });
      const deps: DispatchDeps = {
        db: t.database.db,
        credentialsKey: t.secrets.credentialsKey,
        settings: testDispatchSettings,
        syncOrder: rollUpOrderStatus,
      };
      expect(await dispatchSupplierOrder(deps, placed.supplierOrderId)).toEqual({
        outcome: 'nothing_to_do',
        detail: 'it belongs to a test order, which is never sent',
      });
      const submit = await t.app.inject({
        method: 'POST',
        url: `/api/supplier-orders/${placed.supplierOrderId}/submit`,
        headers: t.staff,
      });
      expect(submit.statusCode).toBe(409);
      expect((await row(placed.supplierOrderId)).status).toBe('pending');
      expect((await simState(s)).received).toEqual({});
    });

    it('sends the purchase order of DESIGN §7 and records the submission with the supplier order number', async () => {
      const { supplierOrderId, reference, orderNumber, deps } = await setup();
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toEqual({ outcome: 'submitted', attempt: 1 });
      const state = await simState(s);
      expect(state.received).toEqual({ [reference]: 1 });
      expect(state.orders[0]).toMatchObject({
        reference,
        orderNumber,
        lines: [{ supplierSku: expect.stringMatching(new RegExp(`^${code}-DS\\d+$`)), quantity: 3, unitCost: '12.34' }],
      });
      const so = await row(supplierOrderId);
      expect(so).toMatchObject({
        status: 'submitted',
        external_reference: state.orders[0]!.id,
        attempts: 1,
        next_attempt_at: null,
      });
      expect(so.submitted_at).toBeInstanceOf(Date);
      const events = await supplierOrderEvents(t.database.db, supplierOrderId);
      expect(events).toMatchObject([
        { from: 'pending', to: 'submitted', source: 'api', applied: true, actor: 'dispatch worker' },
      ]);
      // The customer order follows in the same transaction: a supplier has the order.
      const customer = await t.database.db
        .selectFrom('order_status_events as e')
        .innerJoin('orders as o', 'o.id', 'e.order_id')
        .select(['o.status', 'e.to_status', 'e.cause'])
        .where('o.order_number', '=', orderNumber)
        .orderBy('e.id', 'desc')
        .executeTakeFirstOrThrow();
      expect(customer).toEqual({
        status: 'processing',
        to_status: 'processing',
        cause: `supplier order ${supplierOrderId} submitted (dispatch)`,
      });
      // A second job for it has nothing to do: nothing more reaches the supplier.
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toEqual({
        outcome: 'nothing_to_do',
        detail: 'it is submitted',
      });
      expect((await simState(s)).received).toEqual({ [reference]: 1 });
    });

    it('a 4xx other than 408/409/429 is a rejection with the supplier body as reason, not retried', async () => {
      const { supplierOrderId, reference, deps } = await setup({ acceptRate: 0 });
      const result = await dispatchSupplierOrder(deps, supplierOrderId);
      expect(result).toMatchObject({ outcome: 'rejected', attempt: 1 });
      const so = await row(supplierOrderId);
      expect(so.status).toBe('rejected');
      expect(so.last_error).toMatch(
        new RegExp(`^supplier answered 422: \\{"error":"out of stock: ${code}-DS\\d+"\\}$`),
      );
      expect((await supplierOrderEvents(t.database.db, supplierOrderId))[0]).toMatchObject({
        to: 'rejected',
        reason: so.last_error,
      });
      expect(await queuedJobs()).toBe(0);
      expect((await simState(s)).received).toEqual({ [reference]: 1 });
    });

    it('5xx and 429 are retried under the same key, no sooner than Retry-After, with the next job enqueued', async () => {
      const { supplierOrderId, reference, deps } = await setup();
      await script([{ status: 503, retryAfter: 30 }, { status: 429 }, { status: 201 }]);
      const before = Date.now();
      const first = await dispatchSupplierOrder(deps, supplierOrderId);
      expect(first).toMatchObject({ outcome: 'retry_scheduled', attempt: 1 });
      let so = await row(supplierOrderId);
      expect(so.status).toBe('pending');
      expect(so.last_error).toContain('supplier answered 503');
      expect(so.next_attempt_at!.getTime()).toBeGreaterThanOrEqual(before + 30_000);
      expect(await queuedJobs()).toBe(1);
      // Not due yet: another worker's job finds it held.
      await expect(dispatchSupplierOrder(deps, supplierOrderId)).rejects.toThrow('is being sent by another worker');

      await t.database.db
        .updateTable('supplier_orders')
        .set({ next_attempt_at: new Date() })
        .where('id', '=', supplierOrderId)
        .execute();
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toMatchObject({
        outcome: 'retry_scheduled',
        attempt: 2,
      });
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toMatchObject({ outcome: 'submitted', attempt: 3 });
      so = await row(supplierOrderId);
      expect(so).toMatchObject({ status: 'submitted', attempts: 3 });
      expect((await simState(s)).received).toEqual({ [reference]: 3 });
      expect((await simState(s)).orders).toHaveLength(1);
    });

    it('a timeout is retried; the supplier that had taken the order answers 409 and it counts as submitted', async () => {
      const { supplierOrderId, reference, deps } = await setup();
      await script([{ status: 201, delayMs: 1500 }]);
      const first = await dispatchSupplierOrder(deps, supplierOrderId);
      expect(first).toMatchObject({ outcome: 'retry_scheduled', attempt: 1 });
      expect(first.detail).toContain(`no answer within ${testDispatchSettings.timeoutMs} ms`);
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toMatchObject({ outcome: 'submitted', attempt: 2 });
      const state = await simState(s);
      expect(state.received).toEqual({ [reference]: 2 });
      expect(state.orders).toHaveLength(1);
      expect((await row(supplierOrderId)).external_reference).toBe(state.orders[0]!.id);
    });

    it('after the last attempt the supplier order is failed, with the reason', async () => {
      const { supplierOrderId, deps } = await setup({ failRate: 1 });
      await dispatchSupplierOrder(deps, supplierOrderId);
      // Retry-After: 1 from the simulator; the test does not wait for it.
      const due = () =>
        t.database.db
          .updateTable('supplier_orders')
          .set({ next_attempt_at: new Date() })
          .where('id', '=', supplierOrderId)
          .execute();
      await due();
      await dispatchSupplierOrder(deps, supplierOrderId);
      await due();
      const last = await dispatchSupplierOrder(deps, supplierOrderId);
      expect(last).toMatchObject({ outcome: 'failed', attempt: 3 });
      const so = await row(supplierOrderId);
      expect(so.status).toBe('failed');
      expect(so.last_error).toBe(
        'gave up after 3 attempt(s); last: supplier answered 503: {"error":"temporarily overloaded"}',
      );
      const events = await supplierOrderEvents(t.database.db, supplierOrderId);
      expect(events.map((e) => [e.from, e.to, e.applied])).toEqual([['pending', 'failed', true]]);
    });

    it('an unreadable credential fails the supplier order without calling the supplier', async () => {
      const { supplierOrderId, supplierId, deps } = await setup();
      await t.database.db
        .updateTable('suppliers')
        .set({ api_credentials_encrypted: 'bm90IGEgY2lwaGVydGV4dCBhdCBhbGwgYXQgYWxs' })
        .where('id', '=', supplierId)
        .execute();
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toMatchObject({
        outcome: 'failed',
        detail: `the API credentials of supplier ${code} cannot be decrypted with this CREDENTIALS_KEY`,
      });
      expect((await simState(s)).received).toEqual({});
    });

    it('a job enqueued in a transaction is sent by a worker; a rolled-back one never exists', async () => {
      const { supplierOrderId, reference, deps } = await setup();
      const second = await placeSupplierOrder(t, code, {}, 1);
      await t.database.db
        .updateTable('supplier_orders')
        .set({ method: 'api' })
        .where('id', '=', second.supplierOrderId)
        .execute();
      await expect(
        t.database.db.transaction().execute(async (trx) => {
          await enqueueDispatch(trx, second.supplierOrderId);
          throw new Error('the order fails after its job was enqueued');
        }),
      ).rejects.toThrow('the order fails');
      expect(await queuedJobs()).toBe(0);
      await t.database.db.transaction().execute((trx) => enqueueDispatch(trx, supplierOrderId));
      const workers = await startDispatchWorkers(boss, deps, { workers: 2, pollSeconds: 1, log: silent });
      await expect
        .poll(async () => (await row(supplierOrderId)).status, { timeout: 20_000, interval: 200 })
        .toBe('submitted');
      await workers.stop();
      expect((await simState(s)).received).toEqual({ [reference]: 1 });
      expect((await row(second.supplierOrderId)).status).toBe('pending');
    });
  });
}
