/**
 * The shop's local socket, in-process on an in-memory embedded database: values, errors with
 * their SQLSTATE, transactions that keep the session to themselves, and a command that
 * disconnects mid-transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { isEmbeddedInProcess, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { connectThroughShop } from '../../src/db/local-access/client.js';
import { offerToLocalCommands, type LocalAccess } from '../../src/db/local-access/server.js';
import { emptyDatabase } from '../support/databases.js';

describe('the embedded database offered to local commands', () => {
  let shop: EmbeddedDatabase;
  let access: LocalAccess;
  let socketPath: string;
  const commands: Database[] = [];
  const connect = async () => {
    const c = await connectThroughShop(socketPath, 'test');
    commands.push(c);
    return c;
  };

  beforeAll(async () => {
    // An empty in-memory database, loaded from the run's template (initdb skipped).
    const database = await emptyDatabase('embedded');
    if (!isEmbeddedInProcess(database)) throw new Error('the embedded test database is not an in-process PGlite');
    shop = database;
    await shop.withSession((s) =>
      s.exec('CREATE TABLE t (id int PRIMARY KEY, at timestamptz, price numeric(12,2), b bytea)'),
    );
    socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jne-sock-')), 'jne.sock');
    access = await offerToLocalCommands(shop.pglite, shop.mutex, socketPath);
  });
  afterAll(async () => {
    for (const c of commands) await c.close();
    await access?.close();
    await shop?.close();
  });

  it('is a socket only its owner can open', () => {
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);
  });

  it('returns what the in-process database returns: timestamps, decimals as strings, bytes, counts', async () => {
    const c = await connect();
    const at = new Date('2026-11-30T12:34:56.789Z');
    await c.db
      .insertInto('t' as never)
      .values({ id: 1, at, price: '12.30', b: new Uint8Array([1, 2, 255]) } as never)
      .execute();
    const through = await sql<Record<string, unknown>>`SELECT * FROM t WHERE id = 1`.execute(c.db);
    const local = await sql<Record<string, unknown>>`SELECT * FROM t WHERE id = 1`.execute(shop.db);
    expect(through.rows).toEqual(local.rows);
    expect(through.rows[0]!.at).toEqual(at);
    expect(through.rows[0]!.price).toBe('12.30');
    const updated = await sql`UPDATE t SET price = 1 WHERE id = 1`.execute(c.db);
    expect(updated.numAffectedRows).toBe(1n);
  });

  it('passes database errors with their SQLSTATE and constraint', async () => {
    const c = await connect();
    await expect(sql`INSERT INTO t (id) VALUES (1)`.execute(c.db)).rejects.toMatchObject({
      code: '23505',
      constraint: 't_pkey',
    });
    await expect(sql`SELECT 1 / 0`.execute(c.db)).rejects.toMatchObject({ code: '22012' });
  });

  it("keeps the session to a command's transaction: the shop's own statements wait for its end", async () => {
    const c = await connect();
    const order: string[] = [];
    let shopWrite: Promise<unknown> | undefined;
    await c.db
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO t (id) VALUES (10)`.execute(trx);
        // The shop's write queues behind the transaction instead of landing inside it.
        shopWrite = sql`INSERT INTO t (id) VALUES (11)`.execute(shop.db).then(() => order.push('shop'));
        await new Promise((resolve) => setTimeout(resolve, 50));
        await sql`INSERT INTO t (id) VALUES (12)`.execute(trx);
        order.push('command');
        throw new Error('roll it back');
      })
      .catch(() => {});
    await shopWrite;
    expect(order).toEqual(['command', 'shop']);
    const ids = await sql<{ id: number }>`SELECT id FROM t WHERE id >= 10 ORDER BY id`.execute(shop.db);
    expect(ids.rows.map((r) => r.id)).toEqual([11]);
  });

  it('rolls back and lets go when a command disconnects inside a transaction', async () => {
    const c = await connect();
    await c.withSession(async (s) => {
      await s.exec('BEGIN');
      await s.query('INSERT INTO t (id) VALUES (20)');
    });
    await c.close();
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM t WHERE id = 20`.execute(shop.db);
    expect(rows.rows[0]!.n).toBe(0);
  });

  it('copies data in and dumps the data directory', async () => {
    const c = await connect();
    const copied = await c.withSession((s) =>
      s.copyFrom(
        'COPY t (id, price) FROM STDIN',
        (async function* () {
          yield '30\t1.50\n31\t2.50\n';
        })(),
      ),
    );
    expect(copied).toBe(2);
    const dump = await c.dumpDataDir!();
    expect(dump.size).toBeGreaterThan(1000);
  });
});
