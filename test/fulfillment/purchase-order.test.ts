/**
 * The purchase order document: the CSV formatter (RFC 4180 quoting, formula injection
 * neutralised), the staff downloads GET /api/supplier-orders/:id/purchase-order.csv and .html on
 * both backends, and `jne supplier-orders purchase-order` on both backends.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import type { PurchaseOrder } from '../../src/fulfillment/dispatch/purchase-order.js';
import { purchaseOrderCsv } from '../../src/fulfillment/purchase-order/csv.js';
import { buildApp } from '../../src/http/app.js';
import { testApp, type TestApp } from '../support/app.js';
import { jne, tempDir } from '../support/cli.js';
import { backends, type BackendName, migratedDataDir } from '../support/databases.js';
import { csvRecords, HOSTILE_ADDRESS, useHostileAddress } from '../support/senders.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

const order: PurchaseOrder = {
  reference: 'JNE-7/ACME/ab12cd34',
  orderNumber: 'JNE-7',
  currency: 'EUR',
  shipBy: '2026-12-01',
  shipTo: {
    name: 'Say "hi", then\nleave',
    line1: '-2+3',
    line2: null,
    city: '+49 Town',
    postalCode: '-12',
    country: 'DE',
  },
  lines: [
    { supplierSku: '=1+1', quantity: 2, unitCost: '12.34' },
    { supplierSku: 'B-2', quantity: 1, unitCost: '0.5' },
  ],
};

describe('the purchase order CSV', () => {
  const csv = purchaseOrderCsv(order);

  it('has a header and one CRLF-terminated row per line, fields with commas, quotes or breaks quoted', () => {
    expect(csv.split('\r\n')[0]).toBe(
      'reference,order_number,ship_by,ship_to_name,ship_to_line1,ship_to_line2,ship_to_city,' +
        'ship_to_postal_code,ship_to_country,supplier_sku,quantity,unit_cost,currency',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"Say ""hi"", then\nleave"');
    expect(csvRecords(csv)).toHaveLength(2);
  });

  it('puts an apostrophe before text a spreadsheet would run as a formula; numbers stay numbers', () => {
    const [first, second] = csvRecords(csv);
    expect(first).toMatchObject({
      ship_to_name: 'Say "hi", then\nleave',
      ship_to_line1: "'-2+3",
      ship_to_line2: '',
      ship_to_city: "'+49 Town",
      ship_to_postal_code: '-12',
      supplier_sku: "'=1+1",
      quantity: '2',
      unit_cost: '12.34',
    });
    expect(second).toMatchObject({ supplier_sku: 'B-2', quantity: '1', unit_cost: '0.5' });
  });
});

for (const backend of backends) {
  describe(`purchase order downloads on ${backend}`, () => {
    let t: TestApp;
    let placed: Awaited<ReturnType<typeof placeSupplierOrder>>;
    beforeAll(async () => {
      t = await testApp(backend);
      placed = await placeSupplierOrder(t, 'BYHAND', { method: 'manual' }, [2, 3]);
      await useHostileAddress(t.database.db, placed.supplierOrderId);
    }, 180_000);
    afterAll(() => t?.close());
    const url = (id: number, ext: string) => `/api/supplier-orders/${id}/purchase-order.${ext}`;
    const fileName = (ext: string) => `PO-${placed.reference.replace(/\//g, '_')}.${ext}`;

    it('CSV: an attachment named after the reference, one row per line', async () => {
      const res = await t.app.inject({ url: url(placed.supplierOrderId, 'csv'), headers: t.staff });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${fileName('csv')}"`);
      const records = csvRecords(res.body);
      expect(records.map((r) => [r.reference, r.order_number, r.quantity, r.unit_cost])).toEqual([
        [placed.reference, placed.orderNumber, '2', '12.34'],
        [placed.reference, placed.orderNumber, '3', '12.34'],
      ]);
      expect(records[0]).toMatchObject({
        ship_to_name: HOSTILE_ADDRESS.name,
        ship_to_line1: `'${HOSTILE_ADDRESS.line1}`,
      });
    });

    it('HTML: a printable page with every value escaped', async () => {
      const res = await t.app.inject({ url: url(placed.supplierOrderId, 'html'), headers: t.admin });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`inline; filename="${fileName('html')}"`);
      expect(res.body).toContain('@media print');
      expect(res.body).toContain(`<dd>${placed.reference}</dd>`);
      expect(res.body).toContain('Ann &quot;Q&quot; &lt;b&gt;O&#39;Neil&lt;/b&gt; &amp; Co');
      expect(res.body).not.toContain('<b>O');
      expect(res.body.match(/<tr><td>/g)).toHaveLength(2);
    });

    it('an unknown supplier order is a 404, a bad id a 400, no or a wrong token a 401', async () => {
      for (const ext of ['csv', 'html']) {
        const missing = await t.app.inject({ url: url(999_999_999, ext), headers: t.staff });
        expect(missing.statusCode).toBe(404);
        expect(missing.json().error.message).toBe('Supplier order 999999999 does not exist');
        expect(
          (await t.app.inject({ url: `/api/supplier-orders/x/purchase-order.${ext}`, headers: t.staff })).statusCode,
        ).toBe(400);
        expect((await t.app.inject({ url: url(placed.supplierOrderId, ext) })).statusCode).toBe(401);
        const wrong = await t.app.inject({
          url: url(placed.supplierOrderId, ext),
          headers: { authorization: 'Bearer nope' },
        });
        expect(wrong.statusCode).toBe(401);
        expect(wrong.body).not.toContain(placed.reference);
      }
    });
  });

  describe(`jne supplier-orders purchase-order on ${backend}`, () => {
    let env: Record<string, string>;
    let placed: Awaited<ReturnType<typeof placeSupplierOrder>>;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ env, placed, dispose } = await shopWithManualOrder(backend));
    }, 300_000);
    afterAll(() => dispose?.());

    it('writes PO-<reference>.csv into the current folder, or FILE, or prints it', async () => {
      const cwd = tempDir();
      const run = await jne(['supplier-orders', 'purchase-order', String(placed.supplierOrderId)], env, cwd);
      expect(run).toMatchObject({ code: 0, err: '' });
      const file = path.join(cwd, `PO-${placed.reference.replace(/\//g, '_')}.csv`);
      expect(run.out).toBe(`Wrote the purchase order ${placed.reference} (1 line(s)) to ${file}`);
      expect(csvRecords(fs.readFileSync(file))).toEqual([
        expect.objectContaining({ reference: placed.reference, quantity: '2', unit_cost: '12.34' }),
      ]);

      const html = await jne(
        ['supplier-orders', 'purchase-order', String(placed.supplierOrderId), '--format', 'html', '--out', 'po.html'],
        env,
        cwd,
      );
      expect(html.code).toBe(0);
      expect(fs.readFileSync(path.join(cwd, 'po.html'), 'utf8')).toContain(`<dd>${placed.reference}</dd>`);

      const printed = await jne(
        ['supplier-orders', 'purchase-order', String(placed.supplierOrderId), '--out', '-'],
        env,
      );
      expect(printed.code).toBe(0);
      expect(csvRecords(printed.out + '\r\n')[0]).toMatchObject({ reference: placed.reference });
    });

    it('bad usage exits 2 naming the problem; an unknown supplier order exits 1', async () => {
      expect(await jne(['supplier-orders', 'purchase-order', 'abc'], env)).toMatchObject({
        code: 2,
        err: 'error: a supplier order ID (a whole number) is needed, got "abc"',
      });
      expect(await jne(['supplier-orders', 'purchase-order', '1', '--format', 'pdf'], env)).toMatchObject({
        code: 2,
        err: 'error: --format must be csv or html, got "pdf"',
      });
      expect((await jne(['supplier-orders', 'nope'], env)).err).toContain('jne supplier-orders purchase-order ID');
      expect(await jne(['supplier-orders', 'purchase-order', '999999999'], env)).toMatchObject({
        code: 1,
        err: 'error: Supplier order 999999999 does not exist',
      });
    });
  });
}

/** A shop database the CLI can open (a server database, or an embedded one in a data folder) with one manual supplier order. */
async function shopWithManualOrder(backend: BackendName) {
  if (backend === 'postgres') {
    const t = await testApp('postgres');
    const placed = await placeSupplierOrder(t, 'CLIHAND', { method: 'manual' }, 2);
    return { env: { DATABASE_URL: t.database.url! }, placed, dispose: () => t.close() };
  }
  const env = { DATA_DIR: path.join(tempDir(), 'data'), DEMO_ON_FIRST_START: 'false' };
  await migratedDataDir(env.DATA_DIR);
  const database = await openDatabase(loadConfig(env), { command: 'test' });
  const app = await buildApp({ config: { logLevel: 'silent' }, database, migrations: loadMigrations() });
  try {
    const shop = { app, database } as unknown as TestApp;
    const placed = await placeSupplierOrder(shop, 'CLIHAND', { method: 'manual' }, 2);
    return { env, placed, dispose: async () => {} };
  } finally {
    await app.close();
    await database.close();
  }
}
