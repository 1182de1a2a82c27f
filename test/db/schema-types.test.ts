/** src/db/schema.generated.ts is generated from a fully migrated database; it must match the migrations. */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { renderSchemaTypes, SCHEMA_TYPES_FILE } from '../../scripts/db-types.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';

for (const backend of backends) {
  describe(`table types on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());

    it('src/db/schema.generated.ts is what kysely-codegen makes of a freshly migrated database (npm run db:types rewrites it)', async () => {
      database = await migratedDatabase(backend);
      expect(await renderSchemaTypes(database)).toBe(fs.readFileSync(SCHEMA_TYPES_FILE, 'utf8'));
    });
  });
}
