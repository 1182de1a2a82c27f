/**
 * Supplier performance on hand-made histories, on both backends: every metric's definition with
 * exact figures (on time, late, rejected, partially shipped, cancelled by the supplier and by the
 * shop, open, unsent), each rating weight, the neutral rating under the minimum, and the upsert.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEUTRAL_RATING, RATING_WEIGHTS, ratingSql, type RatingFactor } from '../../src/performance/rating.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { databaseNow, handOrders, handSupplier, hoursAgo, performanceRow, recompute } from '../support/performance.js';

for (const backend of backends) {
  describe(`supplier performance on ${backend}`, () => {
    let database: TestDatabase;
    let now: Date;
    beforeAll(async () => {
      database = await migratedDatabase(backend);
      now = await databaseNow(database.db);
    }, 180_000);
    afterAll(async () => database?.dispose());

    it('computes each metric of a mixed history exactly', async () => {
      const db = database.db;
      const a = await handSupplier(db, 'METRICS');
      await handOrders(db, a, now, [
        // on time: handling 24 h, acknowledged after 1 h, tracking 2 h after the parcel
        {
          status: 'shipped',
          created: 48,
          submitted: 47,
          acknowledged: 46,
          shipped: 23,
          shipBy: 10,
          quantity: 2,
          trackingAfter: 2,
        },
        // late: handling 36 h, acknowledged after 2 h, tracking after 6 h
        {
          status: 'shipped',
          created: 48,
          submitted: 47,
          acknowledged: 45,
          shipped: 11,
          shipBy: 20,
          quantity: 1,
          trackingAfter: 6,
        },
        // rejected at the send (never submitted)
        { status: 'rejected', created: 40, quantity: 3 },
        // partially shipped on time: 1 of 4 units, handling 24 h, tracking after 4 h
        {
          status: 'partially_shipped',
          created: 40,
          submitted: 39,
          acknowledged: 38,
          shipped: 15,
          shipBy: 10,
          quantity: 4,
          unitsShipped: 1,
          trackingAfter: 4,
        },
        // cancelled by the supplier
        { status: 'cancelled', created: 30, submitted: 29, acknowledged: 28, cancelled: 20, quantity: 2 },
        // cancelled because the shop asked: not the supplier's doing
        {
          status: 'cancelled',
          created: 30,
          submitted: 29,
          acknowledged: 28,
          cancelled: 20,
          quantity: 5,
          cancelRequested: true,
        },
        // open, not due yet
        { status: 'submitted', created: 5, submitted: 4, shipBy: -20, quantity: 1 },
        // never sent: not counted at all
        { status: 'pending', created: 5, quantity: 1 },
        // acknowledged, past its ship-by date and still unshipped: late
        { status: 'acknowledged', created: 60, submitted: 59, acknowledged: 58, shipBy: 2, quantity: 2 },
      ]);
      await recompute(db, { minOrders: 1, supplierId: a.supplierId });
      const row = await performanceRow(db, a.supplierId, '7d');
      expect({
        kind: row.period_kind,
        orders: row.orders_count,
        ordered: row.items_ordered,
        shipped: row.items_shipped,
        fill: row.fill_rate,
        acceptance: row.acceptance_rate,
        onTime: row.on_time_ship_rate,
        handling: row.mean_handling_hours,
        p90: row.p90_handling_hours,
        ack: row.mean_ack_hours,
        cancellation: row.cancellation_rate,
        tracking: row.mean_tracking_upload_hours,
        rating: row.rating,
        rated: row.rated,
      }).toEqual({
        kind: 'rolling',
        orders: 8, // every sent order; the unsent one is not the supplier's
        ordered: 20,
        shipped: 4,
        fill: '0.2857', // 4 shipped of 14 units in settled orders (the open one not yet due is left out)
        acceptance: '0.8571', // 6 accepted of 7 answered
        onTime: '0.5000', // on time, late, on time (partial), late (overdue)
        handling: '28.00', // (24 + 36 + 24) / 3
        p90: '33.60', // 24, 24, 36: 24 + 0.8 x 12
        ack: '1.17', // (1 + 2 + 1 + 1 + 1 + 1) / 6
        cancellation: '0.1250', // 1 of 8 cancelled by the supplier
        tracking: '4.00', // (2 + 6 + 4) / 3
        // 5 x (0.30 x 0.2857 + 0.25 x 0.5 + 0.15 x 0.8571 + 0.15 x 0.875 + 0.10 x 92/96 + 0.05 x 1)
        rating: '3.08',
        rated: true,
      });
      // The same orders in the 30- and 90-day windows; the date range ends today.
      expect((await performanceRow(db, a.supplierId, '30d')).orders_count).toBe(8);
      expect((await performanceRow(db, a.supplierId, '90d')).orders_count).toBe(8);
    });

    it('puts an order into its calendar month, told apart from the rolling windows', async () => {
      const db = database.db;
      const m = await handSupplier(db, 'MONTHLY');
      // 70 days ago: in the 90-day window, not in the 30-day one
      await handOrders(db, m, now, [
        { status: 'shipped', created: 70 * 24, submitted: 70 * 24 - 1, shipped: 70 * 24 - 25, shipBy: 60 * 24 },
      ]);
      await recompute(db, { minOrders: 1, supplierId: m.supplierId });
      const { rows } = await sql<{ label: string; kind: string; first: string; last: string; orders: number }>`
        SELECT period_label AS label, period_kind AS kind, period_start::text AS first, period_end::text AS last,
               orders_count AS orders
          FROM supplier_performance WHERE supplier_id = ${m.supplierId} ORDER BY period_kind, period_label`.execute(db);
      const month = await sql<{ label: string; first: string; last: string }>`
        SELECT to_char(d, 'YYYY-MM') AS label, date_trunc('month', d)::date::text AS first,
               (date_trunc('month', d) + interval '1 month' - interval '1 day')::date::text AS last
          FROM (SELECT ((now() - interval '70 days') AT TIME ZONE 'UTC')::date AS d) x`.execute(db);
      expect(rows.filter((r) => r.kind === 'month')).toEqual([{ ...month.rows[0], kind: 'month', orders: 1 }]);
      expect(rows.filter((r) => r.kind === 'rolling').map((r) => [r.label, r.orders])).toEqual([
        ['30d', 0],
        ['7d', 0],
        ['90d', 1],
      ]);
    });

    it('rewrites a month older than the rolling windows only when one of its orders changed, or on a full recompute', async () => {
      const db = database.db;
      const o = await handSupplier(db, 'OLDMONTH');
      // 150 days ago: before the first month any rolling window touches; still submitted, ship_by passed
      const [late] = await handOrders(db, o, now, [
        { status: 'submitted', created: 150 * 24, submitted: 150 * 24 - 1, shipBy: 149 * 24, quantity: 2 },
      ]);
      const label = hoursAgo(now, 150 * 24)!
        .toISOString()
        .slice(0, 7);
      await recompute(db, { minOrders: 1, supplierId: o.supplierId });
      const first = await performanceRow(db, o.supplierId, label);
      expect([first.orders_count, first.items_shipped, first.on_time_ship_rate]).toEqual([1, 0, '0.0000']);

      // Nothing changed: the month keeps its row (the rolling windows are written again).
      const again = await recompute(db, { minOrders: 1, supplierId: o.supplierId });
      expect(again.rows).toBe(3);
      expect((await performanceRow(db, o.supplierId, label)).computed_at).toEqual(first.computed_at);

      // The order ships, late: its month is read again.
      await sql`UPDATE supplier_orders SET status = 'shipped', shipped_at = submitted_at + interval '40 days',
                       units_shipped = 2 WHERE id = ${late!}`.execute(db);
      const changed = await recompute(db, { minOrders: 1, supplierId: o.supplierId });
      expect(changed.rows).toBe(4);
      const shipped = await performanceRow(db, o.supplierId, label);
      expect([shipped.items_shipped, shipped.on_time_ship_rate, shipped.mean_handling_hours]).toEqual([
        2,
        '0.0000',
        '960.00',
      ]);

      // A full recompute writes every month again, changed or not.
      const full = await recompute(db, { minOrders: 1, supplierId: o.supplierId, full: true });
      expect(full.rows).toBe(4);
      expect((await performanceRow(db, o.supplierId, label)).computed_at.getTime()).toBeGreaterThan(
        shipped.computed_at.getTime(),
      );
    });

    it('keeps the neutral rating under the minimum number of orders, however late they were', async () => {
      const db = database.db;
      const n = await handSupplier(db, 'NEWCOMER');
      await handOrders(db, n, now, [
        { status: 'acknowledged', created: 100, submitted: 99, acknowledged: 98, shipBy: 50 },
        { status: 'rejected', created: 100, submitted: 99 },
      ]);
      await recompute(db, { minOrders: 3, supplierId: n.supplierId });
      const under = await performanceRow(db, n.supplierId, '7d');
      expect([under.orders_count, under.on_time_ship_rate, under.rating, under.rated]).toEqual([
        2,
        '0.0000',
        NEUTRAL_RATING,
        false,
      ]);
      // Nothing shipped: no handling or tracking figure (not 0 hours).
      expect([under.mean_handling_hours, under.p90_handling_hours, under.mean_tracking_upload_hours]).toEqual([
        null,
        null,
        null,
      ]);
      await recompute(db, { minOrders: 2, supplierId: n.supplierId });
      const rated = await performanceRow(db, n.supplierId, '7d');
      expect(rated.rated).toBe(true);
      expect(Number(rated.rating)).toBeLessThan(2.5);
    });

    it('recomputing the same period twice leaves one row per period, updated', async () => {
      const db = database.db;
      const u = await handSupplier(db, 'TWICE');
      await handOrders(db, u, now, [{ status: 'shipped', created: 30, submitted: 29, shipped: 5, shipBy: 1 }]);
      await recompute(db, { minOrders: 1, supplierId: u.supplierId });
      const first = await performanceRow(db, u.supplierId, '7d');
      await handOrders(db, u, now, [{ status: 'shipped', created: 30, submitted: 29, shipped: 5, shipBy: 1 }]);
      await recompute(db, { minOrders: 1, supplierId: u.supplierId });
      const { rows } = await sql<{ label: string; n: number }>`
        SELECT period_label AS label, count(*)::int AS n FROM supplier_performance
         WHERE supplier_id = ${u.supplierId} GROUP BY period_label ORDER BY period_label`.execute(db);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      expect(rows.length).toBe(4); // 7d, 30d, 90d and this month (or last month's)
      const second = await performanceRow(db, u.supplierId, '7d');
      expect([first.id, first.orders_count, second.id, second.orders_count]).toEqual([first.id, 1, first.id, 2]);
    });

    it('a recompute of every supplier writes rolling windows for suppliers without orders', async () => {
      const db = database.db;
      const idle = await handSupplier(db, 'IDLE');
      const result = await recompute(db, { minOrders: 1 });
      expect(result.rows).toBeGreaterThan(0);
      const row = await performanceRow(db, idle.supplierId, '30d');
      expect([row.orders_count, row.rating, row.rated, row.fill_rate]).toEqual([0, NEUTRAL_RATING, false, null]);
    });

    describe('each rating weight', () => {
      // A perfect supplier: every score 1.
      const perfect = {
        orders_count: 10,
        fill_rate: '1',
        on_time_ship_rate: '1',
        acceptance_rate: '1',
        cancellation_rate: '0',
        mean_handling_hours: '24',
        mean_tracking_upload_hours: '4',
      };
      const worst: Record<RatingFactor, Partial<typeof perfect>> = {
        fillRate: { fill_rate: '0' },
        onTime: { on_time_ship_rate: '0' },
        acceptance: { acceptance_rate: '0' },
        noCancellation: { cancellation_rate: '1' },
        handling: { mean_handling_hours: '120' },
        trackingUpload: { mean_tracking_upload_hours: '48' },
      };
      const rate = async (metrics: Record<string, string | number | null>, minOrders = 5) => {
        const m = { ...perfect, ...metrics };
        const { rows } = await sql<{ rating: string }>`
          SELECT ${ratingSql(minOrders)} AS rating FROM (SELECT
            ${m.orders_count}::int AS orders_count, ${m.fill_rate}::numeric AS fill_rate,
            ${m.on_time_ship_rate}::numeric AS on_time_ship_rate, ${m.acceptance_rate}::numeric AS acceptance_rate,
            ${m.cancellation_rate}::numeric AS cancellation_rate, ${m.mean_handling_hours}::numeric AS mean_handling_hours,
            ${m.mean_tracking_upload_hours}::numeric AS mean_tracking_upload_hours) x`.execute(database.db);
        return rows[0]!.rating;
      };

      it('a perfect supplier is rated 5.00', async () => {
        expect(await rate({})).toBe('5.00');
      });

      const expected: Record<RatingFactor, string> = {
        fillRate: '3.50',
        onTime: '3.75',
        acceptance: '4.25',
        noCancellation: '4.25',
        handling: '4.50',
        trackingUpload: '4.75',
      };
      for (const factor of Object.keys(RATING_WEIGHTS) as RatingFactor[]) {
        it(`${factor} weighs ${RATING_WEIGHTS[factor]}: its worst score alone takes ${RATING_WEIGHTS[factor]} x 5 off`, async () => {
          expect(await rate(worst[factor])).toBe(expected[factor]);
          expect(5 - 5 * Number(RATING_WEIGHTS[factor])).toBeCloseTo(Number(expected[factor]), 10);
        });
      }

      it('the weights add up to 1, and a metric without data leaves its weight out', async () => {
        expect(Object.values(RATING_WEIGHTS).reduce((s, w) => s + Number(w), 0)).toBeCloseTo(1, 10);
        // no tracking yet (its 0.05 left out), nothing filled: 5 x 0.65 / 0.95
        expect(await rate({ mean_tracking_upload_hours: null, fill_rate: '0' })).toBe('3.42');
        // halfway on the handling scale: 72 h scores 0.5
        expect(await rate({ mean_handling_hours: '72' })).toBe('4.75');
      });

      it('under the minimum, or with no metric known, the rating is neutral', async () => {
        expect(await rate({ orders_count: 4, fill_rate: '0' })).toBe(NEUTRAL_RATING);
        expect(
          await rate({
            fill_rate: null,
            on_time_ship_rate: null,
            acceptance_rate: null,
            cancellation_rate: null,
            mean_handling_hours: null,
            mean_tracking_upload_hours: null,
          }),
        ).toBe(NEUTRAL_RATING);
      });
    });
  });
}
