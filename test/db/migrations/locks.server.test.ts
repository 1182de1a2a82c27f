/**
 * On the real server only (PGlite is one session and cannot show a race): a migration that
 * hangs on a lock, two deploys at once, a role without privileges.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError } from '../../../src/db/migrations/errors.js';
import { loadMigrations } from '../../../src/db/migrations/files.js';
import { Migrator, type MigrationEvent } from '../../../src/db/migrations/migrator.js';
import { openPostgres } from '../../../src/db/postgres.js';
import {
  admin,
  backends,
  emptyDatabase,
  rawClient,
  testMigrationSettings,
  type TestDatabase,
} from '../../support/databases.js';
import { RUNBOOK_TABLE_QUERY } from '../../support/migrations.js';

const settings = { ...testMigrationSettings, lockTimeoutMs: 200, retries: 2, retryBackoffMs: 100 };

async function failure(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`locks and privileges on ${backend}`, () => {
    let database: TestDatabase;
    const cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      await database?.dispose();
    });

    it('"migration hangs": gives up after lock_timeout and retries, names the blocker, leaves nothing', async () => {
      database = await emptyDatabase(backend);
      await new Migrator(database, loadMigrations(), settings).migrate({ to: '004' });
      const blocker = await rawClient(database.url!, 'nightly-report');
      cleanups.push(() => blocker.end());
      const pid = (await blocker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      await blocker.query(`begin; select count(*) from suppliers`); // an open transaction holding a lock on suppliers

      const events: MigrationEvent[] = [];
      const error = await failure(new Migrator(database, loadMigrations(), settings, (e) => events.push(e)).migrate());

      expect(error.failure).toBe('lock_timeout');
      expect(error.isTemporary).toBe(true);
      expect(error.message).toContain('gave up after 3 attempt(s)');
      expect(error.message).toContain(`pid ${pid} (application "nightly-report"`);
      expect(error.message).toContain('select count(*) from suppliers');
      expect(error.message).toMatch(/transaction open \d+\.\d s/);
      expect(events.filter((e) => e.type === 'retrying')).toHaveLength(2);
      expect(await database.withSession(async (s) => (await s.query(RUNBOOK_TABLE_QUERY)).rows)).toEqual([]);

      // Once the blocker commits, the same deploy goes through.
      await blocker.query('commit');
      expect(await new Migrator(database, loadMigrations(), settings).migrate({ to: '005' })).toEqual([
        '005_dropshipping_platform_phase1',
      ]);
    });

    it('while it waits, it names the blocking session', async () => {
      database = await emptyDatabase(backend);
      await new Migrator(database, loadMigrations(), settings).migrate({ to: '004' });
      const blocker = await rawClient(database.url!, 'long-export');
      cleanups.push(() => blocker.end());
      await blocker.query(`begin; lock table suppliers in access share mode`);

      const events: MigrationEvent[] = [];
      const slow = { ...settings, lockTimeoutMs: 1_500, retries: 0 };
      await failure(new Migrator(database, loadMigrations(), slow, (e) => events.push(e)).migrate());
      const blocked = events.find((e) => e.type === 'blocked');
      expect(blocked?.type === 'blocked' && blocked.blockers.map((b) => b.application)).toEqual(['long-export']);
    });

    it('two deploys at once: the second waits for the advisory lock, then says who holds it', async () => {
      database = await emptyDatabase(backend);
      const holder = await rawClient(database.url!, 'jne db migrate (other deploy)');
      cleanups.push(() => holder.end());
      await holder.query('select pg_advisory_lock($1::bigint)', [0x4a4e45]);

      const events: MigrationEvent[] = [];
      const started = Date.now();
      const error = await failure(
        new Migrator(database, loadMigrations(), { ...settings, advisoryLockWaitMs: 700 }, (e) =>
          events.push(e),
        ).migrate(),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(700);
      expect(error.failure).toBe('deploy_in_progress');
      expect(error.isTemporary).toBe(true);
      expect(error.message).toContain('application "jne db migrate (other deploy)"');
      expect(events[0]?.type).toBe('waiting_for_deploy_lock');
      expect(
        await database.withSession(async (s) => (await s.query(`select to_regclass('products') as t`)).rows),
      ).toEqual([{ t: null }]);

      // Two deploys racing for real: exactly one applies the migrations, the other finds nothing to do.
      await holder.query('select pg_advisory_unlock_all()');
      const [a, b] = await Promise.all([
        new Migrator(database, loadMigrations(), { ...settings, advisoryLockWaitMs: 30_000 }).migrate(),
        new Migrator(database, loadMigrations(), { ...settings, advisoryLockWaitMs: 30_000 }).migrate(),
      ]);
      expect([a.length, b.length].sort()).toEqual([0, loadMigrations().length]);
    });

    it('"permission denied" on a new database: the first migration names the role and the grant too', async () => {
      database = await emptyDatabase(backend);
      const role = `jne_first_${Math.random().toString(36).slice(2, 8)}`;
      await admin(`create role ${role} login`);
      cleanups.push(() => admin(`drop role if exists ${role}`));
      await database.withSession((s) =>
        s.exec(`revoke create on schema public from public; grant usage on schema public to ${role}`),
      );
      cleanups.push(() => database.withSession((s) => s.exec(`drop owned by ${role}`)));
      const url = new URL(database.url!);
      url.username = role;
      const limited = openPostgres(url.toString(), 'test');
      cleanups.push(() => limited.close());

      const error = await failure(new Migrator(limited, loadMigrations(), settings).migrate());
      expect(error.failure).toBe('permission_denied');
      expect(error.sqlstate).toBe('42501');
      expect(error.message).toContain('The migration history (schema_migrations) cannot be created');
      expect(error.message).toContain(`Role "${role}" lacks: CREATE on schema public`);
      expect(error.message).toContain(`GRANT CREATE ON SCHEMA public TO ${role}`);
      expect(
        await database.withSession(async (s) => (await s.query(`select to_regclass('schema_migrations') as t`)).rows),
      ).toEqual([{ t: null }]);
    });

    it('"permission denied": names the role and what it lacks', async () => {
      database = await emptyDatabase(backend);
      await new Migrator(database, loadMigrations(), settings).migrate({ to: '004' });
      const role = `jne_limited_${Math.random().toString(36).slice(2, 8)}`;
      await admin(`create role ${role} login`);
      cleanups.push(() => admin(`drop role if exists ${role}`));
      await database.withSession((s) =>
        s.exec(
          `grant usage on schema public to ${role}; grant select, insert, delete on schema_migrations to ${role};`,
        ),
      );
      cleanups.push(() => database.withSession((s) => s.exec(`drop owned by ${role}`)));

      const url = new URL(database.url!);
      url.username = role;
      const limited = openPostgres(url.toString(), 'test');
      cleanups.push(() => limited.close());
      const error = await failure(new Migrator(limited, loadMigrations(), settings).migrate());

      expect(error.failure).toBe('permission_denied');
      expect(error.sqlstate).toBe('42501');
      expect(error.message).toContain(`Role "${role}" lacks: CREATE on schema public`);
      expect(error.message).toMatch(/ownership of table suppliers \(owner: \w+/);
      expect(await database.withSession(async (s) => (await s.query(RUNBOOK_TABLE_QUERY)).rows)).toEqual([]);
    });
  });
}
