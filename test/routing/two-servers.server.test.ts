/**
 * Two shop server processes on one PostgreSQL database, 200 orders split between them for a
 * product with 50 units and no supplier: exactly 50 are placed. Runs the built server
 * (dist/, compiled first when out of date) as real processes, on the real server only.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { product, stock, stockLedger, warehouse } from '../support/dropship.js';

const root = path.resolve(import.meta.dirname, '../..');

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`two server processes on ${backend}`, () => {
    let database: TestDatabase;
    const servers: ChildProcess[] = [];

    beforeAll(() => {
      // Compiles only when a source is newer than dist/, as npm start does.
      execFileSync(process.execPath, [path.join(root, 'bin/build-if-changed.js')], { cwd: root, stdio: 'inherit' });
    }, 120_000);
    afterAll(async () => {
      for (const s of servers) s.kill('SIGTERM');
      await Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) =>
              s.exitCode !== null || s.signalCode !== null ? resolve(null) : s.once('exit', resolve),
            ),
        ),
      );
      await database?.dispose();
    });

    function startServer(): Promise<string> {
      const child = spawn(process.execPath, [path.join(root, 'dist/src/http/server.js')], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          AUTH_SECRET: randomBytes(32).toString('hex'),
          CREDENTIALS_KEY: randomBytes(32).toString('hex'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      servers.push(child);
      return new Promise((resolve, reject) => {
        let output = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const url = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
          if (url) resolve(url);
        });
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code, signal) => reject(new Error(`server exited with ${code ?? signal}: ${output}`)));
      });
    }

    it('200 orders over two processes for 50 units: exactly 50 placed, 150 refused, stock adds up', async () => {
      database = await migratedDatabase(backend);
      const db = database.db;
      const inventoryId = await stock(db, await warehouse(db), await product(db, 'HOT'), 50);
      const urls = await Promise.all([startServer(), startServer()]);

      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          fetch(`${urls[i % 2]}/api/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              items: [{ sku: 'HOT', quantity: 1 }],
              customer: { email: `race${i}@example.com`, name: 'Racer' },
              shippingAddress: {
                name: 'Racer',
                line1: 'Main St 1',
                city: 'Berlin',
                postalCode: '10115',
                country: 'DE',
              },
            }),
          }).then((r) => r.status),
        ),
      );
      expect(responses.filter((s) => s === 201)).toHaveLength(50);
      expect(responses.filter((s) => s === 409)).toHaveLength(150);
      expect(await stockLedger(db, inventoryId)).toEqual({ on_hand: 50, reserved: 50, allocated: 50 });
    });
  });
}
