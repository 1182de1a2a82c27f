/**
 * A running shop whose database was rolled back below its schema (`jne db rollback` while it
 * runs, on a server) answers 503 `schema_behind`, naming the cure, where it reaches what is gone,
 * never a 500; what the older schema still has keeps working. Both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { Migrator } from '../../src/db/migrations/migrator.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends, testMigrationSettings } from '../support/databases.js';

for (const backend of backends) {
  describe(`a schema rolled back under the running shop on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
      // 015 (the rate limit counters) and 014 (the profit columns of allocations) go away.
      await new Migrator(t.database, loadMigrations(), testMigrationSettings).rollback({ to: '013' });
    });
    afterAll(() => t?.close());

    it('answers 503 schema_behind where the code reaches what the rollback removed', async () => {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'nobody@example.com', password: 'whatever it is' },
      });
      expect(login.statusCode).toBe(503);
      expect(login.json().error).toEqual({
        code: 'schema_behind',
        message: expect.stringContaining('run `jne db migrate`'),
      });
      const report = await t.app.inject({
        url: '/api/reports/profit?from=2026-01-01&to=2026-12-31',
        headers: t.staff,
      });
      expect(report.statusCode).toBe(503);
      expect(report.json().error.code).toBe('schema_behind');
    });

    it('serves what the older schema still has', async () => {
      expect((await t.app.inject('/api/products')).statusCode).toBe(200);
      // Below 018 there is no catalog state: the list comes without an ETag, and nothing is a 304.
      const conditional = await t.app.inject({ url: '/api/products', headers: { 'if-none-match': 'W/"x.1.0"' } });
      expect(conditional.statusCode).toBe(200);
      expect(conditional.headers.etag).toBeUndefined();
    });
  });
}
