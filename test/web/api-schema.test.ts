/** web/src/api/schema.d.ts is generated from the API's OpenAPI document; it must match the routes. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, openApiDocument, renderApiTypes } from '../../scripts/api-types.js';
import { emptyDatabase } from '../support/databases.js';

describe('web client types', () => {
  it('web/src/api/schema.d.ts is what openapi-typescript makes of /docs/json (npm run api:types rewrites it)', async () => {
    // Building the app reads no table: an empty database from the run's template (no initdb).
    const database = await emptyDatabase('embedded');
    try {
      expect(await renderApiTypes(await openApiDocument(database))).toBe(fs.readFileSync(API_TYPES_FILE, 'utf8'));
    } finally {
      await database.dispose();
    }
  });
});
