/** What a product's availability tells the customer: own stock, a supplier's lead time, or sold out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, product, stock, supplier, warehouse } from '../support/dropship.js';

for (const backend of backends) {
  describe(`product availability on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
      const db = t.database.db;
      const main = await warehouse(db);
      const fast = await supplier(db, 'FAST');
      const slow = await supplier(db, 'SLOW');
      await db.updateTable('suppliers').set({ handling_days: 3 }).where('id', '=', fast).execute();
      await stock(db, main, await product(db, 'OWN'), 2);
      const both = await product(db, 'BOTH');
      await stock(db, main, both, 1);
      await offer(db, fast, both, '8.00', 50, { leadDays: 2 });
      const dropship = await product(db, 'DROP');
      await offer(db, fast, dropship, '8.00', 10, { leadDays: 4 });
      await offer(db, slow, dropship, '8.00', 10, { leadDays: 6 });
      await offer(db, fast, await product(db, 'HANDLING'), '8.00', 10);
      await offer(db, slow, await product(db, 'STALE'), '8.00', 10, { leadDays: 1, seenHoursAgo: 24 * 30 });
      await product(db, 'NONE');
    });
    afterAll(() => t.close());

    const availability = async (sku: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/products/${sku.toLowerCase()}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().availability;
    };

    it('is in stock when the own warehouse has it, supplier offers or not', async () => {
      expect(await availability('OWN')).toEqual({ state: 'in_stock', shipsWithinDays: null });
      expect(await availability('BOTH')).toEqual({ state: 'in_stock', shipsWithinDays: null });
    });

    it('ships from a supplier within the longest lead time of the offers that can sell it', async () => {
      expect(await availability('DROP')).toEqual({ state: 'from_supplier', shipsWithinDays: 6 });
      // No lead time on the offer: the supplier's handling days.
      expect(await availability('HANDLING')).toEqual({ state: 'from_supplier', shipsWithinDays: 3 });
    });

    it('is sold out with no stock, or only a stale offer', async () => {
      expect(await availability('NONE')).toEqual({ state: 'sold_out', shipsWithinDays: null });
      expect(await availability('STALE')).toEqual({ state: 'sold_out', shipsWithinDays: null });
    });

    it('says the same in the list, and agrees with inStock', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/products?limit=50' });
      const items = res.json().items as { sku: string; inStock: boolean; availability: { state: string } }[];
      expect(Object.fromEntries(items.map((p) => [p.sku, p.availability.state]))).toEqual({
        OWN: 'in_stock',
        BOTH: 'in_stock',
        DROP: 'from_supplier',
        HANDLING: 'from_supplier',
        STALE: 'sold_out',
        NONE: 'sold_out',
      });
      for (const p of items) expect(p.inStock).toBe(p.availability.state !== 'sold_out');
    });
  });
}
