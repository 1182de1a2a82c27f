/**
 * Re-routing skips the suppliers rated under ROUTING_RATING_FLOOR, as placement does: by the
 * operator's route and by the automatic re-route after a rejection. Both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import { automaticReroute } from '../../src/orders/auto-reroute.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, placeOrder, product, supplier } from '../support/dropship.js';
import { databaseNow, handOrders, recompute } from '../support/performance.js';

for (const backend of backends) {
  describe(`re-routing under a rating floor on ${backend}`, () => {
    let t: TestApp;
    let n = 0;
    beforeAll(async () => {
      t = await testApp(backend, { config: { logLevel: 'silent', routing: { ratingFloor: '2.00' } } });
    }, 120_000);
    afterAll(() => t?.close());

    /** FIRST (cheapest), LOW (next cheapest, rated 1.25) and LAST offer one product; an order of it goes to FIRST. */
    async function ordered() {
      n += 1;
      const db = t.database.db;
      const sku = `FLOOR${n}`;
      const productId = await product(db, sku);
      const ids: Record<string, number> = {};
      for (const [code, cost] of [
        ['FIRST', '5.00'],
        ['LOW', '6.00'],
        ['LAST', '8.00'],
      ] as const) {
        ids[code] = await supplier(db, `${code}${n}`);
        await offer(db, ids[code], productId, cost, 100, { sku: `${code}${n}-${sku}` });
      }
      // LOW rejected an order yesterday: rated 1.25 from one order, under the floor.
      await handOrders(db, { supplierId: ids.LOW!, productId: await product(db, `RATED${n}`) }, await databaseNow(db), [
        { status: 'rejected', created: 30 },
      ]);
      await recompute(db, { minOrders: 1 });
      const res = await placeOrder(t.app, [{ sku, quantity: 1 }]);
      expect(res.statusCode).toBe(201);
      const first = await db
        .selectFrom('supplier_orders as so')
        .innerJoin('orders as o', 'o.id', 'so.order_id')
        .select(['so.id', 'so.supplier_id'])
        .where('o.order_number', '=', res.json().number)
        .executeTakeFirstOrThrow();
      expect(first.supplier_id).toBe(ids.FIRST);
      await db.transaction().execute((trx) =>
        transitionSupplierOrder(trx, {
          supplierOrderId: first.id,
          to: 'rejected',
          source: 'webhook',
          reason: 'no stock',
        }),
      );
      return { ids, orderNumber: res.json().number as string, supplierOrderId: first.id };
    }
    const newSupplierOf = async (orderNumber: string, not: number) =>
      (
        await t.database.db
          .selectFrom('supplier_orders as so')
          .innerJoin('orders as o', 'o.id', 'so.order_id')
          .select('so.supplier_id')
          .where('o.order_number', '=', orderNumber)
          .where('so.id', '<>', not)
          .executeTakeFirstOrThrow()
      ).supplier_id;

    it("the operator's re-route passes over the supplier under the floor", async () => {
      const o = await ordered();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/supplier-orders/${o.supplierOrderId}/reroute`,
        headers: t.staff,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await newSupplierOf(o.orderNumber, o.supplierOrderId)).toBe(o.ids.LAST);
    });

    it('the automatic re-route too', async () => {
      const o = await ordered();
      await t.database.db.transaction().execute((trx) => automaticReroute('2.00')(trx, o.supplierOrderId));
      expect(await newSupplierOf(o.orderNumber, o.supplierOrderId)).toBe(o.ids.LAST);
    });
  });
}
