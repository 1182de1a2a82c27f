/** Queries marked PREPARED: named and planned once per connection on a server, plain SQL on PGlite. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARED, preparedName } from '../../src/db/prepared.js';
import { backends, emptyDatabase, type TestDatabase } from '../support/databases.js';

describe('preparedName', () => {
  it('names only marked SQL, by its text', () => {
    expect(preparedName('select 1')).toBeUndefined();
    const one = preparedName('/* prepared */ select 1');
    expect(one).toMatch(/^jne_[0-9a-f]{24}$/);
    expect(preparedName('/* prepared */ select 1')).toBe(one);
    expect(preparedName('/* prepared */ select 2')).not.toBe(one);
  });
});

for (const backend of backends) {
  describe(`prepared queries on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await emptyDatabase(backend);
    });
    afterAll(() => database.dispose());

    it('answers with the values of each call, prepared on the server connection that ran it', async () => {
      const counts = await database.db.connection().execute(async (db) => {
        const answers: number[] = [];
        for (const n of [1, 2, 3]) {
          const { rows } = await sql<{ n: number }>`${PREPARED} select ${n}::int + 1 as n`.execute(db);
          answers.push(rows[0]!.n);
        }
        const { rows } = await sql<{ count: number }>`
          select count(*)::int as count from pg_prepared_statements where statement like '/* prepared */%'`.execute(db);
        return { answers, prepared: rows[0]!.count };
      });
      expect(counts.answers).toEqual([2, 3, 4]);
      expect(counts.prepared).toBe(backend === 'postgres' ? 1 : 0);
    });
  });
}
