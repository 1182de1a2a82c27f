/**
 * `jne db ...` as an operator types it, on each backend: the whole runbook (backup, dry run,
 * migrate, verify, rollback, migrate, restore), exit codes and --json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrations/files.js';
import {
  backends,
  emptyDataDir,
  emptyDatabase,
  migratedDataDir,
  migratedDatabase,
  type BackendName,
  type TestDatabase,
} from '../support/databases.js';
import { jne, tempDir } from '../support/cli.js';

interface Target {
  env: Record<string, string | undefined>;
  dispose(): Promise<void>;
}

/**
 * Where the CLI points: an empty database on the server, or an embedded data folder holding an
 * empty database (initdb done, from the template); with `newFolder`, a data folder that does not
 * exist yet, which the first command makes as an operator's would; with `migrated`, a database
 * with every migration applied (from the migrated template: the runbook test migrates with the CLI).
 */
async function target(backend: BackendName, { newFolder = false, migrated = false } = {}): Promise<Target> {
  const base = { MIGRATION_LOCK_TIMEOUT_MS: '2000', MIGRATION_ADVISORY_LOCK_WAIT_MS: '2000' };
  if (backend === 'embedded') {
    const dir = tempDir();
    const env = { ...base, DATA_DIR: path.join(dir, 'data'), BACKUP_DIR: path.join(dir, 'backups') };
    if (migrated) await migratedDataDir(env.DATA_DIR);
    else if (!newFolder) await emptyDataDir(env.DATA_DIR);
    return { env, dispose: async () => {} };
  }
  const database: TestDatabase = migrated ? await migratedDatabase('postgres') : await emptyDatabase('postgres');
  await database.close();
  return { env: { ...base, DATABASE_URL: database.url!, BACKUP_DIR: tempDir() }, dispose: () => database.dispose() };
}

/** The states after `migrate --to 4`: 001-004 applied, the rest pending. */
const applied004 = loadMigrations().map((m) => (m.version <= '004' ? 'applied' : 'pending'));

for (const backend of backends) {
  describe(`jne db on ${backend}`, () => {
    let t: Target;
    afterEach(async () => t?.dispose());

    it('runs the whole runbook: backup, dry run, migrate, verify, rollback, migrate, restore', async () => {
      t = await target(backend, { newFolder: true });
      expect((await jne(['db', 'migrate', '--to', '4'], t.env)).code).toBe(0);
      await sql(
        t,
        `insert into suppliers (code, name, email) values ('ACME', 'Acme Wholesale', 'orders@acme.example')`,
      );

      const status = JSON.parse((await jne(['db', 'status', '--json'], t.env)).out);
      expect(status.migrations.map((m: { state: string }) => m.state)).toEqual(applied004);
      expect(status.migrations[0].checksum).toMatch(/^[0-9a-f]{64}$/);

      const backup = await jne(['db', 'backup'], t.env);
      expect(backup.code).toBe(0);
      const file = /written to (\S+) /.exec(backup.out)![1]!;
      expect(path.basename(file)).toMatch(/^backup_before_migration_005_\d{8}_\d{6}\.(sql|tar\.gz)$/);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);

      const dry = await jne(['db', 'migrate', '--dry-run', '--to', '5'], t.env);
      expect(dry.code).toBe(0);
      expect(dry.out).toContain('tables created (7)');
      expect(dry.out).toMatch(/indexes created \((4\d|[5-9]\d)\)/);
      expect(dry.out).toContain('triggers created (5)');
      expect(dry.out).toContain('rows inserted: 2 into pricing_rules');
      expect(dry.out).toContain('the database is exactly as it was');
      expect(JSON.parse((await jne(['db', 'status', '--json'], t.env)).out).migrations[4].state).toBe('pending');

      const migrate = JSON.parse((await jne(['db', 'migrate', '--to', '5', '--json'], t.env)).out);
      expect(migrate).toEqual({ ok: true, applied: ['005_dropshipping_platform_phase1'] });

      const verify = await jne(['db', 'verify'], t.env);
      expect(verify.code).toBe(0);
      expect(verify.out.split('\n').filter((l) => l.startsWith('ok   005'))).not.toHaveLength(0);
      expect(verify.out).not.toContain('FAIL');

      // A change after the backup, then the rollback and a second migrate.
      await sql(t, `insert into suppliers (code, name) values ('LATE', 'Added after the backup')`);
      const rollback = await jne(['db', 'rollback', '--json'], t.env);
      expect(JSON.parse(rollback.out)).toEqual({ ok: true, rolledBack: ['005_dropshipping_platform_phase1'] });
      expect((await jne(['db', 'migrate'], t.env)).code).toBe(0);

      // Restore shows what it replaces and asks; without a terminal it needs --yes.
      const refused = await jne(['db', 'restore', file], t.env);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/no terminal to answer: nothing restored; pass --yes/);
      const newest = loadMigrations().at(-1)!.version;
      expect(refused.out).toMatch(new RegExp(`^\\s+schema version\\s+${newest}\\s+004$`, 'm'));
      expect(refused.out).toMatch(/^\s+suppliers\s+2\s+1$/m);
      expect(refused.out).toMatch(/^\s+pricing_rules\s+2\s+no table$/m);
      const declined = await jne(['db', 'restore', file], t.env, undefined, { answers: ['no'] });
      expect(declined.code).toBe(1);
      expect(declined.out).toContain('Type yes to restore');
      expect(declined.out).toContain('Nothing restored.');
      expect(await sql(t, 'select count(*)::int as n from suppliers')).toEqual([{ n: 2 }]);
      const confirmed = await jne(['db', 'restore', file], t.env, undefined, { answers: ['yes'] });
      expect(confirmed.code).toBe(0);
      expect(confirmed.out).toContain(`Restored ${file}`);

      // Restore gives back exactly the data of the backup, before 005; --yes restores without asking.
      const restore = await jne(['db', 'restore', '--yes', file], t.env);
      expect(restore.err).toBe('');
      expect(restore.code).toBe(0);
      expect(await sql(t, 'select code, name, email from suppliers order by code')).toEqual([
        { code: 'ACME', name: 'Acme Wholesale', email: 'orders@acme.example' },
      ]);
      const after = JSON.parse((await jne(['db', 'status', '--json'], t.env)).out);
      expect(after.migrations.map((m: { state: string }) => m.state)).toEqual(applied004);
    });

    it('verify fails with exit 1 and says which check failed', async () => {
      t = await target(backend, { migrated: true });
      expect((await jne(['db', 'migrate'], t.env)).code).toBe(0);
      await sql(t, 'drop trigger pricing_rules_set_updated_at on pricing_rules');
      const verify = await jne(['db', 'verify', '--version', '5'], t.env);
      expect(verify.code).toBe(1);
      expect(verify.out).toMatch(/FAIL 005_dropshipping_platform_phase1: .*triggers.*pricing_rules_set_updated_at/);
      const json = JSON.parse((await jne(['db', 'verify', '--json'], t.env)).out);
      expect(json.ok).toBe(false);
    });

    it('a failed migration gives exit 1 and a JSON error for scripts', async () => {
      t = await target(backend);
      await jne(['db', 'migrate', '--to', '004'], t.env);
      await sql(t, `insert into suppliers (code, name) values ('A', 'Same'), ('B', 'SAME')`);
      const run = await jne(['db', 'migrate', '--json'], t.env);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.out).error).toMatchObject({
        failure: 'duplicate_keys',
        migration: '005_dropshipping_platform_phase1',
      });
      expect(run.err).toContain('same (2 rows)');
    });
  });
}

