/** GET/POST/PATCH/DELETE /api/products through inject, on every backend. */
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { smallCatalog, type SmallCatalog } from '../support/catalog.js';
import { stock, warehouse } from '../support/dropship.js';

interface Page {
  items: { sku: string; price: string; status: string; inStock: boolean; costPrice?: string }[];
  nextCursor: string | null;
  total: number | null;
}

for (const backend of backends) {
  describe(`products on ${backend}`, () => {
    let t: TestApp;
    let catalog: SmallCatalog;
    const get = async (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
    const skus = (page: Page) => page.items.map((i) => i.sku);

    beforeAll(async () => {
      t = await testApp(backend);
      catalog = await smallCatalog(t.database.db);
    });
    afterAll(() => t.close());

    it('lists active products only, newest first, with the default limit; a keyset page has no total', async () => {
      const res = await get('/api/products');
      expect(res.statusCode).toBe(200);
      const page = res.json<Page>();
      expect(page.total).toBeNull();
      expect((await get('/api/products?offset=0')).json<Page>()).toEqual({ ...page, total: 5 });
      expect(skus(page)).toEqual(['MUG-1', 'TEE-1', 'BOOT-1', 'SNK-2', 'SNK-1']);
      expect(page.items.every((i) => i.status === 'active')).toBe(true);
      expect(page.items[0]).not.toHaveProperty('costPrice');
      expect(page.nextCursor).toBeNull();
    });

    it('limit=1 and limit=5 as the runbook calls them; more than 100 is a 400 that says so', async () => {
      const one = (await get('/api/products?limit=1')).json<Page>();
      expect(one.items).toHaveLength(1);
      expect(one.total).toBeNull();
      expect(one.nextCursor).toEqual(expect.any(String));
      expect((await get('/api/products?limit=5')).json<Page>().items).toHaveLength(5);
      const tooMany = await get('/api/products?limit=101');
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json()).toEqual({
        error: {
          code: 'validation_failed',
          message: 'querystring /limit: must be at most 100',
          details: [{ in: 'querystring', path: '/limit', message: 'must be at most 100' }],
        },
      });
      expect((await get('/api/products?limit=0')).json().error.message).toBe('querystring /limit: must be at least 1');
      expect((await get('/api/products?limit=abc')).statusCode).toBe(400);
      expect((await get('/api/products?limt=5')).json().error.details[0]).toMatchObject({
        path: '/limt',
        message: 'is not a known parameter',
      });
    });

    it('pages by offset with the total, and by keyset cursor through every sort without gaps', async () => {
      const second = (await get('/api/products?limit=2&offset=2')).json<Page>();
      expect(skus(second)).toEqual(['BOOT-1', 'SNK-2']);
      expect(second.total).toBe(5);
      const beyond = (await get('/api/products?limit=2&offset=50')).json<Page>();
      expect(beyond).toEqual({ items: [], nextCursor: null, total: 5 });

      for (const sort of ['newest', 'price', 'price_desc', 'name']) {
        const all = skus((await get(`/api/products?limit=100&sort=${sort}`)).json<Page>());
        const walked: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await get(`/api/products?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.statusCode).toBe(200);
          const page: Page = res.json();
          expect(page.total).toBeNull();
          walked.push(...skus(page));
          cursor = page.nextCursor;
        } while (cursor);
        expect(walked).toEqual(all);
      }
      const byPrice = (await get('/api/products?sort=price')).json<Page>().items.map((i) => i.price);
      expect(byPrice).toEqual(['8.00', '12.50', '49.99', '59.99', '89.99']);
    });

    it('refuses a foreign cursor, a cursor of another sort, and cursor with offset', async () => {
      const cursor = (await get('/api/products?limit=1&sort=price')).json<Page>().nextCursor!;
      const other = await get(`/api/products?limit=1&sort=name&cursor=${cursor}`);
      expect(other.statusCode).toBe(400);
      expect(other.json().error.message).toContain('was made for sort=price');
      expect((await get('/api/products?cursor=garbage')).json().error.details[0].path).toBe('/cursor');
      const both = await get(`/api/products?sort=price&offset=1&cursor=${cursor}`);
      expect(both.statusCode).toBe(400);
      expect(both.json().error.details[0].path).toBe('/offset');
      // Well-formed but forged: a key no page of this API has, for each sort.
      const forged = (sort: string, key: unknown, id: unknown = 1) =>
        Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
      for (const [sort, key, id] of [
        ['newest', 'abc', 1],
        ['newest', '2026-13-45 99:00:00+00', 1],
        ['price', 'NaN', 1],
        ['price', '1e400', 1],
        ['price_desc', '-1.00', 1],
        ['name', 'a\u0000b', 1],
        ['price', '10.00', 0],
        ['unknown', '10.00', 1],
      ] as const) {
        const res = await get(
          `/api/products?limit=1&sort=${sort === 'unknown' ? 'price' : sort}&cursor=${forged(sort, key, id)}`,
        );
        expect(res.statusCode, `${sort} ${key} ${id}`).toBe(400);
        expect(res.json().error.message).toContain('is not a cursor this API gave out');
      }
    });

    it('filters by category including subcategories, search, price range and stock', async () => {
      const shoes = (await get('/api/products?category=shoes&sort=name')).json<Page>();
      expect(skus(shoes)).toEqual(['SNK-1', 'BOOT-1', 'SNK-2']);
      const byId = (await get(`/api/products?category=${catalog.categories.fashion}&sort=name`)).json<Page>();
      expect(skus(byId)).toEqual(['SNK-1', 'BOOT-1', 'TEE-1', 'SNK-2']);
      expect((await get('/api/products?category=no-such-category&offset=0')).json<Page>()).toMatchObject({
        items: [],
        total: 0,
      });

      expect(skus((await get('/api/products?q=sneak&sort=name')).json<Page>())).toEqual(['SNK-1', 'SNK-2']);
      expect(skus((await get('/api/products?q=court%20white')).json<Page>())).toEqual(['SNK-2']);
      expect(skus((await get('/api/products?q=boot-1')).json<Page>())).toEqual(['BOOT-1']);
      expect((await get('/api/products?q=%25%25')).json().error.details[0].path).toBe('/q');

      const range = (await get('/api/products?minPrice=12.50&maxPrice=59.99&sort=price')).json<Page>();
      expect(skus(range)).toEqual(['TEE-1', 'SNK-2', 'SNK-1']);
      const inverted = await get('/api/products?minPrice=50&maxPrice=10');
      expect(inverted.statusCode).toBe(400);
      expect(inverted.json().error.details[0].path).toBe('/minPrice');
      expect((await get('/api/products?minPrice=1.234')).json().error.details[0]).toMatchObject({
        path: '/minPrice',
        message: 'must be an amount as a decimal string like "19.99"',
      });

      // SNK-1: own stock; BOOT-1: a supplier above its buffer; MUG-1 reserved, TEE-1 at the buffer.
      expect(skus((await get('/api/products?inStock=true&sort=name')).json<Page>())).toEqual(['SNK-1', 'BOOT-1']);
      expect(skus((await get('/api/products?inStock=false&sort=name')).json<Page>())).toEqual([
        'TEE-1',
        'MUG-1',
        'SNK-2',
      ]);
    });

    it('shows staff every status with cost prices; the public may not ask for other statuses', async () => {
      const staff = (await get('/api/products?sort=name&offset=0', t.staff)).json<Page>();
      expect(staff.total).toBe(7);
      expect(staff.items.find((i) => i.sku === 'LAMP-1')).toMatchObject({ status: 'draft', costPrice: '1.0000' });
      expect(skus((await get('/api/products?status=archived', t.admin)).json<Page>())).toEqual(['OLD-1']);
      const publicDrafts = await get('/api/products?status=draft');
      expect(publicDrafts.statusCode).toBe(403);
      expect(publicDrafts.json().error.code).toBe('forbidden');
      const badToken = await get('/api/products', { authorization: 'Bearer jne_not-a-real-token' });
      expect(badToken.statusCode).toBe(401);
    });

    it('answers a list with one SQL query', async () => {
      let queries = 0;
      const counter: KyselyPlugin = {
        transformQuery: (args) => {
          queries++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const { buildApp } = await import('../../src/http/app.js');
      const { loadMigrations } = await import('../../src/db/migrations/files.js');
      const counted = await buildApp({
        config: { logLevel: 'silent' },
        database: { ...t.database, db: t.database.db.withPlugin(counter) },
        migrations: loadMigrations(),
      });
      const res = await counted.inject('/api/products?category=fashion&q=sneakers&inStock=true&minPrice=1&limit=1');
      expect(res.statusCode).toBe(200);
      expect(queries).toBe(1);
      await counted.close();
    });

    it('gets one product by id or slug; drafts are 404 for the public, visible to staff', async () => {
      const byId = await get(`/api/products/${catalog.products['SNK-1']}`);
      expect(byId.statusCode).toBe(200);
      expect(byId.json()).toMatchObject({
        sku: 'SNK-1',
        slug: 'blue-runner-sneakers',
        price: '59.99',
        inStock: true,
        category: { id: catalog.categories.sneakers, slug: 'sneakers', name: 'Sneakers' },
      });
      expect((await get('/api/products/blue-runner-sneakers')).json().sku).toBe('SNK-1');
      // By SKU too (a slug or an id names it first).
      expect((await get('/api/products/SNK-2')).json().slug).toBe('white-court-sneakers');
      expect((await get('/api/products/LAMP-1')).statusCode).toBe(404);
      expect((await get('/api/products/LAMP-1', t.staff)).json().sku).toBe('LAMP-1');
      const draft = await get('/api/products/brass-table-lamp');
      expect(draft.statusCode).toBe(404);
      expect(draft.json()).toEqual({
        error: { code: 'not_found', message: 'there is no product "brass-table-lamp"' },
      });
      expect((await get('/api/products/brass-table-lamp', t.staff)).statusCode).toBe(200);
      expect((await get('/api/products/999999')).statusCode).toBe(404);
    });
  });

  describe(`product administration on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
    });
    afterAll(() => t.close());
    const post = (payload: unknown, headers: Record<string, string> = t.admin) =>
      t.app.inject({ method: 'POST', url: '/api/products', payload: payload as object, headers });

    it('creates a product from sku, name and price, and takes status active', async () => {
      const minimal = await post({ sku: 'NEW-1', name: 'Linen Shirt', price: '39.90' });
      expect(minimal.statusCode).toBe(201);
      expect(minimal.json()).toMatchObject({ sku: 'NEW-1', slug: 'linen-shirt', status: 'draft', price: '39.90' });
      const active = await post({
        sku: 'NEW-2',
        name: 'Linen Shirt',
        price: '39.90',
        status: 'active',
        compareAtPrice: '59.90',
        images: ['https://img.example/1.jpg'],
        attributes: { color: 'white' },
      });
      expect(active.statusCode).toBe(201);
      // The name's slug is taken: the SKU makes it unique.
      expect(active.json()).toMatchObject({ slug: 'linen-shirt-new-2', status: 'active', compareAtPrice: '59.90' });
      expect((await t.app.inject('/api/products/linen-shirt-new-2')).statusCode).toBe(200);
    });

    it('rejects bad input with the field and why', async () => {
      const cases: [unknown, string, string | RegExp][] = [
        [{ name: 'X', price: '1.00' }, '/sku', 'is required'],
        [{ sku: 'A', name: 'X', price: 19.999 }, '/price', /decimal string/],
        [{ sku: 'A', name: 'X', price: '-1' }, '/price', /decimal string/],
        [{ sku: 'A', name: 'X', price: '1.00', colour: 'red' }, '/colour', 'is not a known field'],
        [{ sku: 'A', name: 'X', price: '1.00', status: 'sold' }, '/status', 'must be one of: draft, active, archived'],
        [{ sku: 'A', name: 'X', price: '1.00', slug: 'Not A Slug' }, '/slug', /lowercase/],
        [{ sku: 'A', name: 'X', price: '1.00', images: ['not a url'] }, '/images/0', 'must be a valid uri'],
        [{ sku: 'A', name: '   ', price: '1.00' }, '/name', 'must not be blank'],
        [{ sku: 'A', name: 'X', price: '10.00', compareAtPrice: '9.00' }, '/compareAtPrice', /more than the price/],
        [
          { sku: 'A', name: 'X', price: '1.00', categoryId: 999999 },
          '/categoryId',
          'there is no category with this id',
        ],
      ];
      for (const [payload, path, message] of cases) {
        const res = await post(payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        const detail = res.json().error.details.find((d: { path: string }) => d.path === path);
        expect(detail, `${JSON.stringify(payload)} -> ${res.body}`).toBeDefined();
        expect(detail.message).toMatch(message);
      }
      const notJson = await t.app.inject({
        method: 'POST',
        url: '/api/products',
        headers: { ...t.admin, 'content-type': 'application/json' },
        payload: '{"sku": ',
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().error.code).toBe('bad_request');
    });

    it('answers a duplicate SKU with 409 naming the field', async () => {
      await post({ sku: 'DUP-1', name: 'Dup', price: '1.00' });
      const dup = await post({ sku: 'DUP-1', name: 'Dup again', price: '1.00' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toEqual({
        error: {
          code: 'conflict',
          message: 'a product with this SKU already exists',
          details: [{ path: '/sku', message: 'a product with this SKU already exists' }],
        },
      });
    });

    it('needs an admin token: 401 without or with a bad one, 403 for staff', async () => {
      const none = await post({ sku: 'AUTH-1', name: 'X', price: '1.00' }, {});
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toContain('Bearer');
      expect(none.json().error.code).toBe('unauthenticated');
      expect(
        (await post({ sku: 'AUTH-1', name: 'X', price: '1.00' }, { authorization: 'Bearer v1.x.y' })).statusCode,
      ).toBe(401);
      expect((await post({ sku: 'AUTH-1', name: 'X', price: '1.00' }, { authorization: 'Basic abc' })).statusCode).toBe(
        401,
      );
      const staff = await post({ sku: 'AUTH-1', name: 'X', price: '1.00' }, t.staff);
      expect(staff.statusCode).toBe(403);
      expect(staff.json().error.message).toBe('the role staff may not do this; it needs admin');
      for (const [method, url] of [
        ['PATCH', '/api/products/1'],
        ['DELETE', '/api/products/1'],
      ] as const) {
        expect((await t.app.inject({ method, url, payload: { name: 'Y' } })).statusCode).toBe(401);
        expect((await t.app.inject({ method, url, payload: { name: 'Y' }, headers: t.staff })).statusCode).toBe(403);
      }
    });

    it('changes a product, and 404s an unknown one', async () => {
      const id = (await post({ sku: 'PATCH-1', name: 'Wool Scarf', price: '20.00' })).json().id;
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/products/${id}`,
        headers: t.admin,
        payload: { price: '17.50', status: 'active', description: 'Warm.' },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({
        price: '17.50',
        status: 'active',
        description: 'Warm.',
        name: 'Wool Scarf',
      });
      const empty = await t.app.inject({ method: 'PATCH', url: `/api/products/${id}`, headers: t.admin, payload: {} });
      expect(empty.statusCode).toBe(400);
      const cheaper = await t.app.inject({
        method: 'PATCH',
        url: `/api/products/${id}`,
        headers: t.admin,
        payload: { compareAtPrice: '17.50' },
      });
      expect(cheaper.statusCode).toBe(400);
      const missing = await t.app.inject({
        method: 'PATCH',
        url: '/api/products/999999',
        headers: t.admin,
        payload: { name: 'Z' },
      });
      expect(missing.statusCode).toBe(404);
      const badId = await t.app.inject({
        method: 'PATCH',
        url: '/api/products/abc',
        headers: t.admin,
        payload: { name: 'Z' },
      });
      expect(badId.statusCode).toBe(400);
      expect(badId.json().error.details[0]).toMatchObject({ in: 'params', path: '/id' });
    });

    it('deletes an unused product, archives one that an order refers to', async () => {
      const unused = (await post({ sku: 'DEL-1', name: 'Unused', price: '5.00' })).json().id;
      const del = await t.app.inject({ method: 'DELETE', url: `/api/products/${unused}`, headers: t.admin });
      expect(del.json()).toEqual({ id: unused, outcome: 'deleted' });
      expect((await t.app.inject({ url: `/api/products/${unused}`, headers: t.admin })).statusCode).toBe(404);

      const sold = (await post({ sku: 'DEL-2', name: 'Sold', price: '5.00', status: 'active' })).json().id;
      await stock(t.database.db, await warehouse(t.database.db, 'DEL-WH'), sold, 3); // something to sell
      const order = await t.app.inject({
        method: 'POST',
        url: '/api/orders',
        payload: {
          items: [{ sku: 'DEL-2', quantity: 1 }],
          customer: { email: 'buyer@example.com', name: 'Buyer' },
          shippingAddress: { name: 'Buyer', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        },
      });
      expect(order.statusCode).toBe(201);
      const archived = await t.app.inject({ method: 'DELETE', url: `/api/products/${sold}`, headers: t.admin });
      expect(archived.json()).toMatchObject({ id: sold, outcome: 'archived' });
      expect((await t.app.inject({ url: `/api/products/${sold}`, headers: t.admin })).json().status).toBe('archived');
      expect((await t.app.inject({ url: `/api/products/${sold}` })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/products/999999', headers: t.admin })).statusCode).toBe(
        404,
      );
    });
  });
}
