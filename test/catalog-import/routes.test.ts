/** The upload route and the history/catalog routes, with their roles, on each backend. */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { GERMAN_MAPPING, createProduct, createSupplier, germanCsv, items } from './support.js';

for (const backend of backends) {
  describe(`catalog import routes on ${backend}`, () => {
    let t: TestApp;
    let supplierId: number;
    beforeEach(async () => {
      // Not an object literal: AppDeps['config'] does not name catalogImport (the full Config has it).
      const config = { logLevel: 'silent' as const, catalogImport: { ...GUARD_SETTINGS, uploadLimitBytes: 4096 } };
      t = await testApp(backend, { config });
      supplierId = await createSupplier(t.database.db, 'ACME', { mapping: GERMAN_MAPPING });
    });
    afterEach(async () => t?.close());

    const upload = (body: string, contentType: string, query = '', headers: Record<string, string> = t.admin) =>
      t.app.inject({
        method: 'POST',
        url: `/api/suppliers/${supplierId}/catalog-imports${query}`,
        headers: { ...headers, 'content-type': contentType },
        payload: body,
      });

    it('imports a raw CSV body for an admin and lists the history and the catalog for staff', async () => {
      const res = await upload(germanCsv(items(3)) + 'BAD;x;1;;Bad;1\n', 'text/csv; charset=utf-8', '?source=feed.csv');
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        status: 'completed',
        inserted: 3,
        rejected: 1,
        rejections: [{ line: 5, reason: expect.stringContaining('cost_price') }],
      });

      const ndjson = '{"Art.-Nr.":"A001","EK netto":"12,50","Bestand":10,"Bezeichnung":"Item A001","Lieferzeit":2}\n';
      const delta = await upload(ndjson, 'application/x-ndjson', '?mode=delta');
      expect(delta.statusCode).toBe(201);
      expect(delta.json()).toMatchObject({ mode: 'delta', unchanged: 1 });

      const history = await t.app.inject({ url: `/api/suppliers/${supplierId}/catalog-imports`, headers: t.staff });
      expect(history.statusCode).toBe(200);
      expect(history.json().items).toMatchObject([
        { status: 'completed', mode: 'delta', format: 'json', source: 'upload' },
        { status: 'completed', mode: 'full', format: 'csv', source: 'feed.csv', inserted: 3, rejected: 1 },
      ]);

      const catalog = await t.app.inject({
        url: `/api/suppliers/${supplierId}/catalog?unlinked=true&available=true&limit=2`,
        headers: t.staff,
      });
      expect(catalog.statusCode).toBe(200);
      expect(catalog.json()).toMatchObject({
        total: 3,
        items: [
          { supplierSku: 'A001', costPrice: '12.5000', productId: null, isAvailable: true },
          { supplierSku: 'A002' },
        ],
      });
    });

    it('takes the delimiter and the explicit product link from the mapping set through the suppliers API', async () => {
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/suppliers/${supplierId}`,
        headers: t.admin,
        payload: {
          catalogColumnMapping: { supplier_sku: 'Nr', cost_price: 'EK', product_sku: 'Unser', _delimiter: '|' },
        },
      });
      expect(patch.statusCode).toBe(200);
      await createProduct(t.database.db, 'SHOP-9');
      // "|" although "," appears more often in the header line: the mapping decides, not detection
      const feed = 'Nr|EK|Unser|Notiz,mit,Kommas\nP1|4,20|SHOP-9|a,b,c\n';
      const res = await upload(feed, 'text/csv');
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ inserted: 1, linked: 1, repriced: 1 });
    });

    it('answers 409 with the report when the guard refuses, 201 with force=true', async () => {
      expect((await upload(germanCsv(items(4)), 'text/csv')).statusCode).toBe(201);
      const refused = await upload(germanCsv(items(1)), 'text/csv');
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('3 of the supplier'),
        details: { status: 'refused', markedUnavailable: 0 },
      });
      const forced = await upload(germanCsv(items(1)), 'text/csv', '?force=true');
      expect(forced.statusCode).toBe(201);
      expect(forced.json()).toMatchObject({ forced: true, markedUnavailable: 3 });
    });

    it('needs an admin to upload (401 without a token, 403 for staff), and a known supplier', async () => {
      expect((await upload('x', 'text/csv', '', {})).statusCode).toBe(401);
      const staff = await upload(germanCsv(items(1)), 'text/csv', '', t.staff);
      expect(staff.statusCode).toBe(403);
      expect((await t.app.inject({ url: `/api/suppliers/${supplierId}/catalog` })).statusCode).toBe(401);
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/suppliers/999999/catalog-imports',
        headers: { ...t.admin, 'content-type': 'text/csv' },
        payload: germanCsv(items(1)),
      });
      expect(missing.statusCode).toBe(404);
      expect((await t.app.inject({ url: '/api/suppliers/999999/catalog', headers: t.staff })).statusCode).toBe(404);
    });

    it('rejects a body over the upload limit (413), an unreadable feed (400) and other content types (415)', async () => {
      const big = germanCsv(items(200));
      expect(big.length).toBeGreaterThan(4096);
      const res = await upload(big, 'text/csv');
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('payload_too_large');
      // chunked, without a content-length: counted while it streams
      const chunked = await t.app.inject({
        method: 'POST',
        url: `/api/suppliers/${supplierId}/catalog-imports`,
        headers: { ...t.admin, 'content-type': 'text/csv' },
        payload: Readable.from([Buffer.from(big.slice(0, 3000)), Buffer.from(big.slice(3000))]),
      });
      expect(chunked.statusCode).toBe(413);
      const broken = await upload('[{"supplier_sku": "A"', 'application/json');
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.message).toMatch(/ends inside its array/);
      expect((await upload('a=b', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
      const history = await t.app.inject({ url: `/api/suppliers/${supplierId}/catalog-imports`, headers: t.admin });
      expect(history.json().items.map((i: { status: string }) => i.status)).toEqual(
        backend === 'embedded' ? ['failed'] : ['failed', 'failed'],
      );
    });
  });
}

const GUARD_SETTINGS = { guardUnavailableShare: 0.5, guardCostFactor: 2, guardCostShare: 0.5 };
