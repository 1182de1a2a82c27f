/** The inventory sources API: list (staff), create and change (admin), never delete. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { stockRow, product, supplier } from './helpers.js';

for (const backend of backends) {
  describe(`inventory sources API on ${backend}`, () => {
    // Most tests share one app, each on source codes and a supplier of its own; a test that lists
    // every source makes an app of its own.
    let shared: TestApp;
    beforeAll(async () => {
      shared = await testApp(backend);
    });
    afterAll(async () => shared?.close());
    let t: TestApp;
    let own: TestApp | undefined;
    const ownApp = async () => (own = await testApp(backend));
    beforeEach(() => {
      t = shared;
    });
    afterEach(async () => {
      await own?.close();
      own = undefined;
    });

    const create = (payload: object, headers = t.admin) =>
      t.app.inject({ method: 'POST', url: '/api/inventory/sources', headers, payload });
    const patch = (id: number | string, payload: object, headers = t.admin) =>
      t.app.inject({ method: 'PATCH', url: `/api/inventory/sources/${id}`, headers, payload });

    it('creates a warehouse with defaults, stores the code in capitals and lists it for staff', async () => {
      t = await ownApp();
      const res = await create({ type: 'warehouse', code: 'main', name: 'Own warehouse', address: { city: 'Berlin' } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        type: 'warehouse',
        code: 'MAIN',
        supplierId: null,
        priority: 100,
        isActive: true,
        address: { city: 'Berlin' },
      });
      await create({ type: '3pl', code: 'FULFIL', name: '3PL partner', priority: 10 });

      const list = await t.app.inject({ url: '/api/inventory/sources', headers: t.staff });
      expect(list.statusCode).toBe(200);
      // Priority order: lower first.
      expect(list.json().items.map((s: { code: string }) => s.code)).toEqual(['FULFIL', 'MAIN']);
      const threePl = await t.app.inject({ url: '/api/inventory/sources?type=3pl', headers: t.staff });
      expect(threePl.json().items.map((s: { code: string }) => s.code)).toEqual(['FULFIL']);
    });

    it('a supplier source needs its supplier, and only a supplier source has one', async () => {
      const supplierId = await supplier(t.database.db, 'ACME');

      const missing = await create({ type: 'supplier', code: 'SUP-ACME', name: 'Acme' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.details).toEqual([
        { path: '/supplierId', message: 'required for a source of type "supplier"' },
      ]);

      const stray = await create({ type: 'warehouse', code: 'W2', name: 'W2', supplierId });
      expect(stray.statusCode).toBe(400);
      expect(stray.json().error.message).toContain('only a source of type "supplier" has one');

      const unknown = await create({ type: 'supplier', code: 'SUP-X', name: 'X', supplierId: 999_999 });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.message).toContain('supplier 999999 does not exist');

      const ok = await create({ type: 'supplier', code: 'SUP-ACME', name: 'Acme', supplierId });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ type: 'supplier', supplierId });

      // Leaving the supplier type drops the link; giving one to a warehouse is refused.
      const toWarehouse = await patch(ok.json().id, { type: 'warehouse' });
      expect(toWarehouse.statusCode).toBe(200);
      expect(toWarehouse.json()).toMatchObject({ type: 'warehouse', supplierId: null });
    });

    it('validates the body: unknown type, bad code, unknown field, empty patch', async () => {
      const badType = await create({ type: 'shop', code: 'X', name: 'X' });
      expect(badType.statusCode).toBe(400);
      expect(badType.json().error.code).toBe('validation_failed');
      const badCode = await create({ type: 'warehouse', code: 'no spaces', name: 'X' });
      expect(badCode.statusCode).toBe(400);
      expect(badCode.json().error.details[0]).toMatchObject({ path: '/code' });
      const extra = await create({ type: 'warehouse', code: 'X', name: 'X', colour: 'red' });
      expect(extra.statusCode).toBe(400);
      const created = await create({ type: 'warehouse', code: 'X', name: 'X' });
      expect((await patch(created.json().id, {})).statusCode).toBe(400);
      expect((await patch('abc', { name: 'Y' })).statusCode).toBe(400);
    });

    it('a duplicate code is a 409 naming it, on create and on rename', async () => {
      await create({ type: 'warehouse', code: 'DUP', name: 'One' });
      const dup = await create({ type: '3pl', code: 'dup', name: 'Two' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.message).toBe('an inventory source with the code DUP already exists');
      const other = await create({ type: '3pl', code: 'OTHER', name: 'Two' });
      const rename = await patch(other.json().id, { code: 'DUP' });
      expect(rename.statusCode).toBe(409);
    });

    it('deactivates instead of deleting; there is no DELETE route', async () => {
      t = await ownApp();
      const created = await create({ type: 'warehouse', code: 'OLD', name: 'Old warehouse' });
      const off = await patch(created.json().id, { isActive: false, priority: 500 });
      expect(off.statusCode).toBe(200);
      expect(off.json()).toMatchObject({ isActive: false, priority: 500, code: 'OLD', name: 'Old warehouse' });
      const active = await t.app.inject({ url: '/api/inventory/sources?active=true', headers: t.staff });
      expect(active.json().items).toEqual([]);
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/inventory/sources/${created.json().id}`,
        headers: t.admin,
      });
      expect(del.statusCode).toBe(404);
    });

    it('a source holding stock cannot become a supplier source (409)', async () => {
      const supplierId = await supplier(t.database.db, 'STOCKED');
      const created = await create({ type: 'warehouse', code: 'STOCKED', name: 'Main' });
      await stockRow(t.database.db, created.json().id, await product(t.database.db, 'MUG'), 3);
      const res = await patch(created.json().id, { type: 'supplier', supplierId });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toContain('holds own stock');
    });

    it('404 for an unknown source; 401 without a token; 403 for staff writing', async () => {
      expect((await patch(424242, { name: 'X' })).statusCode).toBe(404);
      expect((await t.app.inject({ url: '/api/inventory/sources' })).statusCode).toBe(401);
      expect((await create({ type: 'warehouse', code: 'X', name: 'X' }, {} as never)).statusCode).toBe(401);
      const forbidden = await create({ type: 'warehouse', code: 'X', name: 'X' }, t.staff);
      expect(forbidden.statusCode).toBe(403);
      expect((await patch(1, { name: 'X' }, t.staff)).statusCode).toBe(403);
    });
  });
}
