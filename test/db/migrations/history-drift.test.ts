/**
 * schema_migrations that no longer tells the truth, as the runbook's psql commands left it before
 * the files kept it themselves: a rollback run by hand that left its history row, a migration run by
 * hand without one. jne db status names each difference; forget and baseline repair the history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError } from '../../../src/db/migrations/errors.js';
import { loadMigrations } from '../../../src/db/migrations/files.js';
import { Migrator } from '../../../src/db/migrations/migrator.js';
import { backends, emptyDatabase, testMigrationSettings, type TestDatabase } from '../../support/databases.js';

const migrations = loadMigrations();
const m005 = migrations.find((m) => m.version === '005')!;

async function failure(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

for (const backend of backends) {
  describe(`history that is not true, on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());
    const migrator = () => new Migrator(database, migrations, testMigrationSettings);
    const exec = (sql: string) => database.withSession((s) => s.exec(sql));

    it('a rollback run by hand that left its row: named, refused by forget while it would lie, repaired by forget', async () => {
      database = await emptyDatabase(backend);
      await migrator().migrate({ to: '005' });
      expect(await migrator().differences()).toEqual([]);
      const notRolledBack = await failure(migrator().forget('005'));
      expect(notRolledBack.failure).toBe('verify_failed');
      expect(notRolledBack.message).toContain('Nothing was forgotten');

      await exec(m005.rollbackSql); // the rollback file's statements, with nothing removing the history row
      const differences = await migrator().differences();
      expect(differences.map((d) => [d.version, d.kind])).toEqual([['005', 'rolled_back_by_hand']]);
      expect(differences[0]!.message).toContain('jne db forget 005');

      expect(await migrator().forget('005')).toBe('005_dropshipping_platform_phase1');
      expect(await migrator().differences()).toEqual([]);
      expect(await migrator().migrate()).toEqual(migrations.filter((m) => m.version >= '005').map((m) => m.id));
      const verified = await migrator().verify();
      expect(verified.every((r) => r.checks.every((c) => c.ok))).toBe(true);
    });

    it('forget refuses a migration with later ones recorded, and one not recorded', async () => {
      database = await emptyDatabase(backend);
      await migrator().migrate({ to: '006' });
      const later = await failure(migrator().forget('005'));
      expect(later.failure).toBe('later_applied');
      expect(later.message).toContain('later migrations are recorded: 006_dropshipping_operations');
      const none = await failure(migrator().forget('007'));
      expect(none.failure).toBe('nothing_to_do');
      expect((await migrator().status()).filter((s) => s.state === 'applied')).toHaveLength(6);
    });

    it('a migration run by hand without a history row: named, with jne db baseline', async () => {
      database = await emptyDatabase(backend);
      await migrator().migrate({ to: '004' });
      await exec(m005.sql);
      const differences = await migrator().differences();
      expect(differences.map((d) => [d.version, d.kind])).toEqual([['005', 'applied_by_hand']]);
      expect(differences[0]!.message).toContain('jne db baseline 005');
      expect(await migrator().baseline('005')).toEqual(['005_dropshipping_platform_phase1']);
      expect(await migrator().differences()).toEqual([]);
    });
  });
}
