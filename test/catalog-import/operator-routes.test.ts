/**
 * The console's catalog routes on each backend: the history of every supplier, one import with
 * its rejected rows, catalog search, linking by hand, draft products and the mapping preview.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { GERMAN_MAPPING, createProduct, createSupplier, germanCsv, items } from './support.js';

for (const backend of backends) {
  describe(`catalog console routes on ${backend}`, () => {
    let t: TestApp;
    let acme: number;
    let beta: number;
    beforeAll(async () => {
      t = await testApp(backend);
      acme = await createSupplier(t.database.db, 'ACME', { mapping: GERMAN_MAPPING });
      beta = await createSupplier(t.database.db, 'BETA', { mapping: GERMAN_MAPPING });
      const feed = germanCsv([...items(3), { sku: 'W-1', cost: '2.00', name: 'Blue widget', gtin: '4006381333931' }]);
      for (const [id, body] of [
        [acme, feed + 'BAD;x;1;;Bad;1\n'],
        [beta, germanCsv(items(1))],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/suppliers/${id}/catalog-imports?source=feed.csv`,
          headers: { ...t.admin, 'content-type': 'text/csv' },
          payload: body,
        });
        expect(res.statusCode).toBe(201);
      }
    });
    afterAll(async () => t?.close());

    it('lists the imports of every supplier with their codes, filters by supplier, and shows one with its rejections', async () => {
      const all = await t.app.inject({ url: '/api/catalog-imports?limit=1', headers: t.staff });
      expect(all.statusCode).toBe(200);
      expect(all.json()).toMatchObject({ total: 2, items: [{ supplierCode: 'BETA', supplierId: beta, inserted: 1 }] });

      const mine = await t.app.inject({ url: `/api/catalog-imports?supplierId=${acme}`, headers: t.staff });
      const [acmeImport] = mine.json().items;
      expect(mine.json().total).toBe(1);
      expect(acmeImport).toMatchObject({ supplierCode: 'ACME', inserted: 4, rejected: 1, source: 'feed.csv' });

      const one = await t.app.inject({ url: `/api/catalog-imports/${acmeImport.id}`, headers: t.staff });
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({
        id: acmeImport.id,
        rejected: 1,
        rejections: [{ line: 6, reason: expect.stringContaining('cost_price') }],
      });
      const failed = await t.app.inject({ url: '/api/catalog-imports?status=failed', headers: t.staff });
      expect(failed.json()).toEqual({ items: [], total: 0 });
      const missing = await t.app.inject({ url: '/api/catalog-imports/999999', headers: t.staff });
      expect(missing.statusCode).toBe(404);
      const anonymous = await t.app.inject({ url: '/api/catalog-imports' });
      expect(anonymous.statusCode).toBe(401);
    });

    it('takes a feed uploaded over a real connection (the raw body is a stream, not walked as JSON)', async () => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const address = t.app.server.address();
      if (!address || typeof address === 'string') throw new Error('no TCP port');
      const res = await fetch(`http://127.0.0.1:${address.port}/api/suppliers/${beta}/catalog-imports?mode=delta`, {
        method: 'POST',
        headers: { ...t.admin, 'content-type': 'text/csv' },
        body: germanCsv(items(2)),
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ status: 'completed', inserted: 1, unchanged: 1 });
    });

    it("searches a supplier's catalog by SKU, name or GTIN, with LIKE characters taken literally", async () => {
      const search = (q: string) =>
        t.app.inject({ url: `/api/suppliers/${acme}/catalog?q=${encodeURIComponent(q)}`, headers: t.staff });
      expect((await search('widget')).json()).toMatchObject({ total: 1, items: [{ supplierSku: 'W-1' }] });
      expect((await search('w-1')).json().items.map((i: { supplierSku: string }) => i.supplierSku)).toEqual(['W-1']);
      expect((await search('333931')).json().total).toBe(1);
      expect((await search('%')).json().total).toBe(0);
    });

    it('links an item by hand (admin only), refuses unknown products, and creates drafts from the rest', async () => {
      const productId = await createProduct(t.database.db, 'SHOP-W1', { price: '1.00' });
      const link = (body: object, headers = t.admin) =>
        t.app.inject({ method: 'POST', url: `/api/suppliers/${acme}/catalog/links`, headers, payload: body });

      expect((await link({ supplierSku: 'W-1', productSku: 'SHOP-W1' }, t.staff)).statusCode).toBe(403);
      const unknown = await link({ supplierSku: 'W-1', productSku: 'NOPE' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.message).toContain('NOPE');
      const linked = await link({ supplierSku: 'W-1', productSku: 'SHOP-W1' });
      expect(linked.statusCode).toBe(200);
      expect(linked.json()).toEqual({ productId, repriced: 1 });

      const unlinked = await t.app.inject({ url: `/api/suppliers/${acme}/catalog?unlinked=true`, headers: t.staff });
      expect(unlinked.json().total).toBe(3);
      const drafts = await t.app.inject({
        method: 'POST',
        url: `/api/suppliers/${acme}/catalog/drafts`,
        headers: t.admin,
      });
      expect(drafts.statusCode).toBe(200);
      expect(drafts.json().created).toBe(3);
      const after = await t.app.inject({ url: `/api/suppliers/${acme}/catalog?unlinked=true`, headers: t.staff });
      expect(after.json().total).toBe(0);
    });

    it('previews a mapping on a sample with the import rules, and says what is wrong with a bad one', async () => {
      const before = await t.app.inject({ url: `/api/suppliers/${acme}/catalog`, headers: t.staff });
      const preview = (payload: object) =>
        t.app.inject({ method: 'POST', url: `/api/suppliers/${acme}/catalog-preview`, headers: t.staff, payload });
      const sample = germanCsv([{ sku: 'N-1', cost: '1234.5' }]) + 'N-2;zwölf;3;;"x";1\nN-3;1,00;';
      const res = await preview({ sample, rows: 2 });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        format: 'csv',
        columns: ['Art.-Nr.', 'EK netto', 'Bestand', 'EAN', 'Bezeichnung', 'Lieferzeit'],
        mapping: { supplier_sku: 'Art.-Nr.', cost_price: 'EK netto', currency: 'currency' },
        problem: null,
        rows: [
          {
            line: 2,
            fields: { supplier_sku: 'N-1', cost_price: '1234,5', currency: null },
            row: { supplierSku: 'N-1', costPrice: '1234.5', stockQuantity: 10, currency: 'EUR' },
            reason: null,
          },
          { line: 3, row: null, reason: expect.stringContaining('cost_price') },
        ],
      });

      const wrong = await preview({ sample, mapping: { supplier_sku: 'SKU' } });
      expect(wrong.json().problem).toContain('no column "SKU"');
      expect(wrong.json().rows[0].reason).toContain('supplier_sku: missing');

      const json = await preview({
        sample: '[{"id":"J-1","price":"3.5","qty":2},{"id":"J-2","price":"4"',
        format: 'json',
        mapping: { supplier_sku: 'id', cost_price: 'price', stock_quantity: 'qty' },
      });
      expect(json.json()).toMatchObject({
        columns: ['id', 'price', 'qty'],
        rows: [{ row: { supplierSku: 'J-1', costPrice: '3.5', stockQuantity: 2 } }],
        problem: expect.stringContaining('ends inside its array'),
      });

      const unchanged = await t.app.inject({ url: `/api/suppliers/${acme}/catalog`, headers: t.staff });
      expect(unchanged.json()).toEqual(before.json());
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/suppliers/999999/catalog-preview',
        headers: t.staff,
        payload: { sample },
      });
      expect(unknown.statusCode).toBe(404);
    });
  });
}
