/** GET /health, as the runbook's `curl -I https://api.jneoutlet.com/health` uses it. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../src/db/migrations/files.js';
import { Migrator } from '../src/db/migrations/migrator.js';
import { openPostgres } from '../src/db/postgres.js';
import { buildApp } from '../src/http/app.js';
import {
  backends,
  emptyDatabase,
  migratedDatabase,
  testMigrationSettings,
  type TestDatabase,
} from './support/databases.js';

for (const backend of backends) {
  describe(`health on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());
    const app = () => buildApp({ config: { logLevel: 'silent' }, database, migrations: loadMigrations() });

    it('503 with the reason while a migration is pending, 200 with the schema version after', async () => {
      database = await emptyDatabase(backend);
      const migrator = new Migrator(database, loadMigrations(), testMigrationSettings);

      const unmigrated = await (await app()).inject('/health');
      expect(unmigrated.statusCode).toBe(503);
      expect(unmigrated.json().reason).toContain('never migrated');

      await migrator.migrate({ to: '004' });
      const pending = await (await app()).inject('/health');
      expect(pending.statusCode).toBe(503);
      expect(pending.json()).toMatchObject({
        status: 'unavailable',
        reason: `${loadMigrations().length - 4} pending migration(s): ${loadMigrations()
          .slice(4)
          .map((m) => m.id)
          .join(', ')}`,
        schema: { version: '004' },
      });

      await migrator.migrate();
      const server = await app();
      const ok = await server.inject('/health');
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({
        status: 'ok',
        database: { backend, up: true },
        schema: { version: loadMigrations().at(-1)!.version, pending: [] },
      });
      expect((await server.inject({ method: 'HEAD', url: '/health' })).statusCode).toBe(200);
    });

    it('503 when the database does not answer', async () => {
      // Migrated (from the template): the first test follows /health through the migrations.
      database = await migratedDatabase(backend);
      let server;
      if (backend === 'postgres') {
        // A server that is not there: nothing listens on port 9.
        const unreachable = openPostgres('postgres://root@127.0.0.1:9/none', 'test');
        server = await buildApp({
          config: { logLevel: 'silent' },
          database: unreachable,
          migrations: loadMigrations(),
        });
        server.addHook('onClose', () => unreachable.close());
      } else {
        server = await app();
        await database.close();
      }
      const down = await server.inject('/health');
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'unavailable', reason: 'the database does not answer' });
    });
  });
}
