/**
 * The race on the real server: 50 concurrent adjustments of -1 on a row with 20 on hand, each
 * through the service in its own transaction on its own connection. A read-then-write would lose
 * updates (several requests read 20 and write 19); the one conditional UPDATE must give exactly
 * 20 successes, 0 on hand and 20 audit rows whose "after" values are 19 down to 0.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TYPE_OIDS, parseInt8 } from '../../src/db/session.js';
import type { DB } from '../../src/db/types.js';
import { InvalidInputError } from '../../src/errors.js';
import { adjustStock } from '../../src/inventory/stock-service.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { adjustments, product, quantities, source, stockRow } from './helpers.js';
import { inTransaction } from '../../src/db/transaction.js';

const CLIENTS = 50;
const ON_HAND = 20;

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`concurrent stock adjustments on ${backend}`, () => {
    let database: TestDatabase;
    let wide: Kysely<DB> | undefined;
    let closed: Promise<unknown>[] = [];
    afterEach(async () => {
      await wide?.destroy();
      // pool.end() resolves before the sockets close; dropping the database under them would
      // terminate them mid-close.
      await Promise.all(closed);
      await database?.dispose();
    });

    it(`${CLIENTS} concurrent -1 adjustments on ${ON_HAND} units: exactly ${ON_HAND} succeed, no lost update`, async () => {
      database = await migratedDatabase(backend);
      const id = await stockRow(
        database.db,
        await source(database.db, 'MAIN'),
        await product(database.db, 'MUG'),
        ON_HAND,
      );
      // A pool as wide as the clients: every adjustment holds a connection of its own.
      const pool = new pg.Pool({
        connectionString: database.url,
        max: CLIENTS,
        types: { getTypeParser: (oid: number) => (oid === TYPE_OIDS.INT8 ? parseInt8 : pg.types.getTypeParser(oid)) },
      } as pg.PoolConfig);
      wide = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      // Open every connection first, so the adjustments really start together.
      const clients = await Promise.all(Array.from({ length: CLIENTS }, () => pool.connect()));
      closed = clients.map((c) => new Promise((resolve) => c.once('end', resolve)));
      for (const c of clients) c.release();
      expect(pool.totalCount).toBe(CLIENTS);

      const results = await Promise.allSettled(
        Array.from({ length: CLIENTS }, (_, i) =>
          inTransaction(wide!, (trx) =>
            adjustStock(
              trx,
              { sku: 'MUG', change: -1, reason: 'damaged', note: `client ${i}` },
              { actor: `client ${i}` },
            ),
          ),
        ),
      );

      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      expect(ok).toHaveLength(ON_HAND);
      expect(refused).toHaveLength(CLIENTS - ON_HAND);
      for (const r of refused) {
        expect(r.reason).toBeInstanceOf(InvalidInputError);
        expect((r.reason as Error).message).toContain('cannot go below 0');
      }
      expect(await quantities(database.db, id)).toEqual({ on_hand: 0, reserved: 0 });
      const trail = await adjustments(database.db, id);
      expect(trail).toHaveLength(ON_HAND);
      expect(trail.every((a) => a.quantity_change === -1 && a.reason === 'damaged')).toBe(true);
      // Each success saw the result of the one before it: every "after" from 19 down to 0 exactly once.
      expect(trail.map((a) => a.quantity_on_hand_after).sort((a, b) => b - a)).toEqual(
        Array.from({ length: ON_HAND }, (_, i) => ON_HAND - 1 - i),
      );
    });
  });
}
