/**
 * The runbook's own psql commands (shared/seed/000_508b1a26bd9eaeb3.txt), run through the psql
 * binary against the project's files on the real server, exactly as written there (only
 * `docker exec -i jneoutlet_postgres psql -U jneuser -d jneoutlet` becomes `psql -d "$DB"`): each
 * case leaves nothing half-done and ends in a database that `jne db status`, `jne db migrate` and
 * `jne db verify` accept. Server only: psql cannot reach the embedded database.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, loadMigrations } from '../../../src/db/migrations/files.js';
import { readSchema, renderSchema } from '../../../src/db/migrations/introspect.js';
import { jne, tempDir } from '../../support/cli.js';
import { backends, emptyDatabase, migratedDatabase, type TestDatabase } from '../../support/databases.js';
import { RUNBOOK_TABLE_QUERY } from '../../support/migrations.js';

const dir = defaultMigrationsDir();
const SNAPSHOT = path.resolve(dir, '..', 'schema.sql');
const migrations = loadMigrations();
const fileOf = (version: string, rollback = false) => {
  const m = migrations.find((x) => x.version === version)!;
  return rollback ? m.rollbackFile : m.file;
};

/** Runbook step 3, "Test Migration (Dry Run in Transaction)". */
const dryRun = (file: string) => `psql -d "$DB" << 'EOF'
BEGIN;
\\i ${file}
-- Review output, check for errors
ROLLBACK;  -- Don't commit on dry run!
EOF`;
/** Runbook step 4, "Apply Migration (FOR REAL)", and rollback step 1, "Apply Rollback". */
const feed = (file: string) => `psql -d "$DB" < ${file}`;
/** The flags the README recommends. */
const safest = (file: string) => `psql -X -1 -v ON_ERROR_STOP=1 -f ${file} -d "$DB"`;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`the runbook's psql commands on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());

    const env = () => ({
      DATABASE_URL: database.url!,
      MIGRATION_LOCK_TIMEOUT_MS: '2000',
      MIGRATION_ADVISORY_LOCK_WAIT_MS: '2000',
    });
    const shell = (command: string): Run => {
      const r = spawnSync('bash', ['-c', command], { env: { ...process.env, DB: database.url! }, encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const query = async <R>(sql: string) => database.withSession(async (s) => (await s.query<R>(sql)).rows);
    const runbookTables = async () => (await query<{ table_name: string }>(RUNBOOK_TABLE_QUERY)).length;
    const recorded = async () =>
      (await query<{ version: string }>(`select version from schema_migrations order by version`)).map(
        (r) => r.version,
      );
    const schema = () => database.withSession(async (s) => renderSchema(await readSchema(s)));
    const migrateTo = async (to?: string) =>
      expect((await jne(['db', 'migrate', ...(to ? ['--to', to] : [])], env())).code).toBe(0);

    /** What the issue asks of every case: jne db status, migrate and verify accept the database. */
    async function acceptedByJne(): Promise<void> {
      const status = await jne(['db', 'status', '--json'], env());
      expect(status.code, status.out + status.err).toBe(0);
      const states = JSON.parse(status.out).migrations as { state: string }[];
      expect(states.every((s) => s.state === 'applied' || s.state === 'pending')).toBe(true);
      const migrate = await jne(['db', 'migrate'], env());
      expect(migrate.code, migrate.out + migrate.err).toBe(0);
      const verify = await jne(['db', 'verify'], env());
      expect(verify.code, verify.out + verify.err).toBe(0);
      expect(verify.out).toContain('All checks passed.');
      expect(await recorded()).toEqual(migrations.map((m) => m.version));
      expect(await schema()).toBe(fs.readFileSync(SNAPSHOT, 'utf8'));
    }

    it('dry run (step 3): applies 005 inside the outer transaction, which it never commits', async () => {
      database = await emptyDatabase(backend);
      await migrateTo('4');
      const before = await schema();

      const run = shell(dryRun(fileOf('005')));
      expect(run.code, run.err).toBe(0);
      expect(run.err).toBe('');
      expect(run.out).toContain('INSERT 0 2'); // the runbook's expected output: 2 pricing_rules rows
      expect(run.out).toContain('inside the open transaction');
      expect(run.out.trim().split('\n').at(-1)).toBe('ROLLBACK');
      expect(run.out.split('\n')).not.toContain('COMMIT');
      expect(await schema()).toBe(before);
      expect(await recorded()).toEqual(['001', '002', '003', '004']);

      await acceptedByJne();
      // The dry run of a rollback file changes nothing either.
      const after = await schema();
      expect(shell(dryRun(fileOf('007', true))).code).toBe(0);
      expect(await schema()).toBe(after);
    });

    it('apply (step 4) while one of its tables exists: nothing of 005 is left, and its rollback file clears the leftover', async () => {
      database = await emptyDatabase(backend);
      await migrateTo('4');
      await query(`create table supplier_performance (id bigint primary key)`); // the runbook's "relation already exists"
      const before = await schema();

      // The frame stops the file at the error; psql goes on with the dry run's own ROLLBACK.
      const dry = shell(dryRun(fileOf('005')));
      expect(dry.err).toContain('relation "supplier_performance" already exists');
      expect(dry.out).not.toContain('INSERT 0 1'); // no history row
      expect(dry.out.trim().split('\n').at(-1)).toBe('ROLLBACK');
      expect(await schema()).toBe(before);

      const run = shell(feed(fileOf('005')));
      expect(run.code).toBe(3);
      expect(run.err).toContain('relation "supplier_performance" already exists');
      expect(await runbookTables()).toBe(1); // the table made by hand; none of the other six
      const columns = await query(
        `select 1 from information_schema.columns where table_name = 'suppliers' and column_name = 'order_method'`,
      );
      expect(columns).toEqual([]);
      expect(await query(`select 1 from pg_indexes where indexname = 'suppliers_name_lower_key'`)).toEqual([]);
      expect(await recorded()).toEqual(['001', '002', '003', '004']);

      const clear = shell(feed(fileOf('005', true)));
      expect(clear.code, clear.err).toBe(0);
      expect(await runbookTables()).toBe(0);
      expect(shell(feed(fileOf('005'))).code).toBe(0);
      expect(await recorded()).toEqual(['001', '002', '003', '004', '005']);
      await acceptedByJne();
    });

    it('apply (step 4) of a migration already applied: skipped, "This is OK, skip migration"', async () => {
      database = await migratedDatabase(backend); // every migration applied, as jne db migrate leaves it
      const before = await schema();
      const run = shell(feed(fileOf('005')));
      expect(run.code, run.err).toBe(0);
      expect(run.err).toBe('');
      expect(run.out).toContain('005_dropshipping_platform_phase1 is already applied (schema_migrations has it)');
      expect(await schema()).toBe(before);
      await acceptedByJne();
    });

    it('apply of 005 before 004 is recorded: refused, nothing created, and the way out named', async () => {
      database = await emptyDatabase(backend);
      const run = shell(feed(fileOf('005')));
      expect(run.code).toBe(3);
      expect(run.err).toContain('005_dropshipping_platform_phase1 needs migration 004 first');
      expect(run.err).toContain('jne db baseline 004');
      expect(await query(`select to_regclass('schema_migrations') as t`)).toEqual([{ t: null }]);
      await acceptedByJne();
    });

    it('rollback of 005 with 006 and 007 applied: refused up front, naming them and jne db rollback --to 004', async () => {
      database = await migratedDatabase(backend);
      const before = await schema();

      const run = shell(feed(fileOf('005', true)));
      expect(run.code).toBe(3);
      const later = migrations.filter((m) => m.version > '005').map((m) => m.id);
      expect(later.slice(0, 2)).toEqual(['006_dropshipping_operations', '007_pricing_functions']);
      expect(run.err).toContain(
        '005_dropshipping_platform_phase1 cannot be rolled back while later migrations are applied: ' +
          `${later.join(', ')}. Nothing was changed.`,
      );
      expect(run.err).toContain('jne db rollback --to 004');
      expect(await runbookTables()).toBe(7);
      expect(await schema()).toBe(before);
      await acceptedByJne();

      // The command it names does it.
      expect((await jne(['db', 'rollback', '--to', '004'], env())).code).toBe(0);
      expect(await runbookTables()).toBe(0);
      await acceptedByJne();
    });

    it('rollback of 005 as the newest migration: schema_migrations forgets it, and jne db migrate applies it again', async () => {
      database = await emptyDatabase(backend);
      await migrateTo('5');

      const run = shell(feed(fileOf('005', true)));
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain(
        '005_dropshipping_platform_phase1 rolled back, and schema_migrations no longer lists it',
      );
      expect(await runbookTables()).toBe(0); // rollback step 2: "Should return 0 rows"
      expect(await recorded()).toEqual(['001', '002', '003', '004']);
      const status = JSON.parse((await jne(['db', 'status', '--json'], env())).out);
      expect(status.migrations.find((m: { version: string }) => m.version === '005').state).toBe('pending');

      const migrate = await jne(['db', 'migrate'], env());
      expect(migrate.out).toContain(`Applied ${migrations.filter((m) => m.version >= '005').length} migration(s).`);
      await acceptedByJne();
    });

    it('a rollback run by hand with the file as it was before its psql frame: jne db status says so, jne db forget repairs it', async () => {
      database = await emptyDatabase(backend);
      await migrateTo('5');
      const before = path.join(tempDir('jne-old-files-'), '005_dropshipping_platform_phase1_rollback.sql');
      fs.writeFileSync(before, migrations.find((m) => m.version === '005')!.rollbackSql); // the body is the old file
      expect(shell(feed(before)).code).toBe(0);
      expect(await recorded()).toEqual(['001', '002', '003', '004', '005']); // the old file's stale row

      const status = await jne(['db', 'status'], env());
      expect(status.code).toBe(1);
      expect(status.out).toContain(
        'NOT AS RECORDED: 005_dropshipping_platform_phase1 is recorded as applied, but its rollback checks pass',
      );
      expect(status.out).toContain('jne db forget 005');
      const forget = await jne(['db', 'forget', '5'], env());
      expect(forget.code, forget.err).toBe(0);
      expect(await recorded()).toEqual(['001', '002', '003', '004']);
      await acceptedByJne();
    });

    it('every file, up and down, through psql alone: the same schema and history as jne makes', async () => {
      database = await emptyDatabase(backend);
      for (const m of migrations) {
        const run = shell(feed(m.file));
        expect(run.code, `${m.id}: ${run.err}`).toBe(0);
        expect(run.err, m.id).toBe('');
      }
      const history = await query<{ version: string; name: string; checksum: string; applied_by: string }>(
        `select version, name, checksum, applied_by from schema_migrations order by version`,
      );
      expect(history.map((h) => [h.version, h.name, h.checksum])).toEqual(
        migrations.map((m) => [m.version, m.name, m.checksum]),
      );
      expect(history[0]!.applied_by).toMatch(/^psql as role /);
      await acceptedByJne();

      for (const m of [...migrations].reverse()) {
        const run = shell(feed(m.rollbackFile));
        expect(run.code, `${m.id}: ${run.err}`).toBe(0);
      }
      expect(await recorded()).toEqual([]);
      expect(await query(`select table_name from information_schema.tables where table_schema = 'public'`)).toEqual([
        { table_name: 'schema_migrations' },
      ]);
      await acceptedByJne();
    });

    it('the safest flags (psql -X -1 -v ON_ERROR_STOP=1 -f): all or nothing, committed by psql', async () => {
      database = await emptyDatabase(backend);
      await migrateTo('4');
      await query(`create table pricing_rules (id bigint primary key)`);
      const failed = shell(safest(fileOf('005')));
      expect(failed.code).toBe(3);
      expect(failed.err).toMatch(
        /005_dropshipping_platform_phase1\.sql:\d+: ERROR: {2}relation "pricing_rules" already exists/,
      );
      expect(await runbookTables()).toBe(1);
      expect(await recorded()).toEqual(['001', '002', '003', '004']);

      await query(`drop table pricing_rules`);
      const run = shell(safest(fileOf('005')));
      expect(run.code, run.err).toBe(0);
      expect(await recorded()).toEqual(['001', '002', '003', '004', '005']);
      await acceptedByJne();
    });
  });
}
