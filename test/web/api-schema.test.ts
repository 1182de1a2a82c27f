/** web/src/api/schema.d.ts is generated from the API's OpenAPI document; it must match the routes. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, openApiDocument, renderApiTypes } from '../../scripts/api-types.js';

describe('web client types', () => {
  it('web/src/api/schema.d.ts is what openapi-typescript makes of /docs/json (npm run api:types rewrites it)', async () => {
    expect(await renderApiTypes(await openApiDocument())).toBe(fs.readFileSync(API_TYPES_FILE, 'utf8'));
  });
});
