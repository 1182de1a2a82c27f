/**
 * The public product list's ETag (the catalog state, migration 018): a conditional request gets a
 * 304 while nothing the list shows has changed, and the new list after any write to products,
 * prices, stock, supplier offers or categories, or once an offer goes stale; on every backend.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogStateReader, etagOf, matchesEtag } from '../../src/catalog/catalog-state.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { buildApp } from '../../src/http/app.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, product, stock, supplier, warehouse } from '../support/dropship.js';

interface Page {
  items: { id: number; sku: string; price: string; availability: { state: string } }[];
}

describe('matchesEtag', () => {
  const etag = etagOf('12.0');
  it('compares weakly and finds the tag in a list', () => {
    expect(matchesEtag(etag, etag)).toBe(true);
    expect(matchesEtag(etag.replace(/^W\//, ''), etag)).toBe(true);
    expect(matchesEtag(`W/"other", ${etag}`, etag)).toBe(true);
    expect(matchesEtag(etagOf('13.0'), etag)).toBe(false);
    expect(matchesEtag(etagOf('12.1'), etag)).toBe(false);
    expect(matchesEtag('*', etag)).toBe(false);
    expect(matchesEtag(undefined, etag)).toBe(false);
  });
});

for (const backend of backends) {
  describe(`the product list's ETag on ${backend}`, () => {
    let t: TestApp;
    let productId: number;
    const URL = '/api/products?limit=5&sort=name';

    const list = (headers: Record<string, string> = {}) => t.app.inject({ url: URL, headers });
    /** The list as it is now: a first request, then the same with its ETag must be a 304. */
    const current = async () => {
      const res = await list();
      expect(res.statusCode).toBe(200);
      const etag = res.headers.etag as string;
      expect(etag).toMatch(/^W\/"[\w-]+\.\d+\.\d+"$/);
      const again = await list({ 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      return { etag, page: res.json<Page>() };
    };
    const afterChange = async (etag: string) => {
      const res = await list({ 'if-none-match': etag });
      expect(res.statusCode, 'a conditional request after a change').toBe(200);
      expect(res.headers.etag).not.toBe(etag);
      return res.json<Page>();
    };

    beforeAll(async () => {
      t = await testApp(backend);
      productId = await product(t.database.db, 'A-1', '20.00', null);
      await product(t.database.db, 'B-1', '30.00', null);
    });
    afterAll(() => t.close());

    it('answers a repeated request with 304, no body, the same ETag and no-cache', async () => {
      const { etag } = await current();
      const again = await list({ 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers).toMatchObject({ etag, 'cache-control': 'no-cache', vary: 'authorization' });
      expect(again.headers['content-length']).toBeUndefined();
      expect((await list({ 'if-none-match': 'W/"not-this-one"' })).statusCode).toBe(200);
    });

    it('gives the new list after a price change through the API', async () => {
      const { etag } = await current();
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/products/${productId}`,
        headers: t.admin,
        payload: { price: '21.50' },
      });
      expect(patched.statusCode).toBe(200);
      expect((await afterChange(etag)).items.find((i) => i.id === productId)?.price).toBe('21.50');
    });

    it('gives the new list after a new product', async () => {
      const { etag } = await current();
      await product(t.database.db, 'AA-1', '5.00', null);
      expect((await afterChange(etag)).items.map((i) => i.sku)).toContain('AA-1');
    });

    it('gives the new list after a stock change, and after a reservation-like update of the stock row', async () => {
      const { etag } = await current();
      const inventory = await stock(t.database.db, await warehouse(t.database.db), productId, 1);
      expect((await afterChange(etag)).items.find((i) => i.id === productId)?.availability.state).toBe('in_stock');
      const next = await current();
      await t.database.db
        .updateTable('fulfillment_inventory')
        .set({ quantity_reserved: 1 })
        .where('id', '=', inventory)
        .execute();
      expect((await afterChange(next.etag)).items.find((i) => i.id === productId)?.availability.state).toBe('sold_out');
    });

    it('gives the new list after a category change', async () => {
      const db = t.database.db;
      const { etag } = await current();
      const category = await db
        .insertInto('categories')
        .values({ name: 'Shoes', slug: 'shoes' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await afterChange(etag);
      await db.updateTable('products').set({ category_id: category.id }).where('id', '=', productId).execute();
      const named = await current();
      await db.updateTable('categories').set({ name: 'Boots' }).where('id', '=', category.id).execute();
      await afterChange(named.etag);
    });

    it('gives the new list when a supplier offer changes, and when one goes stale without any write', async () => {
      const db = t.database.db;
      const dropship = await product(db, 'AB-1', '20.00', '8.00');
      const offerId = await offer(db, await supplier(db, 'SUP'), dropship, '8.00', 10);
      const { etag, page } = await current();
      expect(page.items.find((i) => i.id === dropship)?.availability.state).toBe('from_supplier');
      await db.updateTable('supplier_catalogs').set({ stock_quantity: 0 }).where('id', '=', offerId).execute();
      expect((await afterChange(etag)).items.find((i) => i.id === dropship)?.availability.state).toBe('sold_out');

      // The feed's age: the offer goes stale a few seconds from now (catalog_max_age_hours 48).
      await sql`update supplier_catalogs set stock_quantity = 10,
                  last_seen_at = now() - interval '48 hours' + interval '3 seconds' where id = ${offerId}`.execute(db);
      const fresh = await current();
      expect(fresh.page.items.find((i) => i.id === dropship)?.availability.state).toBe('from_supplier');
      const { rows } = await sql<{ ms: number }>`
        select ceil(extract(epoch from (last_seen_at + interval '48 hours' - now())) * 1000)::int as ms
          from supplier_catalogs where id = ${offerId}`.execute(db);
      await sleep(Math.max(0, rows[0]!.ms) + 200);
      expect((await afterChange(fresh.etag)).items.find((i) => i.id === dropship)?.availability.state).toBe('sold_out');
    });

    it('gives staff no ETag and no cached list; an empty page has no ETag', async () => {
      const { etag } = await current();
      const staff = await t.app.inject({ url: URL, headers: { ...t.staff, 'if-none-match': etag } });
      expect(staff.statusCode).toBe(200);
      expect(staff.headers.etag).toBeUndefined();
      expect(staff.headers['cache-control']).toBe('private, no-store');
      const empty = await t.app.inject({ url: '/api/products?q=nothing-like-this' });
      expect(empty.statusCode).toBe(200);
      expect(empty.headers.etag).toBeUndefined();
    });

    it('reads the state for concurrent callers at once, and never a state older than the call', async () => {
      const read = catalogStateReader(t.database.db);
      const states = await Promise.all(Array.from({ length: 20 }, () => read()));
      expect(new Set(states).size).toBe(1);
      await t.database.db.updateTable('products').set({ name: 'Renamed' }).where('id', '=', productId).execute();
      expect(await read()).not.toBe(states[0]);
    });

    if (backend === 'postgres') {
      it('agrees across two processes of the shop on one database', async () => {
        const other = await buildApp({
          config: { logLevel: 'silent' },
          database: t.database,
          migrations: loadMigrations(),
          secrets: t.secrets,
        });
        try {
          const { etag } = await current();
          const there = await other.inject({ url: URL, headers: { 'if-none-match': etag } });
          expect(there.statusCode).toBe(304);
          const patched = await other.inject({
            method: 'PATCH',
            url: `/api/products/${productId}`,
            headers: t.admin,
            payload: { price: '22.00' },
          });
          expect(patched.statusCode).toBe(200);
          expect((await afterChange(etag)).items.find((i) => i.id === productId)?.price).toBe('22.00');
        } finally {
          await other.close();
        }
      });
    }
  });
}
