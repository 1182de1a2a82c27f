/**
 * The transaction boundary: a serialization failure or deadlock reruns the whole unit of work a
 * bounded number of times, each retry logged; any other error is thrown at once. The errors are
 * raised by the database itself (RAISE ... USING ERRCODE), on both backends.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';

const raise = (sqlstate: string) =>
  sql`DO $$ BEGIN RAISE EXCEPTION 'raised for the test' USING ERRCODE = '${sql.raw(sqlstate)}'; END $$`;

for (const backend of backends) {
  describe(`inTransaction on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await migratedDatabase(backend);
    });
    afterAll(() => database.dispose());

    it('reruns the work after 40001 and 40P01, logs each retry, and commits the run that succeeds', async () => {
      const warnings: Record<string, unknown>[] = [];
      let runs = 0;
      const result = await inTransaction(
        database.db,
        async (trx) => {
          runs += 1;
          await trx
            .insertInto('customers')
            .values({ email: `retry-${runs}@example.com`, name: 'R' })
            .execute();
          if (runs === 1) await raise('40001').execute(trx);
          if (runs === 2) await raise('40P01').execute(trx);
          return runs;
        },
        { log: { warn: (fields) => warnings.push(fields) } },
      );
      expect(result).toBe(3);
      expect(warnings.map((w) => [w.sqlstate, w.attempt])).toEqual([
        ['40001', 1],
        ['40P01', 2],
      ]);
      // Only the third run's row was committed: the first two were rolled back whole.
      const emails = await database.db.selectFrom('customers').select('email').where('name', '=', 'R').execute();
      expect(emails).toEqual([{ email: 'retry-3@example.com' }]);
    });

    it('gives up after the last attempt and throws the database error', async () => {
      let runs = 0;
      const failing = inTransaction(
        database.db,
        async (trx) => {
          runs += 1;
          await raise('40001').execute(trx);
        },
        { attempts: 4 },
      );
      await expect(failing).rejects.toMatchObject({ code: '40001' });
      expect(runs).toBe(4);
    });

    it('throws any other error at once, without a retry', async () => {
      let runs = 0;
      const failing = inTransaction(database.db, async (trx) => {
        runs += 1;
        await raise('23505').execute(trx);
      });
      await expect(failing).rejects.toMatchObject({ code: '23505' });
      expect(runs).toBe(1);
    });
  });
}
