/**
 * The catalog state's counters (catalog_changes, one row per database backend that changed the
 * catalog) folded for the backends that have ended (catalog_changes_fold(), migration 024): the
 * state, and with it every ETag, stays exactly what it was; a live backend keeps its row; the
 * hourly job of npm start and jne worker does it. On both backends.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG_FOLD_QUEUE, foldCatalogChanges } from '../../src/catalog/fold-job.js';
import { loadConfig } from '../../src/config.js';
import type { DB } from '../../src/db/types.js';
import { startJobs, type RunningJobs } from '../../src/fulfillment/dispatch/jobs.js';
import { automaticReroute } from '../../src/orders/auto-reroute.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { testDispatchSettings, tick } from '../support/dispatch.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
/** Process ids no backend has (Linux's pid_max is at most 2^22). */
const ENDED = [2_000_000_001, 2_000_000_002];

const state = async (db: Kysely<DB>) =>
  (await sql<{ state: string }>`SELECT catalog_state() AS state`.execute(db)).rows[0]!.state;
const counters = async (db: Kysely<DB>) =>
  (
    await sql<{ pid: number; changes: string }>`
      SELECT backend_pid AS pid, changes::text FROM catalog_changes ORDER BY backend_pid`.execute(db)
  ).rows;

for (const backend of backends) {
  describe(`the catalog state's counters on ${backend}`, () => {
    let database: TestDatabase | undefined;
    let jobs: RunningJobs | undefined;
    afterEach(async () => {
      await jobs?.stop();
      jobs = undefined;
      await database?.dispose();
      database = undefined;
    });

    /** A category written on one connection kept open (its backend alive), and two ended backends' rows; the work runs on that connection. */
    async function withCounters(work: (db: Kysely<DB>, livePid: number) => Promise<void>) {
      database = await migratedDatabase(backend);
      const db = database.db;
      await db.connection().execute(async (live) => {
        await live.insertInto('categories').values({ name: 'Shoes', slug: 'shoes' }).execute();
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(live);
        await sql`INSERT INTO catalog_changes (backend_pid, changes) VALUES (${ENDED[0]}, 5), (${ENDED[1]}, 7)`.execute(
          live,
        );
        await work(live, rows[0]!.pid);
      });
    }

    it('folds the rows of ended backends into row 0; the state stays, a live backend keeps its row', async () => {
      await withCounters(async (db, livePid) => {
        const before = await state(db);
        const sumBefore = (await counters(db)).reduce((sum, c) => sum + Number(c.changes), 0);
        expect(await foldCatalogChanges(db)).toBeGreaterThanOrEqual(2);
        const after = await counters(db);
        expect(after.map((c) => c.pid)).not.toContain(ENDED[0]);
        expect(after.map((c) => c.pid)).not.toContain(ENDED[1]);
        expect(after.find((c) => c.pid === livePid)).toBeDefined();
        expect(Number(after.find((c) => c.pid === 0)?.changes)).toBeGreaterThanOrEqual(12);
        expect(after.reduce((sum, c) => sum + Number(c.changes), 0)).toBe(sumBefore);
        expect(await state(db)).toBe(before);

        // Again: the ended rows are in row 0 already, and the live backend still runs.
        await sql`INSERT INTO catalog_changes (backend_pid, changes) VALUES (${ENDED[0]}, 1)`.execute(db);
        expect(await foldCatalogChanges(db)).toBe(1);
        expect(Number((await counters(db)).find((c) => c.pid === 0)?.changes)).toBe(
          Number(after.find((c) => c.pid === 0)?.changes) + 1,
        );
        // A write after the fold changes the state, as before.
        const folded = await state(db);
        await db.updateTable('categories').set({ name: 'Sneakers' }).where('slug', '=', 'shoes').execute();
        expect(await state(db)).not.toBe(folded);
      });
    });

    it('the hourly job of the worker processes folds them', async () => {
      database = await migratedDatabase(backend);
      const db = database.db;
      await sql`INSERT INTO catalog_changes (backend_pid, changes) VALUES (${ENDED[0]}, 5), (${ENDED[1]}, 7)`.execute(
        db,
      );
      const before = await state(db);
      jobs = await startJobs(
        database,
        { ...loadConfig({}), databaseUrl: database.url, dispatch: testDispatchSettings },
        Buffer.alloc(32),
        silent,
        rollUpOrderStatus,
        automaticReroute(undefined),
      );
      // One job, as the schedule sends at minute 23 of every hour.
      expect(await tick(database, CATALOG_FOLD_QUEUE)).toEqual(expect.any(String));
      const deadline = Date.now() + 60_000;
      const ended = async () => (await counters(db)).filter((c) => ENDED.includes(c.pid));
      while (Date.now() < deadline && (await ended()).length > 0) await new Promise((r) => setTimeout(r, 200));
      expect(await ended()).toEqual([]);
      expect(await state(db)).toBe(before);
    }, 120_000);
  });
}
