/**
 * Imports a stopped process left 'running': marked failed at the shop's start, saying they were
 * interrupted, while an import under way (its lock held by a live connection) keeps running.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { markInterruptedImports, RUNNING_IMPORT_LOCK } from '../../src/catalog-import/imports-repository.js';
import { inTransaction } from '../../src/db/transaction.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { createSupplier } from './support.js';

for (const backend of backends) {
  describe(`interrupted catalog imports on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(() => database?.dispose());

    const running = async (supplierId: number) =>
      (
        await sql<{ id: number }>`
          INSERT INTO catalog_imports (supplier_id, source, format, mode, forced)
          VALUES (${supplierId}, 'feed.csv', 'csv', 'full', false) RETURNING id`.execute(database.db)
      ).rows[0]!.id;
    const statuses = async () =>
      (
        await sql<{ id: number; status: string; message: string | null }>`
          SELECT id, status, message FROM catalog_imports ORDER BY id`.execute(database.db)
      ).rows;

    it('marks a running import that nobody holds as failed, once', async () => {
      database = await migratedDatabase(backend);
      const supplierId = await createSupplier(database.db, 'ACME');
      const id = await running(supplierId);
      expect(await inTransaction(database.db, (trx) => markInterruptedImports(trx))).toBe(1);
      expect(await statuses()).toEqual([
        { id, status: 'failed', message: expect.stringMatching(/^interrupted: the process running it stopped/) },
      ]);
      expect(await inTransaction(database.db, (trx) => markInterruptedImports(trx))).toBe(0);
    });

    if (backend === 'postgres') {
      it('leaves an import under way in another process running', async () => {
        database = await migratedDatabase(backend);
        const supplierId = await createSupplier(database.db, 'ACME');
        const underWay = await running(supplierId);
        const dead = await running(supplierId);
        const other = new pg.Client({ connectionString: database.url });
        await other.connect();
        try {
          await other.query('SELECT pg_advisory_lock($1, $2)', [RUNNING_IMPORT_LOCK, underWay]);
          expect(await inTransaction(database.db, (trx) => markInterruptedImports(trx))).toBe(1);
          expect((await statuses()).map((r) => [r.id, r.status])).toEqual([
            [underWay, 'running'],
            [dead, 'failed'],
          ]);
        } finally {
          await other.end();
        }
      });
    }
  });
}
