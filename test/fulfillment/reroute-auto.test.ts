/**
 * What the shop does on its own when a supplier will not fill an order, on both backends, with
 * the supplier simulator as the peer: a rejection (dispatch's answer, a signed webhook)
 * re-routes the lines in its transaction when REROUTE_ON_REJECTION is on and leaves them when it
 * is off; the live re-check before sending finds the supplier out of stock (re-routed), its cost
 * under the minimum margin (held for an operator), or everything fine (sent).
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchSupplierOrder, type DispatchDeps } from '../../src/fulfillment/dispatch/dispatch.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { buildApp } from '../../src/http/app.js';
import { automaticReroute } from '../../src/orders/auto-reroute.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { signature } from '../../src/supplier-sim/webhooks.js';
import type { TestApp } from '../support/app.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { backends } from '../support/databases.js';
import { shopWithSim } from '../support/shop-with-sim.js';
import { connectToSim, testDispatchSettings } from '../support/dispatch.js';
import { offer, placeOrder, product, supplier } from '../support/dropship.js';
import { script, simCatalog, simState } from '../support/sim.js';

const SECRET = 'whsec-reroute-test';

for (const backend of backends) {
  describe(`automatic re-routing and the live re-check on ${backend}`, () => {
    const shop = shopWithSim(backend, { apiKey: 'key-r' });
    let t: TestApp;
    let s: RunningSim;
    let n = 0;
    beforeAll(() => void ({ t, s } = shop));

    /** Supplier A (API, at the simulator, cheaper) and B behind it; an order of 2 placed: a supplier order at A. */
    async function placed(options: { liveStockCheck?: boolean } = {}) {
      n += 1;
      const db = t.database.db;
      const sku = `AU${n}`;
      const productId = await product(db, sku);
      const a = await supplier(db, `A${n}`);
      const b = await supplier(db, `B${n}`);
      await offer(db, a, productId, '5.00', 100, { sku: `A${n}-${sku}` });
      await offer(db, b, productId, '6.00', 100, { sku: `B${n}-${sku}` });
      const res = await placeOrder(t.app, [{ sku, quantity: 2 }]);
      const orderNumber = res.json().number as string;
      await connectToSim(db, t.secrets.credentialsKey, a, s.url, { apiKey: 'key-r', webhookSecret: SECRET });
      await db
        .updateTable('suppliers')
        .set({ live_stock_check: options.liveStockCheck ?? false })
        .where('id', '=', a)
        .execute();
      const rows = await db
        .selectFrom('supplier_orders as so')
        .innerJoin('orders as o', 'o.id', 'so.order_id')
        .select(['so.id', 'so.idempotency_key'])
        .where('o.order_number', '=', orderNumber)
        .executeTakeFirstOrThrow();
      return { sku, a, b, orderNumber, supplierOrderId: rows.id, reference: rows.idempotency_key };
    }
    const deps = (reroute: boolean): DispatchDeps => ({
      db: t.database.db,
      credentialsKey: t.secrets.credentialsKey,
      settings: testDispatchSettings,
      syncOrder: rollUpOrderStatus,
      reroute: reroute ? automaticReroute(undefined) : undefined,
    });
    const row = (id: number) =>
      t.database.db.selectFrom('supplier_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    /** The customer order's supplier orders: supplier id and status, oldest first. */
    const supplierOrders = async (orderNumber: string) =>
      (
        await sql<{ id: number; supplier_id: number; status: string }>`
          SELECT so.id, so.supplier_id, so.status FROM supplier_orders so JOIN orders o ON o.id = so.order_id
           WHERE o.order_number = ${orderNumber} ORDER BY so.id`.execute(t.database.db)
      ).rows;
    const allocationStatuses = async (orderNumber: string) =>
      (
        await sql<{ status: string }>`
          SELECT a.status FROM order_item_allocations a JOIN orders o ON o.id = a.order_id
           WHERE o.order_number = ${orderNumber} ORDER BY a.id`.execute(t.database.db)
      ).rows.map((r) => r.status);

    it('a rejection answered to dispatch re-routes the lines in the same transaction, logged as the system', async () => {
      const p = await placed();
      await script(s, [{ status: 422, body: { error: 'discontinued' } }]);
      expect(await dispatchSupplierOrder(deps(true), p.supplierOrderId)).toMatchObject({ outcome: 'rejected' });
      const orders = await supplierOrders(p.orderNumber);
      expect(orders.map((o) => [o.supplier_id, o.status])).toEqual([
        [p.a, 'rejected'],
        [p.b, 'pending'],
      ]);
      expect(await allocationStatuses(p.orderNumber)).toEqual(['rerouted', 'ordered']);
      const events = await supplierOrderEvents(t.database.db, p.supplierOrderId);
      expect(events.map((e) => [e.to, e.source, e.applied])).toEqual([
        ['rejected', 'api', true],
        ['rejected', 'system', false],
      ]);
      expect(events[1]).toMatchObject({
        actor: 'automatic re-route',
        reason: `re-routed automatically: ${p.sku} x2 → B${n} (supplier order ${orders[1]!.id})`,
      });
    });

    it('with REROUTE_ON_REJECTION off a rejection leaves the lines for an operator', async () => {
      const p = await placed();
      await script(s, [{ status: 422, body: { error: 'discontinued' } }]);
      expect(await dispatchSupplierOrder(deps(false), p.supplierOrderId)).toMatchObject({ outcome: 'rejected' });
      expect((await supplierOrders(p.orderNumber)).map((o) => o.status)).toEqual(['rejected']);
      expect(await allocationStatuses(p.orderNumber)).toEqual(['ordered']);
    });

    it('a signed order.rejected webhook re-routes when the setting is on, and not when it is off', async () => {
      const webhook = (app: typeof t.app, reference: string, id: string) => {
        const body = JSON.stringify({
          id,
          type: 'order.rejected',
          reference,
          occurredAt: new Date().toISOString(),
          reason: 'no stock',
        });
        const code = reference.split('/')[1]!;
        return app.inject({
          method: 'POST',
          url: `/api/webhooks/suppliers/${code}`,
          headers: {
            'content-type': 'application/json',
            'x-jne-signature': signature(SECRET, Math.floor(Date.now() / 1000), body),
          },
          payload: body,
        });
      };
      const on = await placed();
      const res = await webhook(t.app, on.reference, `evt-on-${n}`);
      expect(res.json()).toEqual({ applied: true });
      expect((await supplierOrders(on.orderNumber)).map((o) => o.status)).toEqual(['rejected', 'pending']);
      expect(await allocationStatuses(on.orderNumber)).toEqual(['rerouted', 'ordered']);

      // The same database behind an app with REROUTE_ON_REJECTION=false.
      const off = await buildApp({
        config: { logLevel: 'silent', rerouteOnRejection: false },
        database: t.database,
        migrations: loadMigrations(),
        secrets: t.secrets,
      });
      try {
        const p = await placed();
        expect((await webhook(off, p.reference, `evt-off-${n}`)).json()).toEqual({ applied: true });
        expect((await supplierOrders(p.orderNumber)).map((o) => o.status)).toEqual(['rejected']);
        expect(await allocationStatuses(p.orderNumber)).toEqual(['ordered']);
      } finally {
        await off.close();
      }
    });

    it('the live re-check finds the supplier out of stock: not sent, re-routed', async () => {
      const p = await placed({ liveStockCheck: true });
      await simCatalog(s, [{ supplierSku: `A${n}-${p.sku}`, available: 1, unitCost: '5.00' }]);
      const result = await dispatchSupplierOrder(deps(true), p.supplierOrderId);
      expect(result).toMatchObject({ outcome: 'rerouted' });
      expect(result.detail).toBe(`not sent: the live re-check found A${n}-${p.sku}: 1 in stock, 2 ordered`);
      expect((await supplierOrders(p.orderNumber)).map((o) => [o.supplier_id, o.status])).toEqual([
        [p.a, 'cancelled'],
        [p.b, 'pending'],
      ]);
      expect((await simState(s)).received[p.reference]).toBeUndefined();
      const events = await supplierOrderEvents(t.database.db, p.supplierOrderId);
      expect(events.map((e) => [e.from, e.to, e.source])).toEqual([
        ['pending', 'cancelled', 'system'],
        ['cancelled', 'cancelled', 'system'],
      ]);
    });

    it('the live re-check finds the cost under the minimum margin: held for an operator with the reason', async () => {
      const p = await placed({ liveStockCheck: true });
      // 20.00 at a 15 % minimum margin: a unit may cost 17.00.
      await simCatalog(s, [{ supplierSku: `A${n}-${p.sku}`, available: 50, unitCost: '17.50' }]);
      const result = await dispatchSupplierOrder(deps(false), p.supplierOrderId);
      const reason =
        `not sent: the live re-check found A${n}-${p.sku}: costs 17.50 now (landed 17.50), ` +
        'under the minimum margin of 15.00 % at the selling price 20.00';
      expect(result).toEqual({ outcome: 'held', attempt: 1, detail: reason });
      expect(await row(p.supplierOrderId)).toMatchObject({
        status: 'pending',
        next_attempt_at: null,
        last_error: reason,
      });
      expect((await supplierOrderEvents(t.database.db, p.supplierOrderId)).at(-1)).toMatchObject({
        from: 'pending',
        to: 'pending',
        applied: false,
        source: 'system',
        reason: `held for an operator: ${reason}`,
        payload: { note: 'held' },
      });
      expect((await simState(s)).received[p.reference]).toBeUndefined();
      // Held is re-routable by an operator: cancelled, and its line goes to B.
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/supplier-orders/${p.supplierOrderId}/reroute`,
        headers: t.staff,
      });
      expect(res.json().lines[0].to[0]).toMatchObject({ kind: 'supplier', supplier: `B${n}` });
      expect((await row(p.supplierOrderId)).status).toBe('cancelled');
    });

    it('a supplier that offers none of the SKUs (404) is out of stock too', async () => {
      const p = await placed({ liveStockCheck: true });
      await simCatalog(s, []);
      const result = await dispatchSupplierOrder(deps(false), p.supplierOrderId);
      expect(result).toMatchObject({ outcome: 'held' });
      expect(result.detail).toBe(
        `not sent: the live re-check found the supplier offers none of A${n}-${p.sku} any more`,
      );
    });

    it('the live re-check finds stock at a cost that keeps the margin: sent', async () => {
      const p = await placed({ liveStockCheck: true });
      await simCatalog(s, [{ supplierSku: `A${n}-${p.sku}`, available: 2, unitCost: '5.40' }]);
      expect(await dispatchSupplierOrder(deps(true), p.supplierOrderId)).toMatchObject({ outcome: 'submitted' });
      expect((await simState(s)).received[p.reference]).toBe(1);
    });

    it('a re-check that gets no usable answer does not block the order: it is sent, and the event says so', async () => {
      const p = await placed({ liveStockCheck: true });
      await script(s, [{ for: 'stock', status: 503, body: { error: 'maintenance' } }]);
      expect(await dispatchSupplierOrder(deps(true), p.supplierOrderId)).toMatchObject({ outcome: 'submitted' });
      const events = await supplierOrderEvents(t.database.db, p.supplierOrderId);
      expect(events[0]).toMatchObject({
        to: 'submitted',
        payload: {
          unchecked: 'stock check: the supplier answered 503: {"error":"maintenance"}; sent unchecked',
        },
      });
    });
  });
}
