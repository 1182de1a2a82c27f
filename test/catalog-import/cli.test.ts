/** `jne catalog ...` as an operator types it, on each backend: output, --json and exit codes. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { jne, tempDir } from '../support/cli.js';
import { backends, migratedDatabase, type BackendName, migratedDataDir } from '../support/databases.js';
import { GERMAN_MAPPING, createProduct, createSupplier, germanCsv, items } from './support.js';

interface Target {
  env: Record<string, string | undefined>;
  dispose(): Promise<void>;
}

/** A migrated database where the CLI points (the migrated template: test/cli/db.test.ts migrates with the CLI). */
async function target(backend: BackendName): Promise<Target> {
  if (backend === 'embedded') {
    const env = { DATA_DIR: path.join(tempDir(), 'data') };
    await migratedDataDir(env.DATA_DIR);
    return { env, dispose: async () => {} };
  }
  const database = await migratedDatabase('postgres');
  await database.close();
  return { env: { DATABASE_URL: database.url! }, dispose: () => database.dispose() };
}

/** Opens the database the CLI uses (the embedded one only between CLI runs: one process at a time). */
async function withDb<T>(t: Target, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig(t.env), { command: 'test' });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

for (const backend of backends) {
  describe(`jne catalog on ${backend}`, () => {
    let t: Target;
    let dir: string;
    beforeEach(async () => {
      t = await target(backend);
      dir = tempDir();
      // The CLI on the server finds the template's migrations applied and has nothing to do.
      if (backend === 'postgres') expect((await jne(['db', 'migrate'], t.env)).code).toBe(0);
      await withDb(t, (d) => createSupplier(d.db, 'ACME', { mapping: GERMAN_MAPPING, stockBuffer: 5 }));
    });
    afterEach(async () => t?.dispose());

    const feedFile = (name: string, body: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, body);
      return file;
    };

    it('imports a file and prints the report, progress on stderr, the first 20 rejections', async () => {
      const bad = Array.from({ length: 25 }, (_, i) => `BAD${i};x;1;;Bad;1`).join('\n');
      const file = feedFile('feed.csv', germanCsv(items(3)) + bad + '\n');
      const run = await jne(['catalog', 'import', '--supplier', 'acme', file], t.env);
      expect(run.code).toBe(0);
      expect(run.out).toMatch(/^Catalog import #1 for ACME \(full\): completed/);
      expect(run.out).toMatch(/inserted\s+3\n/);
      expect(run.out).toMatch(/rejected\s+25\n/);
      expect(run.out).toMatch(/under stock buffer\s+0 \(stock <= 5/);
      expect(run.out).toContain('Rejected rows (first 20; all with --json):');
      expect(run.out).toContain('  line 5: cost_price: not an amount');
      expect(run.out).toContain('  line 24: ');
      expect(run.out).not.toContain('  line 25: ');
      expect(run.err).toMatch(/progress: 28 rows read, [\d.]+ MB \(100 %\)/);

      const json = await jne(['catalog', 'import', '--supplier', 'ACME', file, '--json'], t.env);
      expect(json.code).toBe(0);
      expect(json.err).toBe('');
      const report = JSON.parse(json.out);
      expect(report).toMatchObject({ status: 'completed', unchanged: 3, inserted: 0, rejected: 25 });
      expect(report.rejections).toHaveLength(25);
    });

    it('fetches a feed from a URL, format from the content type', async () => {
      const ndjson = items(2)
        .map((i) => JSON.stringify({ 'Art.-Nr.': i.sku, 'EK netto': i.cost, Bestand: 9 }))
        .join('\n');
      const server = http.createServer((req, res) => {
        if (req.url !== '/feed') return res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(ndjson);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        // A feed on loopback is refused unless the shop is told its suppliers may be local.
        const refused = await jne(['catalog', 'import', '--supplier', 'ACME', `${base}/feed`], t.env);
        expect(refused.code).toBe(2);
        expect(refused.err).toMatch(/127\.0\.0\.1:\d+ is at 127\.0\.0\.1, not a public address/);
        const env = { ...t.env, CATALOG_FEED_ALLOW_PRIVATE_HOSTS: 'true' };
        const run = await jne(['catalog', 'import', '--supplier', 'ACME', `${base}/feed`, '--json'], env);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out)).toMatchObject({ inserted: 2, underStockBuffer: 0 });
        const missing = await jne(['catalog', 'import', '--supplier', 'ACME', `${base}/nope`], env);
        expect(missing.code).toBe(2);
        expect(missing.err).toMatch(/HTTP 404/);
      } finally {
        server.close();
      }
    });

    it('exits 1 when the guard refuses, 0 with --force; 2 for bad usage', async () => {
      await jne(['catalog', 'import', '--supplier', 'ACME', feedFile('a.csv', germanCsv(items(4)))], t.env);
      const small = feedFile('b.csv', germanCsv(items(1)));
      const refused = await jne(['catalog', 'import', '--supplier', 'ACME', small], t.env);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/: refused\n\s+refused because: it would make 3 of the supplier's 4 available items/);
      expect((await jne(['catalog', 'import', '--supplier', 'ACME', small, '--force'], t.env)).code).toBe(0);

      const usage = async (args: string[], message: RegExp) => {
        const run = await jne(['catalog', ...args], t.env);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.err).toMatch(message);
      };
      await usage(['import', small], /--supplier CODE is required/);
      await usage(['import', '--supplier', 'NOPE', small], /there is no supplier with code NOPE/);
      await usage(['import', '--supplier', 'ACME', path.join(dir, 'missing.csv')], /cannot read/);
      await usage(['import', '--supplier', 'ACME', small, '--mode', 'sometimes'], /--mode takes full or delta/);
      await usage(['import', '--supplier', 'ACME', small, '--bogus'], /Unknown option '--bogus'/);
      await usage(['frobnicate'], /Unknown command "jne catalog frobnicate"/);
    });

    it('lists unlinked items, links one by hand and reprices it, creates drafts', async () => {
      const product = await withDb(t, (d) => createProduct(d.db, 'SHOP-1'));
      const feed = germanCsv([
        { sku: 'U1', cost: '12.50', name: 'Linked by hand' },
        { sku: 'U2', cost: '3.20', name: 'Draft me' },
      ]);
      await jne(['catalog', 'import', '--supplier', 'ACME', feedFile('u.csv', feed)], t.env);
      const unlinked = await jne(['catalog', 'unlinked', '--supplier', 'ACME'], t.env);
      expect(unlinked.code).toBe(0);
      expect(unlinked.out).toMatch(/^2 unlinked item\(s\) of ACME:\n {2}U1\t-\t12.5000\tLinked by hand\n {2}U2/);

      const link = await jne(['catalog', 'link', '--supplier', 'ACME', 'U1', 'SHOP-1'], t.env);
      expect(link).toMatchObject({ code: 0, out: 'Linked ACME U1 to product SHOP-1; 1 repriced.' });
      expect((await jne(['catalog', 'link', '--supplier', 'ACME', 'U9', 'SHOP-1'], t.env)).code).toBe(2);
      const price = await withDb(t, (d) =>
        d.db.selectFrom('products').select('price').where('id', '=', product).executeTakeFirstOrThrow(),
      );
      expect(price.price).toBe('17.99');

      const drafts = await jne(['catalog', 'create-drafts', '--supplier', 'ACME', '--json'], t.env);
      expect(drafts.code).toBe(0);
      expect(JSON.parse(drafts.out)).toEqual({ created: 1, repriced: 1 });
      const left = JSON.parse((await jne(['catalog', 'unlinked', '--supplier', 'ACME', '--json'], t.env)).out);
      expect(left).toMatchObject({ total: 0, items: [] });
    });
  });
}
