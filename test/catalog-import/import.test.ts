/**
 * The catalog import on each backend: mapping, CSV/JSON/NDJSON, counts on re-import, rejected
 * rows with their lines, full vs delta, the guard, linking, drafts, repricing, one transaction.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { GERMAN_MAPPING, catalogRows, createProduct, createSupplier, germanCsv, items, runImport } from './support.js';

for (const backend of backends) {
  describe(`catalog import on ${backend}`, () => {
    let database: TestDatabase;
    let supplierId: number;
    beforeEach(async () => {
      database = await migratedDatabase(backend);
      supplierId = await createSupplier(database.db, 'ACME', { mapping: GERMAN_MAPPING, stockBuffer: 2 });
    });
    afterEach(async () => database?.dispose());

    const importRow = async (id: number) =>
      (await sql<Record<string, unknown>>`SELECT * FROM catalog_imports WHERE id = ${id}`.execute(database.db))
        .rows[0]!;

    it('maps the German columns, reads decimal commas exactly, counts inserted, updated and unchanged', async () => {
      const feed = germanCsv([
        { sku: 'A1', cost: '12.50', stock: 5, gtin: '4006381333931', name: 'Stift; blau', lead: 3 },
        { sku: 'A2', cost: '0.1234', stock: 0 },
        { sku: 'A3', cost: '1234567.89', stock: 2 },
      ]);
      const first = await runImport(database, 'acme', feed);
      expect(first).toMatchObject({ status: 'completed', rowsRead: 3, inserted: 3, updated: 0, unchanged: 0 });
      expect(first.underStockBuffer).toBe(2); // stock 0 and 2 are at or under the buffer of 2
      const rows = await catalogRows(database.db, supplierId);
      expect(rows.get('A1')).toMatchObject({ cost_price: '12.5000', stock_quantity: 5, gtin: '4006381333931' });
      expect(rows.get('A3')!.cost_price).toBe('1234567.8900');
      expect(rows.get('A1')!.content_hash).toMatch(/^[0-9a-f]{64}$/);
      const raw = await sql<{ raw: unknown; lead_time_days: number; name: string }>`
        SELECT raw, lead_time_days, name FROM supplier_catalogs WHERE supplier_sku = 'A1'`.execute(database.db);
      expect(raw.rows[0]).toMatchObject({ lead_time_days: 3, name: 'Stift; blau' });
      expect(raw.rows[0]!.raw).toMatchObject({ cost_price: '12,50', supplier_sku: 'A1' });
      expect(await importRow(first.importId)).toMatchObject({ status: 'completed', inserted: 3, rows_read: 3 });
      const synced = await database.db.selectFrom('suppliers').select('last_catalog_sync_at').executeTakeFirstOrThrow();
      expect(synced.last_catalog_sync_at).toBeInstanceOf(Date);

      const again = await runImport(database, 'ACME', feed);
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, markedUnavailable: 0 });
      const after = await catalogRows(database.db, supplierId);
      expect(after.get('A2')!.updated_at).toEqual(rows.get('A2')!.updated_at);

      const changed = germanCsv([
        { sku: 'A1', cost: '12.50', stock: 4, gtin: '4006381333931', name: 'Stift; blau', lead: 3 },
        { sku: 'A2', cost: '0.1234', stock: 0 },
        { sku: 'A3', cost: '1234567.90', stock: 2 },
        { sku: 'A4', cost: '1.00' },
      ]);
      expect(await runImport(database, 'ACME', changed)).toMatchObject({ inserted: 1, updated: 2, unchanged: 1 });
    });

    it('keeps last_seen_at of unchanged rows within half the supplier max age, without rewriting fresh ones', async () => {
      const feed = germanCsv(items(3));
      await runImport(database, 'ACME', feed);
      // catalog_max_age_hours is 48: A001 was last seen 30 hours ago (stale), A002 10 hours ago.
      await sql`UPDATE supplier_catalogs SET last_seen_at = now() - interval '30 hours' WHERE supplier_sku = 'A001'`.execute(
        database.db,
      );
      await sql`UPDATE supplier_catalogs SET last_seen_at = now() - interval '10 hours' WHERE supplier_sku = 'A002'`.execute(
        database.db,
      );
      expect(await runImport(database, 'ACME', feed)).toMatchObject({ unchanged: 3, updated: 0 });
      const { rows } = await sql<{ supplier_sku: string; age: number }>`
        SELECT supplier_sku, round(extract(epoch FROM now() - last_seen_at) / 3600)::int AS age
          FROM supplier_catalogs ORDER BY supplier_sku`.execute(database.db);
      expect(rows).toEqual([
        { supplier_sku: 'A001', age: 0 },
        { supplier_sku: 'A002', age: 10 },
        { supplier_sku: 'A003', age: 0 },
      ]);
    });

    it('rejects bad rows with their line numbers and reasons, imports the rest', async () => {
      const feed = [
        'Art.-Nr.;EK netto;Bestand;EAN;Bezeichnung;Lieferzeit',
        'OK1;1,00;1;;Fine;1', // line 2
        'BAD1;abc;1;;Cost;1', // 3
        'BAD2;1,00;-4;;Stock;1', // 4
        '', // 5: empty, skipped
        'BAD3;1,00;1;12345;Gtin;1', // 6
        'OK1;2,00;1;;Duplicate;1', // 7
        ';1,00;1;;No sku;1', // 8
        'BAD4;1,23456;1;;Decimals;1', // 9
        'BAD5;1,00;1', // 10: short row
        'OK2;"3,50";7;"4006381333931";"Multi',
        'line name";1', // 11-12
        'OK3;9.999,5;1;;Thousands;1', // 13
      ].join('\n');
      const report = await runImport(database, 'ACME', feed);
      expect(report.rejections).toEqual([
        { line: 3, reason: expect.stringMatching(/^cost_price: not an amount.*"abc"/) },
        { line: 4, reason: 'stock_quantity: not a whole number >= 0: "-4"' },
        { line: 6, reason: 'gtin: not 8 to 14 digits: "12345"' },
        { line: 7, reason: 'supplier_sku: "OK1" again (first on line 2)' },
        { line: 8, reason: 'supplier_sku: missing (column "Art.-Nr.")' },
        { line: 9, reason: expect.stringMatching(/^cost_price: .*"1,23456"/) },
        { line: 10, reason: 'the row has 3 columns, the header has 6' },
      ]);
      expect(report).toMatchObject({ rowsRead: 10, inserted: 3, rejected: 7, unchanged: 0 });
      const rows = await catalogRows(database.db, supplierId);
      expect([...rows.keys()]).toEqual(['OK1', 'OK2', 'OK3']);
      expect(rows.get('OK3')!.cost_price).toBe('9999.5000');
      // a newline inside a quoted field travels through COPY escaped, and arrives intact
      const named = await sql<{ name: string }>`
        SELECT name FROM supplier_catalogs WHERE supplier_sku = 'OK2'`.execute(database.db);
      expect(named.rows[0]!.name).toBe('Multi\nline name');
      const stored = await importRow(report.importId);
      expect(stored).toMatchObject({ rejected: 7, rows_read: 10 });
      expect((stored.rejections as unknown[]).length).toBe(7);
    });

    it('refuses a CSV without the mapped SKU column, naming it, and records the failure', async () => {
      await expect(runImport(database, 'ACME', 'sku;cost\nA;1\n')).rejects.toThrow(
        /no column "Art.-Nr." for supplier_sku/,
      );
      const { rows } = await sql<{ status: string; message: string }>`
        SELECT status, message FROM catalog_imports`.execute(database.db);
      expect(rows).toEqual([{ status: 'failed', message: expect.stringContaining('Art.-Nr.') }]);
    });

    it('refuses a feed whose first line has no end within the limit, and records the failure', async () => {
      const huge = 'x'.repeat(1_100_000);
      await expect(runImport(database, 'ACME', huge)).rejects.toThrow(/line 1 is longer than 65536 bytes/);
      const { rows } = await sql<{ status: string; message: string }>`
        SELECT status, message FROM catalog_imports`.execute(database.db);
      expect(rows).toEqual([{ status: 'failed', message: expect.stringContaining('longer than 65536 bytes') }]);
      // A record over the limit later in the file is a feed error too, with its line.
      const long = germanCsv(items(2)) + `B9;1,00;1;;${'y'.repeat(1_100_000)};1\n`;
      await expect(runImport(database, 'ACME', long)).rejects.toThrow(/cannot be read at line 4/);
    });

    it('reads a JSON array and NDJSON with the identity mapping, numbers included', async () => {
      const plain = await createSupplier(database.db, 'PLAIN');
      const array = JSON.stringify(
        [
          { supplier_sku: 'J1', cost_price: 12.5, stock_quantity: 3, gtin: '12345678', name: 'Json [one]' },
          { supplier_sku: 'J2', cost_price: '7,25', stock_quantity: '4', extra: { nested: [1, 2] } },
          { supplier_sku: 'J3', cost_price: 'x' },
          'not an object',
        ],
        null,
        2,
      );
      const report = await runImport(database, 'PLAIN', array, { format: 'json' });
      expect(report).toMatchObject({ inserted: 2, rejected: 2 });
      expect(report.rejections.map((r) => r.line)).toEqual([20, 24]);
      const rows = await catalogRows(database.db, plain);
      expect(rows.get('J1')).toMatchObject({ cost_price: '12.5000', stock_quantity: 3, gtin: '12345678' });
      expect(rows.get('J2')!.cost_price).toBe('7.2500');

      const ndjson = [
        '{"supplier_sku":"J1","cost_price":"12.50","stock_quantity":3,"gtin":"12345678","name":"Json [one]"}',
        '{"supplier_sku":"J2","cost_price":"8.00"}',
        '{broken',
        '',
        '{"supplier_sku":"J4","cost_price":"1"}',
      ].join('\n');
      const second = await runImport(database, 'PLAIN', ndjson, { format: 'json' });
      expect(second).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, rejected: 1 });
      expect(second.rejections[0]).toMatchObject({ line: 3, reason: expect.stringContaining('not valid JSON') });
    });

    it('marks items missing from a full feed unavailable, leaves them alone in delta mode, brings them back', async () => {
      const all = items(10);
      await runImport(database, 'ACME', germanCsv(all));
      const full = await runImport(database, 'ACME', germanCsv(all.slice(0, 8)));
      expect(full).toMatchObject({ markedUnavailable: 2, unchanged: 8 });
      let rows = await catalogRows(database.db, supplierId);
      expect(rows.size).toBe(10);
      expect([...rows.values()].filter((r) => !r.is_available).map((r) => r.supplier_sku)).toEqual(['A009', 'A010']);

      const delta = await runImport(database, 'ACME', germanCsv([{ sku: 'A001', cost: '13.00' }]), { mode: 'delta' });
      expect(delta).toMatchObject({ updated: 1, markedUnavailable: 0 });
      rows = await catalogRows(database.db, supplierId);
      expect([...rows.values()].filter((r) => r.is_available)).toHaveLength(8);

      const back = await runImport(database, 'ACME', germanCsv([all[8]!]), { mode: 'delta' });
      expect(back).toMatchObject({ updated: 1, unchanged: 0 });
      expect((await catalogRows(database.db, supplierId)).get('A009')!.is_available).toBe(true);
    });

    it('refuses a feed that would take most of the catalog off sale, changing nothing, unless forced', async () => {
      const all = items(10);
      await runImport(database, 'ACME', germanCsv(all));
      const before = await catalogRows(database.db, supplierId);
      const truncated = germanCsv([...all.slice(0, 4), { sku: 'NEW', cost: '1.00' }]);
      const refused = await runImport(database, 'ACME', truncated);
      expect(refused.status).toBe('refused');
      expect(refused.message).toMatch(/6 of the supplier's 10 available items unavailable \(60 %/);
      expect(await catalogRows(database.db, supplierId)).toEqual(before);
      expect(await importRow(refused.importId)).toMatchObject({ status: 'refused', message: refused.message });

      const forced = await runImport(database, 'ACME', truncated, { force: true });
      expect(forced).toMatchObject({ status: 'completed', forced: true, markedUnavailable: 6, inserted: 1 });
    });

    it('refuses a feed that moves most costs by more than the factor, unless forced', async () => {
      await runImport(database, 'ACME', germanCsv(items(4, 'A', '10.00')));
      const before = await catalogRows(database.db, supplierId);
      // "10,00" exported as "1000": a decimal mark lost in the export.
      const broken = germanCsv([...items(3, 'A', '1000'), { sku: 'A004', cost: '10.00' }]);
      const refused = await runImport(database, 'ACME', broken, { mode: 'delta' });
      expect(refused).toMatchObject({ status: 'refused', inserted: 0, updated: 0 });
      expect(refused.message).toMatch(/cost of 3 of 4 known items by more than a factor of 2/);
      expect(await catalogRows(database.db, supplierId)).toEqual(before);
      // a quarter moving is normal business
      const some = germanCsv([{ sku: 'A001', cost: '25.00' }, ...items(4, 'A', '10.00').slice(1)]);
      expect((await runImport(database, 'ACME', some)).status).toBe('completed');
      expect(await runImport(database, 'ACME', broken, { force: true })).toMatchObject({ updated: 3, unchanged: 1 });
    });

    it('links by explicit product_sku, by a unique GTIN, by SKU; lists the rest; reprices linked products', async () => {
      await sql`UPDATE suppliers SET catalog_column_mapping = catalog_column_mapping || '{"product_sku":"Unser Artikel"}'::jsonb
                 WHERE id = ${supplierId}`.execute(database.db);
      const byGtin = await createProduct(database.db, 'SHOP-G', { gtin: '4006381333931' });
      const bySku = await createProduct(database.db, 'B2');
      const explicit = await createProduct(database.db, 'SHOP-X', { gtin: '96385074' });
      await createProduct(database.db, 'TWIN-1', { gtin: '11111111' });
      await createProduct(database.db, 'TWIN-2', { gtin: '11111111' });
      const feed = [
        'Art.-Nr.;EK netto;Bestand;EAN;Bezeichnung;Lieferzeit;Unser Artikel',
        'B1;12,50;10;4006381333931;By gtin;2;',
        'B2;3,20;10;;By sku;2;',
        'B3;10,00;10;96385074;Explicit wins over gtin;2;SHOP-X',
        'B4;5,00;10;11111111;Ambiguous gtin;2;',
        'B5;5,00;10;;Nothing;2;',
      ].join('\n');
      const report = await runImport(database, 'ACME', feed);
      expect(report).toMatchObject({ linked: 3, repriced: 3 });
      const rows = await catalogRows(database.db, supplierId);
      expect(rows.get('B1')!.product_id).toBe(byGtin);
      expect(rows.get('B2')!.product_id).toBe(bySku);
      expect(rows.get('B3')!.product_id).toBe(explicit);
      expect(rows.get('B4')!.product_id).toBeNull();
      // the two seed rules of migration 005: 12.50 + 40 % -> 17.99; 3.20 x 2 -> 6.99; 10.00 + 40 % -> 14.99
      const prices = await database.db.selectFrom('products').select(['sku', 'price']).orderBy('sku').execute();
      expect(Object.fromEntries(prices.map((p) => [p.sku, p.price]))).toMatchObject({
        'SHOP-G': '17.99',
        B2: '6.99',
        'SHOP-X': '14.99',
        'TWIN-1': '1.00',
      });

      // a cost change reprices the affected product only
      const cheaper = feed.replace('B1;12,50', 'B1;20,00');
      expect(await runImport(database, 'ACME', cheaper)).toMatchObject({ updated: 1, linked: 0, repriced: 1 });
      const g = await database.db.selectFrom('products').select('price').where('id', '=', byGtin).executeTakeFirst();
      expect(g!.price).toBe('28.99');
    });

    it('rejects a row whose product_sku names no product of the shop, with its line, and imports the rest', async () => {
      await sql`UPDATE suppliers SET catalog_column_mapping = catalog_column_mapping || '{"product_sku":"Unser Artikel"}'::jsonb
                 WHERE id = ${supplierId}`.execute(database.db);
      const known = await createProduct(database.db, 'SHOP-K');
      const gone = await createProduct(database.db, 'SHOP-OLD');
      await sql`UPDATE products SET status = 'archived' WHERE id = ${gone}`.execute(database.db);
      const feed = [
        'Art.-Nr.;EK netto;Bestand;EAN;Bezeichnung;Lieferzeit;Unser Artikel',
        'K1;10,00;10;;Known;2;SHOP-K',
        'K2;10,00;10;;Typo;2;SHOP-KK',
        'K3;10,00;10;;No link;2;',
        'K4;10,00;10;;Archived;2;SHOP-OLD',
      ].join('\n');
      const report = await runImport(database, 'ACME', feed, { mode: 'delta' });
      expect(report).toMatchObject({ status: 'completed', rowsRead: 4, inserted: 2, rejected: 2, linked: 1 });
      expect(report.rejections).toEqual([
        { line: 3, reason: 'product_sku: "SHOP-KK" is not a product of the shop' },
        { line: 5, reason: 'product_sku: "SHOP-OLD" is an archived product' },
      ]);
      const rows = await catalogRows(database.db, supplierId);
      expect(rows.get('K1')!.product_id).toBe(known);
      expect(rows.has('K2')).toBe(false);
      expect(rows.get('K3')!.product_id).toBeNull();
    });

    it('creates priced draft products from unlinked items on request', async () => {
      const feed = germanCsv([
        { sku: 'D1', cost: '3.20', name: 'Größe Jacke' },
        { sku: 'D2', cost: '12.50', name: 'Café Tasse' },
      ]);
      const report = await runImport(database, 'ACME', feed, { createDrafts: true });
      expect(report).toMatchObject({ draftsCreated: 2, repriced: 2 });
      const drafts = await database.db
        .selectFrom('products')
        .select(['sku', 'slug', 'status', 'price', 'name'])
        .orderBy('sku')
        .execute();
      expect(drafts).toEqual([
        { sku: 'ACME-D1', slug: 'groesse-jacke-acme-d1', status: 'draft', price: '6.99', name: 'Größe Jacke' },
        { sku: 'ACME-D2', slug: 'cafe-tasse-acme-d2', status: 'draft', price: '17.99', name: 'Café Tasse' },
      ]);
      const rows = await catalogRows(database.db, supplierId);
      expect([...rows.values()].every((r) => r.product_id !== null)).toBe(true);
    });

    it('leaves an item unlinked when the SKU or slug of its draft is taken', async () => {
      await createProduct(database.db, 'ACME-D3');
      await createProduct(database.db, 'MUG-ACME-D4'); // slug mug-acme-d4, the one item D4 would get
      const feed = germanCsv([
        { sku: 'D3', cost: '3.20', name: 'Jacke' },
        { sku: 'D4', cost: '3.20', name: 'Mug' },
        { sku: 'D5', cost: '3.20', name: 'Tasse' },
      ]);
      expect(await runImport(database, 'ACME', feed, { createDrafts: true })).toMatchObject({ draftsCreated: 1 });
      const d5 = await database.db
        .selectFrom('products')
        .select(['id', 'status'])
        .where('sku', '=', 'ACME-D5')
        .executeTakeFirstOrThrow();
      expect(d5.status).toBe('draft');
      const rows = await catalogRows(database.db, supplierId);
      expect([rows.get('D3')!.product_id, rows.get('D4')!.product_id, rows.get('D5')!.product_id]).toEqual([
        null,
        null,
        d5.id,
      ]);
    });

    it('writes nothing when a step after the upsert fails, and records the failure', async () => {
      const product = await createProduct(database.db, 'T1');
      await runImport(
        database,
        'ACME',
        germanCsv([
          { sku: 'T1', cost: '10.00' },
          { sku: 'T2', cost: '5.00' },
        ]),
      );
      const before = await catalogRows(database.db, supplierId);
      const syncedBefore = await database.db.selectFrom('suppliers').select('last_catalog_sync_at').executeTakeFirst();
      // Repricing (after the upsert, the unavailable marking and the linking) hits a failing trigger.
      await sql`
        CREATE FUNCTION fail_reprice() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected failure after the upsert'; END $$`.execute(database.db);
      await sql`
        CREATE TRIGGER fail_reprice BEFORE UPDATE OF price ON products FOR EACH ROW EXECUTE FUNCTION fail_reprice();
      `.execute(database.db);
      const changed = germanCsv([
        { sku: 'T1', cost: '11.00' },
        { sku: 'T3', cost: '1.00' },
      ]);
      await expect(runImport(database, 'ACME', changed, { force: true })).rejects.toThrow(/injected failure/);
      expect(await catalogRows(database.db, supplierId)).toEqual(before);
      expect(before.get('T1')!.product_id).toBe(product);
      const synced = await database.db.selectFrom('suppliers').select('last_catalog_sync_at').executeTakeFirst();
      expect(synced).toEqual(syncedBefore);
      const { rows } = await sql<{ status: string; message: string }>`
        SELECT status, message FROM catalog_imports ORDER BY id DESC LIMIT 1`.execute(database.db);
      expect(rows[0]).toEqual({ status: 'failed', message: expect.stringContaining('injected failure') });
      // the session is usable afterwards
      await sql`DROP TRIGGER fail_reprice ON products`.execute(database.db);
      expect((await runImport(database, 'ACME', changed, { force: true })).status).toBe('completed');
    });
  });
}
