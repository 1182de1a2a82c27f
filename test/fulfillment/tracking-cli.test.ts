/**
 * `jne supplier-orders import-tracking` and `jne supplier-orders mark` as an operator types them,
 * on each backend: the report, exit codes (0 read, 2 a file or input that cannot be used, 1 a
 * mark the state machine refuses), nothing written for an unreadable file, the OS user as actor.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import type { DB } from '../../src/db/types.js';
import { buildApp } from '../../src/http/app.js';
import { jne, tempDir } from '../support/cli.js';
import { backends, migratedDatabase, type BackendName, migratedDataDir } from '../support/databases.js';
import { offer, placeOrder, product, supplier } from '../support/dropship.js';

interface Target {
  env: Record<string, string | undefined>;
  /** Runs `fn` on the app over the database the CLI points at (embedded: while the CLI is not running). */
  withApp<T>(fn: (app: FastifyInstance, db: Kysely<DB>) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

async function target(backend: BackendName): Promise<Target> {
  const config = { logLevel: 'silent' as const };
  if (backend === 'embedded') {
    const env = { DATA_DIR: path.join(tempDir(), 'data'), USER: 'marta' };
    await migratedDataDir(env.DATA_DIR);
    return {
      env,
      async withApp(fn) {
        const database = await openDatabase(loadConfig(env), { command: 'test' });
        const app = await buildApp({ config, database, migrations: loadMigrations() });
        try {
          return await fn(app, database.db);
        } finally {
          await app.close();
          await database.close();
        }
      },
      dispose: async () => {},
    };
  }
  const database = await migratedDatabase('postgres');
  const app = await buildApp({ config, database, migrations: loadMigrations() });
  return {
    env: { DATABASE_URL: database.url!, USER: 'marta' },
    withApp: (fn) => fn(app, database.db),
    async dispose() {
      await app.close();
      await database.dispose();
    },
  };
}

/** A supplier CLISUP with one placed order of 2 units of CLI-1 (supplier SKU C-1). */
async function placed(app: FastifyInstance, db: Kysely<DB>) {
  const id = await supplier(db, 'CLISUP', { method: 'manual' });
  await offer(db, id, await product(db, 'CLI-1'), '4.00', 50, { sku: 'C-1' });
  const res = await placeOrder(app, [{ sku: 'CLI-1', quantity: 2 }]);
  expect(res.statusCode).toBe(201);
  return db.selectFrom('supplier_orders').select(['id', 'idempotency_key']).executeTakeFirstOrThrow();
}

const writes = (db: Kysely<DB>) =>
  sql<{
    n: number;
  }>`SELECT ((SELECT count(*) FROM supplier_order_events) + (SELECT count(*) FROM supplier_shipments))::int AS n`
    .execute(db)
    .then((r) => r.rows[0]!.n);

for (const backend of backends) {
  describe(`jne supplier-orders on ${backend}`, () => {
    let t: Target;
    afterEach(async () => t?.dispose());

    it('marks a manual order submitted, imports its tracking file, refuses what the state machine refuses', async () => {
      t = await target(backend);
      const so = await t.withApp(placed);
      const env = t.env;

      let run = await jne(
        ['supplier-orders', 'mark', String(so.id), '--status', 'submitted', '--reference', 'CS-55'],
        env,
      );
      expect(run.code).toBe(0);
      expect(run.out).toMatch(new RegExp(`^Supplier order ${so.id}: pending -> submitted \\(event \\d+\\)\\.$`));
      run = await jne(['supplier-orders', 'mark', String(so.id), '--status', 'shipped'], env);
      expect(run.code).toBe(2);
      expect(run.err).toContain('--status shipped needs the parcel: --carrier C --tracking N');

      const dir = tempDir();
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, `reference,carrier,tracking\n${so.idempotency_key},DHL,X\n`);
      const before = await t.withApp((_app, db) => writes(db));
      run = await jne(['supplier-orders', 'import-tracking', '--supplier', 'CLISUP', bad], env);
      expect(run.code).toBe(2);
      expect(run.err).toBe(
        'error: line 1: unknown column "tracking" (the columns are reference, carrier, tracking_number, tracking_url, shipped_at, lines)',
      );
      expect(await t.withApp((_app, db) => writes(db))).toBe(before);

      const good = path.join(dir, 'tracking.csv');
      fs.writeFileSync(
        good,
        [
          'reference,carrier,tracking_number,tracking_url,shipped_at,lines',
          `CS-55,DHL,D-1,https://dhl.example/D-1,2026-11-29,C-1:1`,
          `${so.idempotency_key},DHL,D-2,,2026-11-29,C-1:1`,
          `${so.idempotency_key},DHL,D-2,,2026-11-29,C-1:1`,
          `UNKNOWN,DHL,D-3,,2026-11-29,`,
        ].join('\n'),
      );
      run = await jne(['supplier-orders', 'import-tracking', '--supplier', 'clisup', good], env);
      expect(run.code).toBe(0);
      expect(run.out.split('\n')).toEqual([
        'Tracking file for CLISUP: 4 row(s) read',
        '  applied    2',
        '  unchanged  1',
        '  rejected   1',
        '  line 4: unchanged: a shipped supplier order cannot become partially_shipped (from shipped only: delivered)',
        '  line 5: rejected: reference: UNKNOWN is not the reference of any supplier order of CLISUP',
      ]);
      run = await jne(['supplier-orders', 'import-tracking', '--supplier', 'CLISUP', good, '--json'], env);
      expect(JSON.parse(run.out)).toMatchObject({ applied: 0, unchanged: 3, rejected: 1 });

      run = await jne(['supplier-orders', 'mark', String(so.id), '--status', 'acknowledged', '--json'], env);
      expect(run.code).toBe(1);
      expect(run.err).toBe(
        'refused: a shipped supplier order cannot become acknowledged (from shipped only: delivered)',
      );
      run = await jne(
        ['supplier-orders', 'mark', String(so.id), '--status', 'delivered', '--note', 'signed by customer'],
        env,
      );
      expect(run.code).toBe(0);

      await t.withApp(async (_app, db) => {
        const events = await db
          .selectFrom('supplier_order_events')
          .select(['to_status', 'source', 'applied', 'actor'])
          .where('supplier_order_id', '=', so.id)
          .orderBy('id')
          .execute();
        const mark = 'jne supplier-orders mark (marta)';
        const file = 'jne supplier-orders import-tracking (marta)';
        expect(events.map((e) => [e.to_status, e.source, e.applied, e.actor])).toEqual([
          ['submitted', 'operator', true, mark],
          ['partially_shipped', 'csv', true, file],
          ['shipped', 'csv', true, file],
          ['partially_shipped', 'csv', false, file],
          ['partially_shipped', 'csv', false, file],
          ['partially_shipped', 'csv', false, file],
          ['partially_shipped', 'csv', false, file],
          ['acknowledged', 'operator', false, mark],
          ['delivered', 'operator', true, mark],
        ]);
        const order = await db.selectFrom('orders').select('status').executeTakeFirstOrThrow();
        expect(order.status).toBe('delivered');
      });
    });

    it('needs a known supplier and a readable file', async () => {
      t = await target(backend);
      const missing = await jne(
        ['supplier-orders', 'import-tracking', '--supplier', 'NOPE', '/nonexistent.csv'],
        t.env,
      );
      expect(missing).toMatchObject({ code: 2 });
      expect(missing.err).toContain('cannot read /nonexistent.csv');
      const file = path.join(tempDir(), 't.csv');
      fs.writeFileSync(file, 'reference,carrier,tracking_number\n');
      const unknown = await jne(['supplier-orders', 'import-tracking', '--supplier', 'NOPE', file], t.env);
      expect(unknown).toMatchObject({ code: 2, err: 'error: Supplier NOPE does not exist' });
      expect((await jne(['supplier-orders', 'mark', '12', '--status', 'lost'], t.env)).code).toBe(2);
      expect((await jne(['supplier-orders', 'mark', '999', '--status', 'acknowledged'], t.env)).code).toBe(2);
    });
  });
}
