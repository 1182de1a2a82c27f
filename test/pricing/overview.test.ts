/** Cost basis, margin and units per source of a page of products at once, on each backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { offer, product, stock, supplier, warehouse } from '../support/dropship.js';

for (const backend of backends) {
  describe(`pricing overview on ${backend}`, () => {
    let t: TestApp;
    let mug: number;
    let loose: number;
    let drop: number;
    beforeAll(async () => {
      t = await testApp(backend);
      const db = t.database.db;
      const main = await warehouse(db, 'MAIN');
      const acme = await supplier(db, 'ACME', { buffer: 2 });
      mug = await product(db, 'MUG', '20.00', '8.00');
      await stock(db, main, mug, 5);
      await offer(db, acme, mug, '6.00', 9);
      loose = await product(db, 'LOOSE', '3.00', null);
      drop = await product(db, 'DROP', '10.00', null);
      await offer(db, acme, drop, '12.00', 4);
    });
    afterAll(async () => t?.close());

    it('gives each product its cost basis, the margin of its price over it, and its sources with units', async () => {
      const res = await t.app.inject({
        url: `/api/pricing/products?id=${mug}&id=${loose}&id=${drop}`,
        headers: t.staff,
      });
      expect(res.statusCode).toBe(200);
      const [m, l, d] = res.json().items;
      expect(m).toMatchObject({
        productId: mug,
        price: '20.00',
        basis: { source: 'own stock', cost: '8.0000' },
        marginPercent: '60.00',
        sources: [
          { kind: 'own', source: 'MAIN', units: 5 },
          { kind: 'supplier', source: 'ACME', units: 7, unitCost: '6.0000' },
        ],
      });
      expect(m.availableQuantity).toBe(12);
      expect(l).toEqual({
        productId: loose,
        price: '3.00',
        basis: null,
        marginPercent: null,
        availableQuantity: 0,
        sources: [],
      });
      // Sold under its supplier's cost: a negative margin, and the offer not counted as sellable.
      expect(d).toMatchObject({ basis: { source: 'supplier ACME', cost: '12.0000' }, marginPercent: '-20.00' });
      expect(d.sources[0]).toMatchObject({ offered: false, notOffered: 'margin broken at the current price' });
      expect(d.availableQuantity).toBe(0);
    });

    it('needs staff, at least one id and at most 100', async () => {
      expect((await t.app.inject({ url: `/api/pricing/products?id=${mug}` })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/pricing/products', headers: t.staff })).statusCode).toBe(400);
      const many = Array.from({ length: 101 }, (_, i) => `id=${i + 1}`).join('&');
      expect((await t.app.inject({ url: `/api/pricing/products?${many}`, headers: t.staff })).statusCode).toBe(400);
    });
  });
}
