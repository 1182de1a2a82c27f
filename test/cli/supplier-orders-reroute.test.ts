/** jne supplier-orders reroute ID on both backends, as an operator runs it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import { buildApp } from '../../src/http/app.js';
import { backends, emptyDatabase, type TestDatabase, migratedDataDir } from '../support/databases.js';
import { jne } from '../support/cli.js';
import { offer, placeOrder, product, supplier } from '../support/dropship.js';

const KEY = 'ab'.repeat(32);

for (const backend of backends) {
  describe(`jne supplier-orders reroute on ${backend}`, () => {
    let dataDir: string;
    let server: TestDatabase | undefined;
    let env: Record<string, string | undefined>;

    beforeEach(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-cli-'));
      env = { DATA_DIR: dataDir, USER: 'ops' };
      if (backend === 'postgres') {
        server = await emptyDatabase('postgres');
        env = { ...env, DATABASE_URL: server.url, CREDENTIALS_KEY: KEY, AUTH_SECRET: 'x'.repeat(40) };
      }
      if (backend === 'embedded') await migratedDataDir(dataDir);
      else expect((await jne(['db', 'migrate'], env, dataDir)).code).toBe(0);
    }, 180_000);
    afterEach(async () => {
      await server?.dispose();
      server = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    /** An order whose supplier order at A was rejected; B offers the product too. Returns the supplier order id. */
    async function rejectedSupplierOrder(): Promise<{ rejected: number; pending: number }> {
      const database = await openDatabase(loadConfig(env, dataDir), { command: 'test' });
      try {
        const db = database.db;
        const productId = await product(db, 'CLI1');
        await offer(db, await supplier(db, 'A'), productId, '5.00', 10);
        await offer(db, await supplier(db, 'B'), productId, '6.00', 10);
        const app = await buildApp({ config: { logLevel: 'silent' }, database, migrations: loadMigrations() });
        try {
          await placeOrder(app, [{ sku: 'CLI1', quantity: 1 }]);
          await placeOrder(app, [{ sku: 'CLI1', quantity: 1 }]);
        } finally {
          await app.close();
        }
        const [first, second] = await db.selectFrom('supplier_orders').select('id').orderBy('id').execute();
        await db
          .transaction()
          .execute((trx) =>
            transitionSupplierOrder(trx, { supplierOrderId: first!.id, to: 'rejected', source: 'webhook' }),
          );
        return { rejected: first!.id, pending: second!.id };
      } finally {
        await database.close();
      }
    }

    it('re-routes, says where each line went, the second time says nothing changed; refuses other statuses', async () => {
      const { rejected, pending } = await rejectedSupplierOrder();
      const first = await jne(['supplier-orders', 'reroute', String(rejected)], env, dataDir);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(
        new RegExp(
          `^Supplier order ${rejected} \\(order JNE-\\d{4}-\\d{8}\\) re-routed:\\n  CLI1 x1 -> supplier B, supplier order \\d+ \\(1\\)$`,
        ),
      );
      const again = await jne(['supplier-orders', 'reroute', String(rejected)], env, dataDir);
      expect(again.code).toBe(0);
      expect(again.out).toContain('was re-routed before; nothing changed');
      const json = await jne(['supplier-orders', 'reroute', String(rejected), '--json'], env, dataDir);
      expect(JSON.parse(json.out)).toMatchObject({ alreadyRerouted: true, lines: [{ sku: 'CLI1' }] });

      const refused = await jne(['supplier-orders', 'reroute', String(pending)], env, dataDir);
      expect(refused).toMatchObject({ code: 1, err: expect.stringContaining(`Supplier order ${pending} is pending`) });
      expect((await jne(['supplier-orders', 'reroute'], env, dataDir)).code).toBe(2);
      const bad = await jne(['supplier-orders', 'reroute', 'x1'], env, dataDir);
      expect(bad).toMatchObject({ code: 2, err: 'error: ID must be a supplier order id (a whole number), got "x1"' });
    });
  });
}
