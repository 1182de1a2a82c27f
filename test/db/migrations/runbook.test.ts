/**
 * The runbook end to end on each backend: status, dry run, migrate, verify, the runbook's own
 * queries, rollback (0 rows), migrate again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../src/db/migrations/files.js';
import { readSchema, renderSchema } from '../../../src/db/migrations/introspect.js';
import { Migrator } from '../../../src/db/migrations/migrator.js';
import { backends, emptyDatabase, testMigrationSettings, type TestDatabase } from '../../support/databases.js';
import { RUNBOOK_TABLE_QUERY } from '../../support/migrations.js';

const SUPPLIER_COLUMNS_OF_004 = 12;

for (const backend of backends) {
  describe(`runbook on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());

    const query = <R>(sql: string) => database.withSession(async (s) => (await s.query<R>(sql)).rows);
    const schemaText = () => database.withSession(async (s) => renderSchema(await readSchema(s)));

    it('dry run, migrate, verify, rollback, migrate again', async () => {
      database = await emptyDatabase(backend);
      const migrator = new Migrator(database, loadMigrations(), testMigrationSettings);

      expect((await migrator.status()).map((s) => s.state)).toEqual(Array(loadMigrations().length).fill('pending'));
      await migrator.migrate({ to: '004' });
      expect((await migrator.pending()).map((m) => m.id)[0]).toBe('005_dropshipping_platform_phase1');
      const before = await schemaText();

      // Step 3: dry run: the seed's expected output, then the database exactly as before.
      const dry = await migrator.dryRun({ to: '005' });
      expect(dry.unchanged).toBe(true);
      const [result] = dry.results;
      expect(result!.id).toBe('005_dropshipping_platform_phase1');
      expect(result!.changes.tablesCreated).toHaveLength(7);
      expect(result!.changes.columnsAdded.filter((c) => c.startsWith('suppliers.')).length).toBeGreaterThanOrEqual(13);
      expect(result!.changes.indexesCreated.length).toBeGreaterThanOrEqual(40);
      expect(result!.changes.triggersCreated).toHaveLength(5);
      expect(result!.rowsInserted).toEqual({ pricing_rules: 2 });
      expect(result!.checks.every((c) => c.ok)).toBe(true);
      expect(await schemaText()).toBe(before);
      expect(await query(RUNBOOK_TABLE_QUERY)).toEqual([]);

      // Step 4 and 5: apply, then the runbook's verification queries.
      expect(await migrator.migrate({ to: '005' })).toEqual(['005_dropshipping_platform_phase1']);
      expect(await query(RUNBOOK_TABLE_QUERY)).toHaveLength(7);
      expect(await query<{ count: number }>('SELECT COUNT(*)::int AS count FROM pricing_rules')).toEqual([
        { count: 2 },
      ]);
      const columns = await query<{ n: number }>(
        `select count(*)::int as n from information_schema.columns where table_schema = 'public' and table_name = 'suppliers'`,
      );
      expect(columns[0]!.n - SUPPLIER_COLUMNS_OF_004).toBeGreaterThanOrEqual(13);
      const verified = await migrator.verify();
      expect(verified.map((v) => v.id)).toHaveLength(5); // 001 to 005 applied
      expect(verified.flatMap((v) => v.checks).filter((c) => !c.ok)).toEqual([]);

      // Already applied: migrate again is a no-op.
      expect(await migrator.migrate({ to: '005' })).toEqual([]);

      // Rollback: the runbook's table query returns 0 rows, and 004's schema is back exactly.
      expect(await migrator.rollback()).toEqual(['005_dropshipping_platform_phase1']);
      expect(await query(RUNBOOK_TABLE_QUERY)).toEqual([]);
      expect(await schemaText()).toBe(before);

      // And migrate works again.
      expect(await migrator.migrate({ to: '005' })).toEqual(['005_dropshipping_platform_phase1']);
      expect(await query(RUNBOOK_TABLE_QUERY)).toHaveLength(7);
    });

    it('rolls everything back to an empty schema and up again', async () => {
      database = await emptyDatabase(backend);
      const migrator = new Migrator(database, loadMigrations(), testMigrationSettings);
      await migrator.migrate();
      expect(await migrator.rollback({ to: '000' })).toEqual(
        loadMigrations()
          .map((m) => m.id)
          .reverse(),
      );
      const left = await query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      expect(left.map((t) => t.table_name)).toEqual(['schema_migrations']);
      expect(await migrator.migrate()).toHaveLength(loadMigrations().length);
    });
  });
}
