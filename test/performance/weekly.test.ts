/** Supplier performance per week for the console's charts, on each backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { databaseNow, handOrders, handSupplier, hoursAgo } from '../support/performance.js';

/** The Monday (UTC) of the week a moment falls in, YYYY-MM-DD. */
function mondayOf(moment: Date): string {
  const day = new Date(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

for (const backend of backends) {
  describe(`weekly supplier performance on ${backend}`, () => {
    let t: TestApp;
    let now: Date;
    let good: { supplierId: number; productId: number };
    beforeAll(async () => {
      t = await testApp(backend);
      const db = t.database.db;
      now = await databaseNow(db);
      good = await handSupplier(db, 'GOODCO');
      const gone = await handSupplier(db, 'GONECO');
      await db.updateTable('suppliers').set({ status: 'archived' }).where('id', '=', gone.supplierId).execute();
      await handOrders(db, good, now, [
        // three weeks ago: on time, 24 h handling
        { status: 'shipped', created: 500, submitted: 499, shipped: 475, shipBy: 470 },
        // yesterday: late, 24 h handling
        { status: 'shipped', created: 30, submitted: 29, shipped: 5, shipBy: 10 },
        // never sent: not counted
        { status: 'pending', created: 20 },
      ]);
    }, 120_000);
    afterAll(async () => t?.close());

    it('gives every listed supplier the same weeks, with figures where orders were sent', async () => {
      const res = await t.app.inject({ url: '/api/performance/weekly?weeks=5', headers: t.staff });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.weeks).toHaveLength(5);
      expect(body.weeks[4]).toBe(mondayOf(now));
      expect(body.items.map((i: { code: string }) => i.code)).toEqual(['GOODCO']);
      const weeks = body.items[0].weeks as { week: string; orders: number }[];
      expect(weeks.map((w) => w.week)).toEqual(body.weeks);

      const early = mondayOf(hoursAgo(now, 500)!);
      const late = mondayOf(hoursAgo(now, 30)!);
      const expected = new Map<string, object>([
        [early, { orders: 1, onTimeShipRate: '1.0000', meanHandlingHours: '24.00' }],
        [late, { orders: 1, onTimeShipRate: '0.0000', meanHandlingHours: '24.00' }],
      ]);
      for (const w of weeks) {
        expect(w).toEqual({
          week: w.week,
          ...(expected.get(w.week) ?? { orders: 0, onTimeShipRate: null, meanHandlingHours: null }),
        });
      }
      expect(weeks.reduce((n, w) => n + w.orders, 0)).toBe(2);
    });

    it('shows one supplier, refuses an unknown one and a bad number of weeks', async () => {
      const one = await t.app.inject({
        url: `/api/performance/weekly?weeks=1&supplierId=${good.supplierId}`,
        headers: t.staff,
      });
      expect(one.json().items).toHaveLength(1);
      expect(one.json().weeks).toEqual([mondayOf(now)]);
      const unknown = await t.app.inject({ url: '/api/performance/weekly?supplierId=999999', headers: t.staff });
      expect(unknown.statusCode).toBe(404);
      const bad = await t.app.inject({ url: '/api/performance/weekly?weeks=0', headers: t.staff });
      expect(bad.statusCode).toBe(400);
      expect((await t.app.inject({ url: '/api/performance/weekly' })).statusCode).toBe(401);
    });
  });
}
