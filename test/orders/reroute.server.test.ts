/**
 * Re-routing under real concurrency on the PostgreSQL server (PGlite is one session and cannot
 * race): two re-routes of one supplier order make one new source, and re-routes racing with new
 * orders for the same own stock never sell a unit twice.
 */
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { afterEach, describe, expect, it } from 'vitest';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { jobQueue } from '../support/dispatch.js';
import { offer, placeOrder, product, stock, stockLedger, supplier, warehouse } from '../support/dropship.js';

const ROUNDS = 10;

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`re-routing races on ${backend}`, () => {
    let t: TestApp;
    let boss: PgBoss;
    afterEach(async () => {
      await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
      await t?.close();
    });

    /** `count` orders of one unit of a product that only supplier A offers, each rejected by A. */
    async function rejectedOrders(count: number, withB: boolean) {
      t = await testApp(backend);
      boss = await jobQueue(t.database);
      const db = t.database.db;
      const productId = await product(db, 'HOT');
      const a = await supplier(db, 'A');
      const offerA = await offer(db, a, productId, '5.00', 1000);
      if (withB) await offer(db, await supplier(db, 'B'), productId, '6.00', 1000);
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        const res = await placeOrder(t.app, [{ sku: 'HOT', quantity: 1 }]);
        expect(res.statusCode).toBe(201);
        const so = await db
          .selectFrom('supplier_orders as so')
          .innerJoin('orders as o', 'o.id', 'so.order_id')
          .select('so.id')
          .where('o.order_number', '=', res.json().number)
          .executeTakeFirstOrThrow();
        await db
          .transaction()
          .execute((trx) =>
            transitionSupplierOrder(trx, { supplierOrderId: so.id, to: 'rejected', source: 'webhook' }),
          );
        ids.push(so.id);
      }
      return { productId, offerA, ids };
    }
    const reroute = (id: number) =>
      t.app.inject({ method: 'POST', url: `/api/supplier-orders/${id}/reroute`, headers: t.staff });
    const count = async (table: 'supplier_orders' | 'order_item_allocations') =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n;

    it(`two concurrent re-routes of one supplier order make one new source (${ROUNDS} times)`, async () => {
      const { ids } = await rejectedOrders(ROUNDS, true);
      const before = await count('supplier_orders');
      const answers = await Promise.all(ids.flatMap((id) => [reroute(id), reroute(id)]));
      expect(answers.map((r) => r.statusCode).filter((c) => c !== 200)).toEqual([]);
      for (let i = 0; i < ROUNDS; i++) {
        const pair = [answers[2 * i]!.json(), answers[2 * i + 1]!.json()];
        expect(pair.map((p) => p.alreadyRerouted).sort()).toEqual([false, true]);
        expect(pair[0].lines).toEqual(pair[1].lines);
      }
      expect(await count('supplier_orders')).toBe(before + ROUNDS);
      const { rows } = await sql<{ status: string; n: number }>`
        SELECT status, count(*)::int AS n FROM order_item_allocations GROUP BY status ORDER BY status`.execute(
        t.database.db,
      );
      expect(rows).toEqual([
        { status: 'ordered', n: ROUNDS },
        { status: 'rerouted', n: ROUNDS },
      ]);
    });

    it('re-routes racing with new orders for the same own stock never sell a unit twice', async () => {
      const UNITS = 5;
      const { productId, offerA, ids } = await rejectedOrders(ROUNDS, false);
      const db = t.database.db;
      // Now the only source: own stock for 5 units (A has none left for new orders).
      await db.updateTable('supplier_catalogs').set({ stock_quantity: 0 }).where('id', '=', offerA).execute();
      const inventoryId = await stock(db, await warehouse(db), productId, UNITS);
      const responses = await Promise.all([
        ...ids.map((id) => reroute(id)),
        ...ids.map(() => placeOrder(t.app, [{ sku: 'HOT', quantity: 1 }])),
      ]);
      const rerouted = responses.slice(0, ROUNDS);
      const orders = responses.slice(ROUNDS);
      expect(rerouted.map((r) => r.statusCode).filter((c) => c !== 200)).toEqual([]);
      const toStock = rerouted.filter((r) => r.json().lines[0].to.length > 0).length;
      const unfulfillable = rerouted.filter((r) => r.json().lines[0].unfulfillable).length;
      const placed = orders.filter((r) => r.statusCode === 201).length;
      expect(orders.map((r) => r.statusCode).filter((c) => c !== 201 && c !== 409)).toEqual([]);
      expect(toStock + unfulfillable).toBe(ROUNDS);
      expect(toStock + placed).toBe(UNITS);
      expect(await stockLedger(db, inventoryId)).toEqual({ on_hand: UNITS, reserved: UNITS, allocated: UNITS });
    });
  });
}
