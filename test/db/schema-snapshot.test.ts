/** database/schema.sql is a snapshot of a fully migrated database; it must match the migrations. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSchema, renderSchema } from '../../src/db/migrations/introspect.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';

const SNAPSHOT = path.resolve(import.meta.dirname, '../../database/schema.sql');

for (const backend of backends) {
  describe(`schema snapshot on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());

    it('database/schema.sql matches a freshly migrated database (npm run db:snapshot rewrites it)', async () => {
      database = await migratedDatabase(backend);
      const actual = await database.withSession(async (s) => renderSchema(await readSchema(s)));
      expect(actual).toBe(fs.readFileSync(SNAPSHOT, 'utf8'));
    });
  });
}
