/** GET /api/admin/dashboard: the day's orders and revenue, supplier orders, alerts, imports, low stock. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { placeOrder, product, stock, warehouse } from '../support/dropship.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

const cents = (amount: string) => Math.round(Number(amount) * 100);

for (const backend of backends) {
  describe(`dashboard on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
    });
    afterAll(() => t.close());

    const dashboard = (query = '', headers: Record<string, string> = t.staff) =>
      t.app.inject({ method: 'GET', url: `/api/admin/dashboard${query}`, headers });

    it('is empty, not zero-filled, for a shop with nothing yet', async () => {
      const res = await dashboard();
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.orders).toEqual({ placed: 0, cancelled: 0, revenue: [] });
      expect(body.supplierOrders).toEqual([]);
      expect(body.openAlerts).toEqual({ total: 0, latest: [] });
      expect(body.catalogImports).toEqual([]);
      expect(body.lowStock).toEqual({ total: 0, items: [] });
    });

    it('counts the day’s orders and revenue, supplier orders by status, open alerts, imports and low stock', async () => {
      const db = t.database.db;
      const mugId = await product(db, 'MUG', '19.99');
      const inventoryId = await stock(db, await warehouse(db), mugId, 5);
      await db
        .updateTable('fulfillment_inventory')
        .set({ low_stock_threshold: 3 })
        .where('id', '=', inventoryId)
        .execute();
      const own = await placeOrder(t.app, [{ sku: 'MUG', quantity: 3 }]);
      expect(own.statusCode).toBe(201);
      const dropship = await placeSupplierOrder(t, 'ACME');
      const dropshipTotal = (
        await t.app.inject({ method: 'GET', url: `/api/orders/${dropship.orderNumber}`, headers: t.staff })
      ).json().total;
      // An order of two days ago is not today's.
      await sql`UPDATE orders SET placed_at = now() - interval '2 days' WHERE order_number = ${dropship.orderNumber}`.execute(
        db,
      );
      const today = await placeSupplierOrder(t, 'ACME');
      const todayTotal = (
        await t.app.inject({ method: 'GET', url: `/api/orders/${today.orderNumber}`, headers: t.staff })
      ).json().total;
      await sql`INSERT INTO alerts (rule, subject, supplier_id, message)
                VALUES ('not_submitted', ${`supplier_order:${today.supplierOrderId}`}, ${today.supplierId}, 'Not sent for 40 minutes')`.execute(
        db,
      );
      await sql`INSERT INTO alerts (rule, subject, message, first_seen_at, resolved_at)
                VALUES ('stale_feed', ${`supplier:${today.supplierId}`}, 'Old feed', now() - interval '1 day', now())`.execute(
        db,
      );
      await sql`INSERT INTO catalog_imports (supplier_id, source, format, status, inserted, rejected, finished_at)
                VALUES (${today.supplierId}, 'feed.csv', 'csv', 'completed', 12, 2, now())`.execute(db);

      const body = (await dashboard()).json();
      expect(body.orders.placed).toBe(2);
      expect(body.orders.cancelled).toBe(0);
      expect(body.orders.revenue).toHaveLength(1);
      expect(body.orders.revenue[0].currency).toBe('EUR');
      expect(cents(body.orders.revenue[0].amount)).toBe(cents(own.json().total) + cents(todayTotal));
      expect(cents(body.orders.revenue[0].amount)).not.toBe(
        cents(own.json().total) + cents(todayTotal) + cents(dropshipTotal),
      );
      expect(body.supplierOrders).toEqual([{ status: 'pending', count: 2 }]);
      expect(body.openAlerts.total).toBe(1);
      expect(body.openAlerts.latest.map((a: { message: string }) => a.message)).toEqual(['Not sent for 40 minutes']);
      expect(body.catalogImports).toHaveLength(1);
      expect(body.catalogImports[0]).toMatchObject({
        supplierCode: 'ACME',
        status: 'completed',
        inserted: 12,
        rejected: 2,
      });
      expect(body.lowStock.total).toBe(1);
      expect(body.lowStock.items[0]).toMatchObject({ sku: 'MUG', quantityAvailable: 2, lowStockThreshold: 3 });
    });

    it('starts the day where the console says, and leaves cancelled orders out of the revenue', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await dashboard(`?since=${encodeURIComponent(future)}`)).json().orders).toEqual({
        placed: 0,
        cancelled: 0,
        revenue: [],
      });
      const before = (await dashboard()).json().orders;
      await sql`UPDATE orders SET status = 'cancelled' WHERE id = (SELECT max(id) FROM orders)`.execute(t.database.db);
      const after = (await dashboard()).json().orders;
      expect(after.placed).toBe(before.placed);
      expect(after.cancelled).toBe(1);
      expect(cents(after.revenue[0].amount)).toBeLessThan(cents(before.revenue[0].amount));
    });

    it('is for staff: 401 without a token, 400 for a day that is no time', async () => {
      expect((await dashboard('', {})).statusCode).toBe(401);
      const bad = await dashboard('?since=yesterday');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].path).toMatch(/since/);
    });
  });
}