describe('jne usage errors', () => {
  it('exit 2 with a message naming the problem', async () => {
    const env = { DATA_DIR: path.join(tempDir(), 'data') };
    expect(await jne(['db', 'migrate', '--to', 'five'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--to takes a migration number'),
    });
    expect(await jne(['db', 'frobnicate'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('Unknown command "jne db frobnicate"'),
    });
    expect(await jne(['db', 'status', '--bogus'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining("Unknown option '--bogus'"),
    });
    expect(await jne(['db', 'status'], { ...env, PORT: 'eighty' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('PORT must be a whole number'),
    });
    expect(await jne(['db', 'restore'], env)).toMatchObject({ code: 2, err: expect.stringContaining('a backup file') });
  });

  it('restore refuses a file that is not a backup, and leaves the database as it was', async () => {
    const dir = tempDir();
    const env = { DATA_DIR: path.join(dir, 'data') };
    await migratedDataDir(env.DATA_DIR);
    await jne(['db', 'migrate'], env);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');
    const run = await jne(['db', 'restore', '--yes', path.join(dir, 'notes.txt')], env);
    expect(run.code).toBe(1);
    expect(run.err).toContain('is not an embedded database backup');
    expect((await jne(['db', 'verify'], env)).code).toBe(0);
    // A real backup cut short: named as such, no stack trace, nothing changed.
    const whole = path.join(dir, 'whole.tar.gz');
    expect((await jne(['db', 'backup', '--out', whole], env)).code).toBe(0);
    const bytes = fs.readFileSync(whole);
    fs.writeFileSync(path.join(dir, 'cut.tar.gz'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const cut = await jne(['db', 'restore', '--yes', path.join(dir, 'cut.tar.gz')], env);
    expect(cut.code).toBe(1);
    expect(cut.err).toContain('is damaged or cut short (unexpected end of file)');
    expect(cut.err).not.toMatch(/Z_BUF_ERROR|at .*node:/);
    expect((await jne(['db', 'verify'], env)).code).toBe(0);
  });
});

/** Runs SQL where the CLI points, through the same config the CLI reads. */
async function sql(t: Target, text: string): Promise<Record<string, unknown>[]> {
  const { loadConfig } = await import('../../src/config.js');
  const { openDatabase } = await import('../../src/db/database.js');
  const database = await openDatabase(loadConfig(t.env), { command: 'test' });
  try {
    return await database.withSession(async (s) => (await s.query(text)).rows);
  } finally {
    await database.close();
  }
}
