/**
 * Every route of the API document (/docs/json) called with bad input made from its own schema:
 * wrong types, NUL characters, huge strings, unknown fields, missing fields, bodies that are not
 * objects, each without a token and with an admin's. Nothing may answer 5xx, and a write the API
 * refuses (4xx) must leave every table as it was. Both backends; the variants are fixed (not
 * random), so a failure names the request that caused it and repeats.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/types.js';
import { testApp, type TestApp } from '../support/app.js';
import { smallCatalog } from '../support/catalog.js';
import { backends } from '../support/databases.js';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

const HUGE = 'x'.repeat(100_000);
const NUL = 'a\u0000b';
/** Values of the wrong kind for a field of `schema`. */
function wrongValues(schema: Schema | undefined): unknown[] {
  const types = [schema?.type ?? 'object'].flat();
  const numeric = types.includes('number') || types.includes('integer');
  return [
    NUL,
    HUGE,
    null,
    [NUL],
    numeric ? 1e308 : types.includes('string') ? Number.MAX_SAFE_INTEGER * 1024 : 'not-a-value',
  ];
}

/** Bodies that break `schema`: each field wrong in turn, each required one missing, extra fields. */
function badBodies(schema: Schema | undefined): unknown[] {
  const bodies: unknown[] = [null, [], 'text', 42, { unknownField: 1 }, {}];
  const props = schema?.properties ?? {};
  const valid: Record<string, unknown> = Object.fromEntries(Object.keys(props).map((k) => [k, 'x']));
  for (const [name, prop] of Object.entries(props)) {
    for (const value of wrongValues(prop)) bodies.push({ ...valid, [name]: value });
  }
  for (const name of schema?.required ?? []) {
    const { [name]: _missing, ...rest } = valid;
    bodies.push(rest);
  }
  bodies.push({ ...valid, surplus: NUL });
  return bodies;
}

/**
 * URLs of `path`: first the plain one (its parameters 1, where the bad bodies go), then each path
 * parameter bad, then each query parameter bad.
 */
function urls(path: string, op: Operation): string[] {
  const fill = (value: string) => path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
  const query = (op.parameters ?? []).filter((p) => p.in === 'query');
  const base = fill('1');
  const out = [base, `${base}?unknownParameter=1`];
  if (path.includes('{')) out.push(fill(NUL), fill(HUGE.slice(0, 5_000)), fill('-1'), fill('../../etc/passwd'));
  for (const p of query) {
    for (const value of wrongValues(p.schema)) {
      const text = typeof value === 'string' ? value.slice(0, 5_000) : JSON.stringify(value);
      out.push(`${base}?${encodeURIComponent(p.name)}=${encodeURIComponent(text)}`);
    }
    out.push(`${base}?${encodeURIComponent(p.name)}=1&${encodeURIComponent(p.name)}=2`);
  }
  return out;
}

/**
 * A fingerprint of every table's content. Left out: the rate limit counters (refused logins count,
 * by design) and when a token was last used (the admin's token is used by the request itself).
 */
async function fingerprint(db: Kysely<DB>, tables: string[]): Promise<string> {
  const row = `(to_jsonb(x) - 'last_used_at')::text`;
  const parts = tables.map((t) => `(SELECT md5(coalesce(string_agg(${row}, ',' ORDER BY ${row}), '')) FROM ${t} x)`);
  const { rows } = await sql<{ f: string }>`SELECT md5(${sql.raw(parts.join(' || '))}) AS f`.execute(db);
  return rows[0]!.f;
}

/** The ID the next writing transaction will get: unchanged when nothing wrote (or tried to). */
async function nextTransactionId(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ x: string }>`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x`.execute(db);
  return rows[0]!.x;
}

for (const backend of backends) {
  describe(`bad input on every route, on ${backend}`, () => {
    let t: TestApp;
    let doc: Doc;
    let tables: string[];
    beforeAll(async () => {
      t = await testApp(backend);
      await smallCatalog(t.database.db);
      doc = (await t.app.inject('/docs/json')).json();
      const { rows } = await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'rate_limit_hits'
         ORDER BY 1`.execute(t.database.db);
      tables = rows.map((r) => r.name);
    }, 120_000);
    afterAll(() => t?.close());

    it('never answers 5xx, and a refused write changes nothing', async () => {
      const failures: string[] = [];
      let requests = 0;
      // The tables are fingerprinted again only when a transaction ID was taken since the last
      // look: a request that wrote nothing (most are refused before the database) cannot have
      // changed a table, and reading takes no ID.
      let known = await fingerprint(t.database.db, tables);
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const writes = method !== 'get' && method !== 'head';
          const jsonBody = op.requestBody?.content?.['application/json']?.schema;
          const bodies = writes ? badBodies(jsonBody) : [undefined];
          for (const headers of [{}, t.admin]) {
            for (const [i, url] of urls(path, op).entries()) {
              for (const body of i === 0 ? bodies : bodies.slice(0, 1)) {
                requests += 1;
                const before = writes ? await nextTransactionId(t.database.db) : '';
                const res = await t.app.inject({
                  method: method.toUpperCase() as 'GET',
                  url,
                  headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
                  ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
                });
                const who = `${method.toUpperCase()} ${url.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 120)} ${'authorization' in headers ? 'admin' : 'anonymous'}`;
                if (res.statusCode >= 500) failures.push(`${res.statusCode} ${who}: ${res.body.slice(0, 200)}`);
                if (!writes || (await nextTransactionId(t.database.db)) === before) continue;
                const after = await fingerprint(t.database.db, tables);
                if (res.statusCode >= 400 && after !== known) failures.push(`${res.statusCode} but wrote: ${who}`);
                known = after;
              }
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(1_000);
    }, 600_000);
  });
}
