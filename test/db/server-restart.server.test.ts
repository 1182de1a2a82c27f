/**
 * The database server restarts while the shop takes orders. A PostgreSQL cluster of this test's
 * own (initdb and pg_ctl on a free loopback port, run as the postgres user) is stopped and started
 * under load: the process must live on, requests in flight fail with 503 (never a 500), /health
 * says 503 while the server is away, the shop serves again within 5 s of its return, and no unit
 * is sold twice or lost.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/service.js';
import type { Database } from '../../src/db/database.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { Migrator } from '../../src/db/migrations/migrator.js';
import { openPostgres } from '../../src/db/postgres.js';
import { buildApp } from '../../src/http/app.js';
import { testMigrationSettings } from '../support/databases.js';

const VERSION = fs.readdirSync('/usr/lib/postgresql').sort().at(-1)!;
const BIN = `/usr/lib/postgresql/${VERSION}/bin`;
const asPostgres = (command: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, command), ...args], { stdio: 'pipe' });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the shop while its PostgreSQL server restarts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-pg-restart-'));
  const data = path.join(dir, 'data');
  let port: number;
  let database: Database;
  let app: FastifyInstance;
  let admin: { authorization: string };

  const pgCtl = (action: 'start' | 'stop') =>
    asPostgres('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      ...(action === 'start'
        ? ['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']
        : ['-m', 'fast', 'stop']),
    ]);

  beforeAll(async () => {
    fs.chmodSync(dir, 0o777);
    port = await freePort();
    asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'root', '--no-sync']);
    pgCtl('start');
    const url = `postgres://root@127.0.0.1:${port}/postgres`;
    database = openPostgres(url, 'server');
    await new Migrator(database, loadMigrations(), testMigrationSettings).migrate();
    app = await buildApp({
      config: { logLevel: 'silent' },
      database,
      migrations: loadMigrations(),
      secrets: { authSecret: randomBytes(32), credentialsKey: randomBytes(32) },
    });
    admin = { authorization: `Bearer ${(await createApiToken(database.db, { name: 'test', role: 'admin' })).token}` };
    const product = await app.inject({
      method: 'POST',
      url: '/api/products',
      headers: admin,
      payload: { sku: 'MUG', name: 'Mug', price: '9.99', status: 'active' },
    });
    expect(product.statusCode).toBe(201);
    const source = await app.inject({
      method: 'POST',
      url: '/api/inventory/sources',
      headers: admin,
      payload: {
        type: 'warehouse',
        code: 'MAIN',
        name: 'Main warehouse',
        priority: 10,
        isActive: true,
        supplierId: null,
        address: null,
      },
    });
    expect(source.statusCode, source.body).toBe(201);
    const stock = await app.inject({
      method: 'PUT',
      url: '/api/inventory/stock',
      headers: admin,
      payload: { sku: 'MUG', quantityOnHand: 100_000 },
    });
    expect(stock.statusCode, stock.body).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    try {
      pgCtl('stop');
    } catch {
      // already stopped
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const health = async () => (await app.inject('/health')).statusCode;

  it('answers 503 while the server is away and serves again within 5 s of its return', async () => {
    const statuses = new Map<number, number>();
    let running = true;
    const load = Array.from({ length: 8 }, async (_, client) => {
      while (running) {
        const res =
          client % 2 === 0
            ? await app.inject({
                method: 'POST',
                url: '/api/orders',
                headers: { 'idempotency-key': randomUUID() },
                payload: {
                  customer: { email: 'ada@example.com', name: 'Ada' },
                  shippingAddress: { name: 'Ada', line1: 'Main 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
                  items: [{ sku: 'MUG', quantity: 1 }],
                },
              })
            : await app.inject('/api/products?limit=5');
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 503) await sleep(20);
      }
    });
    await sleep(1500);
    pgCtl('stop');
    await sleep(1500);
    expect(await health()).toBe(503);
    pgCtl('start');
    const back = performance.now();
    while ((await health()) !== 200) {
      expect(performance.now() - back, 'serving again within 5 s of the server return').toBeLessThan(5000);
      await sleep(100);
    }
    const before = statuses.get(201) ?? 0;
    await sleep(1000);
    running = false;
    await Promise.all(load);

    expect([...statuses.keys()].sort()).toEqual([200, 201, 503]);
    expect(statuses.get(201)!, 'orders were placed again after the restart').toBeGreaterThan(before);
    // Every placed order holds its unit, and no unit is held twice or lost.
    const { rows } = await sql<{ placed: number; reserved: number; on_hand: number }>`
      SELECT (SELECT coalesce(sum(i.quantity), 0)::int FROM order_items i JOIN orders o ON o.id = i.order_id
               WHERE o.status <> 'cancelled') AS placed,
             (SELECT quantity_reserved FROM fulfillment_inventory) AS reserved,
             (SELECT quantity_on_hand FROM fulfillment_inventory) AS on_hand`.execute(database.db);
    expect(rows[0]!.reserved).toBe(rows[0]!.placed);
    expect(rows[0]!.on_hand).toBe(100_000);
  }, 120_000);
});
