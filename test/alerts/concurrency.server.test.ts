/**
 * Evaluations and recomputes at the same time, on the PostgreSQL server (PGlite is one session
 * and cannot race): ten alarm evaluations at once open each alarm once, and ten recomputes at once
 * leave one row per supplier and period.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/alerts/evaluate.js';
import { inTransaction } from '../../src/db/transaction.js';
import { recomputePerformance } from '../../src/performance/recompute.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { databaseNow, handOrders, handSupplier, periodRowsFor } from '../support/performance.js';

const RUNS = 10;
const rules = {
  thresholds: { submitMinutes: 30, ackHours: 24, trackingDays: 2, reservationDays: 7 },
  ratingFloor: undefined,
};

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`alarms and recomputes at the same time on ${backend}`, () => {
    let database: TestDatabase;
    let rowsPerSupplier = 0;
    beforeAll(async () => {
      database = await migratedDatabase(backend);
      const db = database.db;
      const now = await databaseNow(db);
      rowsPerSupplier = periodRowsFor(now, [30]); // the failed orders were never sent: no month of theirs
      for (const code of ['RACEA', 'RACEB']) {
        await handOrders(db, await handSupplier(db, code), now, [
          { status: 'failed', created: 3 },
          { status: 'failed', created: 2 },
          { status: 'shipped', created: 30, submitted: 29, shipped: 5, shipBy: 1 },
        ]);
      }
    }, 180_000);
    afterAll(async () => database?.dispose());

    it('ten evaluations at once open each alarm once', async () => {
      const results = await Promise.all(
        Array.from({ length: RUNS }, () => inTransaction(database.db, (trx) => evaluateAlerts(trx, rules))),
      );
      expect(results.reduce((n, r) => n + r.opened, 0)).toBe(4);
      const { rows } = await sql<{ n: number; subjects: number }>`
        SELECT count(*)::int AS n, count(DISTINCT subject)::int AS subjects FROM alerts`.execute(database.db);
      expect(rows[0]).toEqual({ n: 4, subjects: 4 });
    });

    it('ten recomputes at once leave one row per supplier and period', async () => {
      await Promise.all(
        Array.from({ length: RUNS }, () =>
          inTransaction(database.db, (trx) => recomputePerformance(trx, { minOrders: 1 })),
        ),
      );
      const { rows } = await sql<{ rows: number; keys: number }>`
        SELECT count(*)::int AS rows,
               count(DISTINCT (supplier_id, period_kind, period_start, period_end))::int AS keys
          FROM supplier_performance`.execute(database.db);
      expect(rows[0]).toEqual({ rows: 2 * rowsPerSupplier, keys: 2 * rowsPerSupplier });
    });
  });
}
