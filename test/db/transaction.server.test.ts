/**
 * A real deadlock on the PostgreSQL server: two units of work lock two rows in opposite order.
 * PostgreSQL aborts one of them (40P01); inTransaction runs it again and both commit.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { emptyDatabase, serverUrl, type TestDatabase } from '../support/databases.js';

describe.runIf(serverUrl)('inTransaction on a deadlock (postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await emptyDatabase('postgres');
    await sql`CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)`.execute(database.db);
    await sql`INSERT INTO counters VALUES (1, 0), (2, 0)`.execute(database.db);
  });
  afterAll(() => database.dispose());

  it('the transaction PostgreSQL aborts is run again, and both commit', async () => {
    const warnings: Record<string, unknown>[] = [];
    const log = { warn: (fields: Record<string, unknown>) => warnings.push(fields) };
    let holding = 0;
    let bothHold!: () => void;
    const meeting = new Promise<void>((resolve) => (bothHold = resolve));
    const bump = (first: number, second: number) =>
      inTransaction(
        database.db,
        async (trx) => {
          await sql`UPDATE counters SET n = n + 1 WHERE id = ${first}`.execute(trx);
          // First run only: wait until the other holds its first row too, so each waits for the other.
          if (holding < 2 && ++holding === 2) bothHold();
          await meeting;
          await sql`UPDATE counters SET n = n + 1 WHERE id = ${second}`.execute(trx);
        },
        { log },
      );
    await Promise.all([bump(1, 2), bump(2, 1)]);
    const rows = await sql<{ id: number; n: number }>`SELECT id, n FROM counters ORDER BY id`.execute(database.db);
    expect(rows.rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ sqlstate: '40P01', attempt: 1 });
  });
});
