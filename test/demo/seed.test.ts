/** The demo shop: a believable catalog, three suppliers by method, an admin who can log in. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../src/auth/service.js';
import { generateProducts } from '../../src/demo/catalog.js';
import { isEmptyShop, seedDemo, ShopNotEmptyError, type DemoResult } from '../../src/demo/seed.js';
import { compareDecimal } from '../../src/money.js';
import { decryptCredentials } from '../../src/suppliers/crypto.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { inTransaction } from '../../src/db/transaction.js';

describe('demo catalog data', () => {
  it('is the same few hundred products on every run, with unique SKUs, slugs and names', () => {
    const a = generateProducts();
    expect(a.length).toBeGreaterThanOrEqual(250);
    expect(generateProducts()).toEqual(a);
    for (const key of ['sku', 'slug', 'name', 'gtin'] as const)
      expect(new Set(a.map((p) => p[key])).size).toBe(a.length);
    for (const p of a) {
      expect(p.price).toMatch(/^\d+\.99$/);
      if (p.compareAtPrice) expect(compareDecimal(p.compareAtPrice, p.price)).toBe(1);
      expect(p.images[0]).toMatch(/^https:\/\//);
    }
  });
});

for (const backend of backends) {
  describe(`jne seed --demo on ${backend}`, () => {
    let database: TestDatabase;
    let result: DemoResult;
    const key = randomBytes(32);
    beforeAll(async () => {
      database = await migratedDatabase(backend);
      expect(await isEmptyShop(database.db)).toBe(true);
      result = await inTransaction(database.db, (trx) => seedDemo(trx, key, { adminPassword: 'demo password 123' }));
    });
    afterAll(() => database.dispose());

    it('fills the catalog: a category tree, active products with stock, three suppliers', async () => {
      expect(result).toMatchObject({ categories: 22, suppliers: 3, admin: { email: 'admin@jneoutlet.example' } });
      expect(result.products).toBeGreaterThanOrEqual(250);
      const db = database.db;
      const roots = await db.selectFrom('categories').select('slug').where('parent_id', 'is', null).execute();
      expect(roots.map((r) => r.slug)).toEqual([
        'fashion',
        'home-living',
        'electronics',
        'sports-outdoor',
        'toys-kids',
      ]);
      const active = await db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      expect(Number(active.n)).toBeGreaterThan(200);
      const stocked = await db
        .selectFrom('fulfillment_inventory')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('quantity_on_hand', '>', 0)
        .executeTakeFirstOrThrow();
      expect(Number(stocked.n)).toBeGreaterThan(50);
      const suppliers = await db
        .selectFrom('suppliers')
        .select(['code', 'order_method', 'api_credentials_encrypted'])
        .orderBy('code')
        .execute();
      expect(suppliers.map((s) => [s.code, s.order_method])).toEqual([
        ['CASAVERDE', 'email'],
        ['NORDTEX', 'api'],
        ['VOLTIX', 'csv_sftp'],
      ]);
      expect(decryptCredentials(key, suppliers[1]!.api_credentials_encrypted!)).toHaveProperty('apiKey');
      const offers = await db
        .selectFrom('supplier_catalogs')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(offers.n)).toBeGreaterThan(100);
    });

    it('creates an admin who can log in with the printed password', async () => {
      const session = await login(database.db, randomBytes(32), 60, {
        email: result.admin.email,
        password: 'demo password 123',
      });
      expect(session.user.role).toBe('admin');
    });

    it('refuses to seed a shop that has data, and changes nothing', async () => {
      const before = await database.db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const seedAgain = () => inTransaction(database.db, (trx) => seedDemo(trx, key));
      await expect(seedAgain()).rejects.toBeInstanceOf(ShopNotEmptyError);
      await expect(seedAgain()).rejects.toThrow(/already has products or users/);
      const after = await database.db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toEqual(before.n);
    });
  });
}
