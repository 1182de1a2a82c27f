/**
 * The real server (listening on a free port) and `jne smoke` against it, as after a deployment
 * (its test order undone in the same run):
 * the embedded default seeds the demo shop on first start and prints the admin login; on a
 * PostgreSQL server the keys must be configured and the schema migrated.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { DB } from '../../src/db/types.js';
import { seedDemo } from '../../src/demo/seed.js';
import { startServer, StartupError, type RunningServer } from '../../src/http/start.js';
import { SMOKE_EMAIL } from '../../src/smoke/checks.js';
import { backends, emptyDatabase, migratedDatabase, migratedDataDir, type TestDatabase } from '../support/databases.js';
import { inTransaction } from '../../src/db/transaction.js';

async function smoke(...argv: string[]) {
  return smokeWith({}, ...argv);
}

async function smokeWith(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const io: CliIO = { env, cwd: process.cwd(), out: (l) => out.push(l), err: (l) => out.push(l) };
  const code = await runCli(['smoke', ...argv], io);
  return { code, lines: out };
}

async function reservedUnits(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('fulfillment_inventory')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity_reserved'), eb.lit(0)).as('units'))
    .executeTakeFirstOrThrow();
  return Number(row.units);
}

async function adminToken(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

for (const backend of backends) {
  describe(`jne smoke against the running server on ${backend}`, () => {
    let server: RunningServer | undefined;
    let database: TestDatabase | undefined;
    let dataDir: string | undefined;
    afterEach(async () => {
      await server?.close();
      await database?.dispose();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      server = database = dataDir = undefined;
    });

    it('passes every check, the test order included, and exits 0', async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-smoke-'));
      const env: Record<string, string> = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' };
      const printed: string[] = [];
      let password = 'server demo password';
      // The embedded shop starts on a migrated data folder (initdb and the migrations are tested
      // elsewhere) and seeds the demo shop as on a first start.
      if (backend === 'embedded') await migratedDataDir(dataDir);
      if (backend === 'postgres') {
        database = await migratedDatabase('postgres');
        Object.assign(env, {
          DATABASE_URL: database.url!,
          AUTH_SECRET: 's'.repeat(40),
          CREDENTIALS_KEY: 'cd'.repeat(32),
        });
        await inTransaction(database.db, (trx) =>
          seedDemo(trx, Buffer.from('cd'.repeat(32), 'hex'), { adminPassword: password }),
        );
      }
      server = await startServer(loadConfig(env, dataDir), (line) => printed.push(line));
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      if (backend === 'embedded') {
        // First start of the embedded default: the demo shop, and the admin login printed once.
        expect(printed[0]).toMatch(
          /^First start: seeded the demo shop \(22 categories, \d{3} products, 3 suppliers\)\.$/,
        );
        // The password is in a file of mode 600, never in the output a log would collect.
        const loginFile = /Admin login: admin@jneoutlet\.example, password in (\S+) /.exec(printed[1]!)![1]!;
        password = fs.readFileSync(loginFile, 'utf8').split('\n')[1]!;
        expect(printed.join('\n')).not.toContain(password);
        for (const key of ['secret.key', 'credentials.key', 'admin-login.txt']) {
          expect(fs.statSync(path.join(dataDir, key)).mode & 0o777).toBe(0o600);
        }
      }
      const token = await adminToken(server.url, 'admin@jneoutlet.example', password);
      const db = server.database.db;
      const reservedBefore = await reservedUnits(db);

      const result = await smoke('--url', server.url, '--token', token, '--order');
      expect(result.lines.slice(0, 6).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
        'PASS health',
        'PASS products?limit=1',
        'PASS products?limit=5',
        'PASS categories',
        'PASS suppliers',
        'PASS test',
      ]);
      expect(result.lines.at(-1)).toBe(`All 6 smoke tests passed against ${server.url}.`);
      expect(result.code).toBe(0);
      // It leaves nothing behind: its order cancelled, no reservation, no supplier order to send.
      expect(result.lines[5]).toMatch(
        /cleaned up: cancelled, \d+ reserved unit\(s\) released, \d+ supplier order\(s\) cancelled unsent/,
      );
      const orders = await db.selectFrom('orders').select(['id', 'status']).where('email', '=', SMOKE_EMAIL).execute();
      expect(orders.map((o) => o.status)).toEqual(['cancelled']);
      const ids = orders.map((o) => o.id);
      const open = await db
        .selectFrom('order_item_allocations')
        .select('status')
        .where('order_id', 'in', ids)
        .where('status', 'in', ['reserved', 'ordered'])
        .execute();
      expect(open).toEqual([]);
      const supplierOrders = await db
        .selectFrom('supplier_orders')
        .select('status')
        .where('order_id', 'in', ids)
        .where('status', '<>', 'cancelled')
        .execute();
      expect(supplierOrders).toEqual([]);
      expect(await reservedUnits(db)).toBe(reservedBefore);
      const withoutTokenOrder = await smoke('--url', server.url, '--order');
      expect(withoutTokenOrder.lines[5]).toMatch(/^FAIL\s+test order\s+needs --token .*nothing placed/);
      expect(await db.selectFrom('orders').select('id').where('email', '=', SMOKE_EMAIL).execute()).toHaveLength(1);

      const withoutToken = await smoke('--url', server.url);
      expect(withoutToken.lines[4]).toMatch(/^SKIP\s+suppliers \(authenticated\)\s+no --token given/);
      expect(withoutToken.code).toBe(0);
      const fromEnv = await smokeWith({ JNE_TOKEN: token }, '--url', server.url);
      expect(fromEnv.lines[4]).toMatch(/^PASS\s+suppliers \(authenticated\)\s+200, 3 suppliers/);
      const badToken = await smoke('--url', server.url, '--token', 'jne_wrong');
      expect(badToken.lines[4]).toMatch(/^FAIL\s+suppliers \(authenticated\)\s+HTTP 401: the API token is unknown/);
      expect(badToken.code).toBe(1);
    });

    if (backend === 'postgres') {
      it('refuses to start on a server without AUTH_SECRET, or with pending migrations', async () => {
        database = await emptyDatabase('postgres');
        const base = { DATABASE_URL: database.url!, PORT: '0', LOG_LEVEL: 'silent' };
        await expect(startServer(loadConfig(base))).rejects.toThrow(ConfigError);
        await expect(startServer(loadConfig(base))).rejects.toThrow(/AUTH_SECRET is required when DATABASE_URL is set/);
        const keyed = { ...base, AUTH_SECRET: 's'.repeat(40), CREDENTIALS_KEY: 'cd'.repeat(32) };
        await expect(startServer(loadConfig(keyed))).rejects.toThrow(StartupError);
        await expect(startServer(loadConfig(keyed))).rejects.toThrow(/pending migration\(s\).*jne db migrate/);
      });
    }
  });
}

describe('jne smoke against nothing', () => {
  it('fails every check with the reason and exits 1', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const result = await smoke('--url', `http://127.0.0.1:${port}`, '--order');
    expect(result.code).toBe(1);
    expect(result.lines[0]).toMatch(/^FAIL\s+health\s+fetch failed \(ECONNREFUSED\)/);
    expect(result.lines.at(-1)).toBe(`5 of 6 smoke tests FAILED against http://127.0.0.1:${port}.`);
    expect((await smoke('--url', 'not a url')).code).toBe(2);
    expect((await smoke()).code).toBe(2);
  });
});
