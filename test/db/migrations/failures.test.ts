/** The runbook's "common issues", each diagnosed, each leaving nothing half-applied. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError } from '../../../src/db/migrations/errors.js';
import { loadMigrations } from '../../../src/db/migrations/files.js';
import { Migrator } from '../../../src/db/migrations/migrator.js';
import { BODY_END, frame } from '../../../src/db/migrations/psql-frame.js';
import {
  backends,
  emptyDatabase,
  migratedDatabase,
  testMigrationSettings,
  type TestDatabase,
} from '../../support/databases.js';
import { RUNBOOK_TABLE_QUERY, copyMigrations } from '../../support/migrations.js';

async function failure(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

for (const backend of backends) {
  describe(`migration failures on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());
    const query = <R>(sql: string) => database.withSession(async (s) => (await s.query<R>(sql)).rows);
    const migratorFor = (dir?: string) => new Migrator(database, loadMigrations(dir), testMigrationSettings);

    // A test that needs every migration applied starts from the run's migrated template, made by
    // the same Migrator (see templates.ts); the others start empty and migrate as far as they need.
    it('"relation already exists": an applied migration is skipped', async () => {
      database = await migratedDatabase(backend);
      await migratorFor().migrate();
      expect(await migratorFor().migrate()).toEqual([]);
    });

    it('"relation already exists": objects without a history row are diagnosed, and baseline records them', async () => {
      database = await emptyDatabase(backend);
      await migratorFor().migrate({ to: '004' });
      const m005 = loadMigrations().find((m) => m.version === '005')!;
      await database.withSession((s) => s.exec(m005.sql)); // applied by hand with psql, as in the runbook

      const error = await failure(migratorFor().migrate());
      expect(error.failure).toBe('objects_exist');
      expect(error.sqlstate).toBe('42701'); // the first statement adds a column that exists
      expect(error.message).toContain('schema_migrations has no record');
      expect(error.message).toContain('jne db baseline 005');

      expect(await migratorFor().baseline('005')).toEqual(['005_dropshipping_platform_phase1']);
      expect((await migratorFor().pending()).map((m) => m.version)).toEqual(
        loadMigrations()
          .filter((m) => m.version > '005')
          .map((m) => m.version),
      );
    });

    it('baseline is refused when the objects are not really there', async () => {
      database = await emptyDatabase(backend);
      await migratorFor().migrate({ to: '004' });
      const error = await failure(migratorFor().baseline('005'));
      expect(error.failure).toBe('verify_failed');
      expect(error.message).toContain('Nothing was recorded');
      expect((await migratorFor().pending())[0]!.version).toBe('005');
    });

    it('a changed migration file is refused, naming the file', async () => {
      database = await emptyDatabase(backend);
      const dir = copyMigrations();
      await migratorFor(dir).migrate({ to: '004' });
      const file = path.join(dir, '004_suppliers.sql');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(BODY_END, `-- an innocent edit\n${BODY_END}`));

      const error = await failure(migratorFor(dir).migrate());
      expect(error.failure).toBe('checksum_mismatch');
      expect(error.message).toContain('database/migrations/004_suppliers.sql has changed since it was applied');
      expect(await query(RUNBOOK_TABLE_QUERY)).toEqual([]); // 005 was not applied either
      expect((await migratorFor(dir).status()).find((s) => s.version === '004')!.state).toBe('changed');
    });

    it('"could not create unique index": lists the duplicate keys with their counts', async () => {
      database = await emptyDatabase(backend);
      await migratorFor().migrate({ to: '004' });
      await query(`insert into suppliers (code, name) values
        ('ACME', 'Acme'), ('ACME2', 'ACME'), ('B1', 'Beta'), ('B2', 'beta'), ('B3', 'BETA'), ('C', 'Gamma')`);

      const error = await failure(migratorFor().migrate());
      expect(error.failure).toBe('duplicate_keys');
      expect(error.message).toContain('suppliers_name_lower_key');
      expect(error.message).toContain('beta (3 rows), acme (2 rows)');
      expect(error.message).not.toContain('gamma');
      expect(await query(RUNBOOK_TABLE_QUERY)).toEqual([]);
      const columns = await query(
        `select 1 from information_schema.columns where table_name = 'suppliers' and column_name = 'order_method'`,
      );
      expect(columns).toEqual([]);

      await query(`update suppliers set name = name || ' ' || code where code in ('ACME2', 'B2', 'B3')`);
      expect(await migratorFor().migrate({ to: '005' })).toEqual(['005_dropshipping_platform_phase1']);
    });

    it('a failure halfway leaves that migration entirely unapplied, with the line named', async () => {
      database = await emptyDatabase(backend);
      const dir = copyMigrations();
      fs.writeFileSync(
        path.join(dir, '099_broken.sql'),
        `create table audit_log (id bigint primary key);\ncreate index audit_log_id_idx on audit_log (id);\n` +
          `alter table products add column weight_grams integer;\n\nselect no_such_function();\n`,
      );
      fs.writeFileSync(path.join(dir, '099_broken_rollback.sql'), 'drop table audit_log;\n');
      await migratorFor(dir).migrate({ to: '006' });

      const error = await failure(migratorFor(dir).migrate());
      expect(error.failure).toBe('sql_error');
      expect(error.message).toMatch(/099_broken\.sql, line 5/);
      expect(error.message).toContain('[SQLSTATE 42883]');
      expect(await query(`select to_regclass('audit_log') as t`)).toEqual([{ t: null }]);
      expect(await query(`select 1 from information_schema.columns where column_name = 'weight_grams'`)).toEqual([]);
      expect((await migratorFor(dir).pending()).map((m) => m.version)).toEqual(['099']);
    });

    it('in a file with its psql frame, the line named is the line of the file', async () => {
      database = await emptyDatabase(backend);
      const dir = copyMigrations();
      const of = { version: '099', name: 'broken', previous: '007', checksum: '' };
      const body = `create table audit_log (id bigint primary key);\n\nselect no_such_function();\n`;
      const text = frame({ ...of, kind: 'apply' }, body);
      fs.writeFileSync(path.join(dir, '099_broken.sql'), text);
      fs.writeFileSync(path.join(dir, '099_broken_rollback.sql'), frame({ ...of, kind: 'rollback' }, 'select 1;\n'));
      await migratorFor(dir).migrate({ to: '007' });

      const error = await failure(migratorFor(dir).migrate());
      const line = text.split('\n').indexOf('select no_such_function();') + 1;
      expect(line).toBeGreaterThan(3);
      expect(error.message).toContain(`099_broken.sql, line ${line}`);
      expect(await query(`select to_regclass('audit_log') as t`)).toEqual([{ t: null }]);
    });

    it('a migration whose verification fails is rolled back', async () => {
      database = await emptyDatabase(backend);
      const dir = copyMigrations();
      fs.writeFileSync(path.join(dir, '099_half.sql'), 'create table half_done (id bigint primary key);\n');
      fs.writeFileSync(path.join(dir, '099_half_rollback.sql'), 'drop table half_done;\n');
      fs.writeFileSync(
        path.join(dir, '099_half.verify.sql'),
        `-- check: the table exists\nselect to_regclass('half_done') is not null as ok, 'half_done' as detail;\n` +
          `-- check: the column the author forgot\nselect false as ok, 'no column half_done.note' as detail;\n`,
      );
      await migratorFor(dir).migrate({ to: '006' });
      const error = await failure(migratorFor(dir).migrate());
      expect(error.failure).toBe('verify_failed');
      expect(error.message).toContain('the column the author forgot: no column half_done.note');
      expect(await query(`select to_regclass('half_done') as t`)).toEqual([{ t: null }]);
    });

    it('a migration applied in the database but missing from the files is refused', async () => {
      database = await migratedDatabase(backend);
      const dir = copyMigrations();
      await migratorFor().migrate();
      for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('006_'))) fs.rmSync(path.join(dir, file));
      const error = await failure(migratorFor(dir).rollback());
      expect(error.failure).toBe('missing_file');
      expect(error.message).toContain('this code is older than the database');
    });
  });
}
