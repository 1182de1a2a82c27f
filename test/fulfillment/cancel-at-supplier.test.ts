/**
 * Cancelling at the supplier, on both backends, with the simulator as the peer: cancelling a
 * customer order puts its sent API supplier order in cancel_requested with a cancel job in the
 * same transaction; the worker's call is answered 2xx (cancelled), 409 (too late: it stays
 * cancel_requested, the reason recorded), or 503 (asked again later); a supplier that takes
 * orders by e-mail gets an operator note instead.
 */
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancelAtSupplier } from '../../src/fulfillment/dispatch/cancel.js';
import { dispatchSupplierOrder, type DispatchDeps } from '../../src/fulfillment/dispatch/dispatch.js';
import { startDispatchWorkers } from '../../src/fulfillment/dispatch/worker.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import type { TestApp } from '../support/app.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { backends } from '../support/databases.js';
import { shopWithSim } from '../support/shop-with-sim.js';
import { connectToSim, testDispatchSettings } from '../support/dispatch.js';
import { script, simState } from '../support/sim.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

for (const backend of backends) {
  describe(`cancelling at the supplier on ${backend}`, () => {
    const shop = shopWithSim(backend, { apiKey: 'key-c' });
    let t: TestApp;
    let boss: PgBoss;
    let s: RunningSim;
    let n = 0;
    beforeAll(() => void ({ t, boss, s } = shop));

    const deps = (): DispatchDeps => ({
      db: t.database.db,
      credentialsKey: t.secrets.credentialsKey,
      settings: testDispatchSettings,
      syncOrder: rollUpOrderStatus,
    });
    const row = (id: number) =>
      t.database.db.selectFrom('supplier_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const cancelJobs = async (id: number) =>
      (
        await sql<{ attempt: string; state: string }>`
          SELECT data->>'attempt' AS attempt, state FROM pgboss.job
           WHERE data->>'action' = 'cancel' AND data->>'supplierOrderId' = ${String(id)} ORDER BY created_on`.execute(
          t.database.db,
        )
      ).rows;

    /** An order sent to the simulator, then cancelled by staff: its supplier order is cancel_requested. */
    async function cancelRequested() {
      n += 1;
      const placed = await placeSupplierOrder(t, `CX${n}`, {}, 1);
      await connectToSim(t.database.db, t.secrets.credentialsKey, placed.supplierId, s.url, { apiKey: 'key-c' });
      expect(await dispatchSupplierOrder(deps(), placed.supplierOrderId)).toMatchObject({ outcome: 'submitted' });
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/orders/${placed.orderNumber}/cancel`,
        headers: t.staff,
      });
      expect(res.json()).toMatchObject({ supplierOrdersCancelRequested: 1 });
      expect((await row(placed.supplierOrderId)).status).toBe('cancel_requested');
      return placed;
    }

    it('the worker asks the supplier; it cancels: cancelled', async () => {
      const placed = await cancelRequested();
      // The cancel job came with the cancel request, in its transaction.
      expect(await cancelJobs(placed.supplierOrderId)).toEqual([{ attempt: '1', state: 'created' }]);
      const workers = await startDispatchWorkers(boss, deps(), { workers: 1, pollSeconds: 1, log: silent });
      try {
        for (let i = 0; i < 100 && (await row(placed.supplierOrderId)).status !== 'cancelled'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await workers.stop();
      }
      expect((await row(placed.supplierOrderId)).status).toBe('cancelled');
      const state = await simState(s);
      expect(state.cancels[placed.reference]).toBe(1);
      expect(state.orders.find((o) => o.reference === placed.reference)?.status).toBe('cancelled');
      expect((await supplierOrderEvents(t.database.db, placed.supplierOrderId)).at(-1)).toMatchObject({
        from: 'cancel_requested',
        to: 'cancelled',
        source: 'api',
        applied: true,
      });
    });

    it('the supplier answers 409: too late, it stays cancel_requested with the reason, and the shipment still applies', async () => {
      const placed = await cancelRequested();
      await script(s, [{ for: 'cancel', status: 409, body: { error: 'already shipped' } }]);
      const reason = 'the supplier says it is too late to cancel (it has shipped): {"error":"already shipped"}';
      expect(await cancelAtSupplier(deps(), placed.supplierOrderId, 1)).toEqual({
        outcome: 'too_late',
        attempt: 1,
        detail: reason,
      });
      expect(await row(placed.supplierOrderId)).toMatchObject({
        status: 'cancel_requested',
        last_error: reason,
        next_attempt_at: null,
      });
      expect((await supplierOrderEvents(t.database.db, placed.supplierOrderId)).at(-1)).toMatchObject({
        from: 'cancel_requested',
        to: 'cancel_requested',
        applied: false,
        reason,
        payload: { note: 'cancel_refused' },
      });
      // Not due any more: a leftover job does not call again.
      expect(await cancelAtSupplier(deps(), placed.supplierOrderId, 1)).toMatchObject({ outcome: 'nothing_to_do' });
      expect((await simState(s)).cancels[placed.reference]).toBe(1);
      const shipped = await t.database.db
        .transaction()
        .execute((trx) =>
          transitionSupplierOrder(trx, { supplierOrderId: placed.supplierOrderId, to: 'shipped', source: 'webhook' }),
        );
      expect(shipped.applied).toBe(true);
    });

    it('a 503 is asked again later, with the next cancel job in the same transaction', async () => {
      const placed = await cancelRequested();
      await script(s, [{ for: 'cancel', status: 503, body: { error: 'busy' } }]);
      expect(await cancelAtSupplier(deps(), placed.supplierOrderId, 1)).toMatchObject({
        outcome: 'retry_scheduled',
        attempt: 1,
      });
      expect(await row(placed.supplierOrderId)).toMatchObject({
        status: 'cancel_requested',
        last_error: 'cancel: supplier answered 503: {"error":"busy"}',
      });
      expect((await cancelJobs(placed.supplierOrderId)).map((j) => j.attempt)).toEqual(['1', '2']);
      expect(await cancelAtSupplier(deps(), placed.supplierOrderId, 2)).toMatchObject({ outcome: 'cancelled' });
    });

    it('a supplier that takes orders by e-mail: no call, a note for the operator to tell it by hand', async () => {
      n += 1;
      const placed = await placeSupplierOrder(t, `MAIL${n}`, {}, 1);
      await t.database.db.transaction().execute((trx) =>
        transitionSupplierOrder(trx, {
          supplierOrderId: placed.supplierOrderId,
          to: 'submitted',
          source: 'operator',
        }),
      );
      await t.app.inject({ method: 'POST', url: `/api/orders/${placed.orderNumber}/cancel`, headers: t.staff });
      expect((await row(placed.supplierOrderId)).status).toBe('cancel_requested');
      expect(await cancelJobs(placed.supplierOrderId)).toEqual([]);
      expect((await supplierOrderEvents(t.database.db, placed.supplierOrderId)).at(-1)).toMatchObject({
        to: 'cancel_requested',
        applied: false,
        source: 'system',
        reason:
          `supplier MAIL${n} took this order by email: tell it by hand that the order is cancelled, ` +
          'then mark the supplier order cancelled (or shipped, if it was too late)',
        payload: { note: 'cancel_by_hand' },
      });
    });
  });
}
