/**
 * PGlite is one PostgreSQL session. Two transactions started at the same time must run one
 * after the other, never with their statements interleaved inside each other.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migratedDatabase, type TestDatabase } from '../support/databases.js';

describe('embedded database: one transaction at a time', () => {
  let database: TestDatabase;
  afterEach(async () => database?.dispose());

  it('concurrent transactions do not see or break each other', async () => {
    database = await migratedDatabase('embedded');
    const log: string[] = [];
    const transaction = (name: string, code: string) =>
      database.db.transaction().execute(async (trx) => {
        log.push(`${name} begin`);
        await sql`insert into suppliers (code, name) values (${code}, ${name})`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 30)); // the other one gets every chance to cut in
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from suppliers`.execute(trx);
        log.push(`${name} sees ${rows[0]!.n}`);
        if (name === 'B') throw new Error('B fails and rolls back');
      });

    const results = await Promise.allSettled([transaction('A', 'A1'), transaction('B', 'B1'), transaction('C', 'C1')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['A begin', 'A sees 1', 'B begin', 'B sees 2', 'C begin', 'C sees 2']);
    const { rows } = await sql<{ code: string }>`select code from suppliers order by code`.execute(database.db);
    expect(rows.map((r) => r.code)).toEqual(['A1', 'C1']);
  });

  it('a plain query waits for an open transaction instead of running inside it', async () => {
    database = await migratedDatabase('embedded');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = database.db.transaction().execute(async (trx) => {
      await sql`insert into suppliers (code, name) values ('T1', 'In the transaction')`.execute(trx);
      await held;
      throw new Error('rolled back');
    });
    const outside = sql<{ n: number }>`select count(*)::int as n from suppliers`.execute(database.db);
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    await expect(tx).rejects.toThrow('rolled back');
    expect((await outside).rows[0]!.n).toBe(0);
  });
});
