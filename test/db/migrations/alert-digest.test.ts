/**
 * Migration 017 on a shop that already has alarms: they keep their rows, none counts as mailed,
 * and the first digest claim takes the open ones only; the rollback removes the digest columns
 * and keeps the alarms.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDigest } from '../../../src/alerts/digest-claim.js';
import { inTransaction } from '../../../src/db/transaction.js';
import { loadMigrations } from '../../../src/db/migrations/files.js';
import { Migrator } from '../../../src/db/migrations/migrator.js';
import { backends, emptyDatabase, testMigrationSettings, type TestDatabase } from '../../support/databases.js';

for (const backend of backends) {
  describe(`alarms before and after migration 017 on ${backend}`, () => {
    let database: TestDatabase;
    const migrator = () => new Migrator(database, loadMigrations(), testMigrationSettings);
    beforeAll(async () => {
      database = await emptyDatabase(backend);
      await migrator().migrate({ to: '016' });
      await database.withSession((s) =>
        s.exec(`
          INSERT INTO suppliers (code, name, is_dropship) VALUES ('OLD', 'Old supplier', true);
          INSERT INTO alerts (rule, subject, supplier_id, message, first_seen_at, resolved_at)
            VALUES ('stale_feed', 'supplier:1', 1, 'The feed of OLD was last seen 80 hours ago', now() - interval '2 days', NULL),
                   ('rating_under_floor', 'supplier:1', 1, 'OLD is rated 1.20', now() - interval '3 days', now() - interval '1 day');`),
      );
      await migrator().migrate({ to: '017' });
    }, 180_000);
    afterAll(async () => database?.dispose());

    it('no alarm counts as mailed; the first claim takes the open one', async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM alerts WHERE digest_claimed_at IS NULL AND digested_at IS NULL`.execute(
        database.db,
      );
      expect(rows[0]!.n).toBe(2);
      const claim = await inTransaction(database.db, (trx) => claimDigest(trx, 600));
      expect(claim).toMatchObject({ open: 1, alarms: [{ rule: 'stale_feed', supplierCode: 'OLD' }] });
    });

    it('rolls back to the digest columns gone, the alarms kept', async () => {
      await migrator().rollback({ to: '016' });
      const { rows } = await sql<{ columns: number; alarms: number }>`
        SELECT (SELECT count(*) FROM information_schema.columns
                 WHERE table_name = 'alerts' AND column_name IN ('digest_claimed_at', 'digested_at'))::int AS columns,
               (SELECT count(*) FROM alerts)::int AS alarms`.execute(database.db);
      expect(rows[0]).toEqual({ columns: 0, alarms: 2 });
    });
  });
}
