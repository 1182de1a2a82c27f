/** Draft products made set-based from the rows a caller selects, on every backend. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftProducts, type DraftProductRow } from '../../src/catalog/drafts.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';

for (const backend of backends) {
  describe(`draft products on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await migratedDatabase(backend);
      await sql`INSERT INTO products (sku, slug, name, price)
                VALUES ('TAKEN', 'taken', 'Taken', 1), ('OTHER', 'mug-m1', 'Other', 1)`.execute(database.db);
    });
    afterAll(() => database?.dispose());

    it('inserts the rows as drafts with a slug of name and SKU, skips taken SKUs and slugs and empty slugs', async () => {
      const rows = sql<DraftProductRow>`
        SELECT * FROM (VALUES ('J1', 'Größe Jacke', '4006381333931', 3.2, 'EUR'),
                              ('TAKEN', 'Any', NULL, 1, 'EUR'),
                              ('M1', 'Mug', NULL, 2, 'EUR'),
                              ('?', '!', NULL, 2, 'EUR'))
                 AS r(sku, name, gtin, price, currency)`;
      const created = await createDraftProducts(database.db, rows);
      const j1 = await database.db
        .selectFrom('products')
        .select(['id', 'sku', 'slug', 'name', 'gtin', 'price', 'status'])
        .where('sku', '=', 'J1')
        .executeTakeFirstOrThrow();
      expect(created).toEqual([{ id: j1.id, sku: 'J1' }]);
      expect(j1).toMatchObject({ slug: 'groesse-jacke-j1', gtin: '4006381333931', price: '3.20', status: 'draft' });
      const skus = await database.db.selectFrom('products').select('sku').orderBy('sku').execute();
      expect(skus.map((p) => p.sku)).toEqual(['J1', 'OTHER', 'TAKEN']);
    });
  });
}
