/**
 * Orders while a feed import raises costs, under real concurrency on the PostgreSQL server: no
 * order line is placed at a loss before, during or after the import commits. The supplier's cost
 * goes from 5.00 to 9.50: the old price 10.99 keeps the 25 % margin only over the old cost, so an
 * order that read the old price but routed on the new cost would lose money; each line must be
 * placed at the cost it was routed with, and that cost must keep the margin at the line's price.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { toUnits } from '../../src/money.js';
import { createSupplier, germanCsv, GERMAN_MAPPING, runImport, type Item } from '../catalog-import/support.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { placeOrder } from '../support/dropship.js';

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`orders during a cost-raising import on ${backend}`, () => {
    let t: TestApp;
    afterEach(async () => t?.close());

    it('no line is placed at a loss before or after the import commits', async () => {
      t = await testApp(backend);
      const db = t.database.db;
      await createSupplier(db, 'FEED', { mapping: GERMAN_MAPPING });
      await db
        .insertInto('products')
        .values({ sku: 'HOT', slug: 'hot', name: 'Hot', price: '1.00', status: 'active', gtin: '12345670' })
        .execute();
      // Many other items make the import long enough for orders to run beside it.
      const others: Item[] = Array.from({ length: 3000 }, (_, i) => ({ sku: `OTHER-${i}`, cost: '3.00', stock: 5 }));
      const feed = (cost: string) => germanCsv([{ sku: 'FEED-HOT', cost, stock: 10_000, gtin: '12345670' }, ...others]);
      expect((await runImport(t.database, 'FEED', feed('5.00'))).status).toBe('completed');
      const price = async () =>
        (await db.selectFrom('products').select('price').where('sku', '=', 'HOT').executeTakeFirstOrThrow()).price;
      expect(await price()).toBe('10.99'); // 5.00 x 2 (Low-cost items), ending .99

      const batch = (n: number) =>
        Promise.all(Array.from({ length: n }, (_, i) => placeOrder(t.app, [{ sku: 'HOT', quantity: 1 + (i % 3) }])));
      const before = await batch(10);
      const [during, report] = await Promise.all([
        batch(60),
        runImport(t.database, 'FEED', feed('9.50'), { mode: 'full', force: true }),
      ]);
      expect(report.status).toBe('completed');
      expect(await price()).toBe('19.99'); // 9.50 x 2 = 19.00, ending .99
      const after = await batch(10);

      for (const res of [...before, ...during, ...after]) {
        if (res.statusCode !== 201) {
          expect(res.statusCode).toBe(409);
          expect(res.json().error.code).toBe('not_available');
        }
      }
      expect(before.every((r) => r.statusCode === 201)).toBe(true);
      expect(after.every((r) => r.statusCode === 201)).toBe(true);

      const { rows } = await sql<{ unit_price: string; unit_cost: string }>`
        SELECT oi.unit_price::text, a.unit_cost::text FROM order_item_allocations a
          JOIN order_items oi ON oi.id = a.order_item_id`.execute(db);
      expect(rows.length).toBeGreaterThanOrEqual(20);
      const costs = new Set(rows.map((r) => r.unit_cost));
      expect([...costs].sort()).toEqual(['5.0000', '9.5000']);
      // Landed unit cost (no fee, no shipping at this supplier) against price x (1 - 25 %).
      const losses = rows.filter((r) => toUnits(r.unit_price) * 75n < toUnits(r.unit_cost) * 100n);
      expect(losses).toEqual([]);
    });
  });
}
