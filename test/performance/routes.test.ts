/**
 * The performance and alarm routes on both backends: recompute on demand, every supplier side
 * by side and sorted, one supplier's figures with the orders behind them (paged), bad periods
 * named, staff only; the routing floor skipping a supplier with its reason at order time; the
 * alarms listed, filtered, evaluated and acknowledged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, placeOrder, product } from '../support/dropship.js';
import { databaseNow, handOrders, handSupplier, periodRowsFor } from '../support/performance.js';

for (const backend of backends) {
  describe(`performance and alarm routes on ${backend}`, () => {
    let t: TestApp;
    let good: { supplierId: number; productId: number };
    let poor: { supplierId: number; productId: number };
    /** Rows one supplier's recompute writes: 7d, 30d, 90d and every calendar month (UTC) it has orders in. */
    let goodRows = 0;
    let poorRows = 0;
    beforeAll(async () => {
      t = await testApp(backend, {
        config: {
          performance: { recomputeCron: null, minOrders: 2 },
          routing: { ratingFloor: '2.00' },
          alerts: { submitMinutes: 30, ackHours: 24, trackingDays: 2, reservationDays: 7 },
        },
      });
      const db = t.database.db;
      const now = await databaseNow(db);
      goodRows = periodRowsFor(now, [50, 40, 2]);
      poorRows = periodRowsFor(now, [50, 40, 30]);
      good = await handSupplier(db, 'GOODCO');
      poor = await handSupplier(db, 'POORCO');
      await handOrders(db, good, now, [
        { status: 'shipped', created: 50, submitted: 49, acknowledged: 48, shipped: 25, shipBy: 30, trackingAfter: 1 },
        { status: 'shipped', created: 40, submitted: 39, acknowledged: 38, shipped: 15, shipBy: 5, trackingAfter: 1 },
        { status: 'submitted', created: 2, submitted: 1, shipBy: -20 },
      ]);
      // Rejected twice and once cancelled by itself: rated far under the floor.
      await handOrders(db, poor, now, [
        { status: 'rejected', created: 50 },
        { status: 'rejected', created: 40 },
        { status: 'cancelled', created: 30, submitted: 29, cancelled: 20 },
      ]);
    }, 180_000);
    afterAll(async () => t?.close());

    it('recomputes on demand for staff only, for every supplier or one that exists', async () => {
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/performance/recompute' });
      expect(anonymous.statusCode).toBe(401);
      const one = await t.app.inject({
        method: 'POST',
        url: `/api/performance/recompute?supplierId=${good.supplierId}`,
        headers: t.staff,
      });
      expect(one.statusCode).toBe(200);
      expect(one.json().rows).toBe(goodRows);
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/performance/recompute?supplierId=999999',
        headers: t.staff,
      });
      expect(missing.statusCode).toBe(404);
      const all = await t.app.inject({ method: 'POST', url: '/api/performance/recompute', headers: t.admin });
      expect(all.statusCode).toBe(200);
      expect(all.json()).toEqual({ rows: goodRows + poorRows, ms: expect.any(Number) });
      const full = await t.app.inject({
        method: 'POST',
        url: `/api/performance/recompute?supplierId=${good.supplierId}&full=true`,
        headers: t.staff,
      });
      expect([full.statusCode, full.json().rows]).toEqual([200, goodRows]);
      const unclear = await t.app.inject({
        method: 'POST',
        url: '/api/performance/recompute?full=maybe',
        headers: t.staff,
      });
      expect(unclear.statusCode).toBe(400);
      expect(unclear.json().error.details[0]).toMatchObject({ path: '/full' });
    });

    it('lists every supplier side by side, sorted as asked', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/performance?period=7d&sort=rating',
        headers: t.staff,
      });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { code: string; rating: string; rated: boolean; ordersCount: number }[];
      expect(items.map((i) => i.code)).toEqual(['GOODCO', 'POORCO']);
      expect(items[1]).toMatchObject({ code: 'POORCO', rated: true, ordersCount: 3 });
      expect(Number(items[1]!.rating)).toBeLessThan(2);
      const ascending = await t.app.inject({
        method: 'GET',
        url: '/api/performance?period=7d&sort=rating&order=asc',
        headers: t.staff,
      });
      expect(ascending.json().items.map((i: { code: string }) => i.code)).toEqual(['POORCO', 'GOODCO']);
      const byCode = await t.app.inject({
        method: 'GET',
        url: '/api/performance?sort=code&order=asc',
        headers: t.staff,
      });
      expect(byCode.json().items.map((i: { period: { label: string } }) => i.period.label)).toEqual(['30d', '30d']);
    });

    it("shows one supplier's figures with the supplier orders behind them, a page at a time", async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/suppliers/${good.supplierId}/performance?period=7d&limit=2`,
        headers: t.staff,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.performance).toMatchObject({
        code: 'GOODCO',
        period: { kind: 'rolling', label: '7d' },
        ordersCount: 3,
        fillRate: '1.0000',
        onTimeShipRate: '0.5000', // the oldest shipped 5 h after its ship-by time
        meanHandlingHours: '24.00',
        meanTrackingUploadHours: '1.00',
        rated: true,
      });
      expect(body.orders.total).toBe(3);
      expect(body.orders.items).toHaveLength(2);
      expect(body.orders.items[0]).toMatchObject({ status: 'submitted', onTime: null, handlingHours: null });
      expect(body.orders.items[1]).toMatchObject({
        status: 'shipped',
        onTime: true,
        handlingHours: '24.00',
        trackingUploadHours: '1.00',
      });
      const next = await t.app.inject({
        method: 'GET',
        url: `/api/suppliers/${good.supplierId}/performance?period=7d&limit=2&offset=2`,
        headers: t.staff,
      });
      expect(next.json().orders.items).toMatchObject([{ status: 'shipped', onTime: false }]);
    });

    it('names a bad period, and says when nothing is computed for one', async () => {
      const bad = await t.app.inject({
        method: 'GET',
        url: `/api/suppliers/${good.supplierId}/performance?period=14d`,
        headers: t.staff,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0]).toMatchObject({ path: '/period' });
      const garbage = await t.app.inject({ method: 'GET', url: '/api/performance?period=last-week', headers: t.staff });
      expect(garbage.statusCode).toBe(400);
      expect(JSON.stringify(garbage.json().error.details)).toContain('period');
      const empty = await t.app.inject({
        method: 'GET',
        url: `/api/suppliers/${good.supplierId}/performance?period=2001-01`,
        headers: t.staff,
      });
      expect(empty.statusCode).toBe(404);
      expect(empty.json().error.message).toContain('jne performance recompute');
    });

    it('routing skips the supplier rated under the floor, with the reason, even when it is cheaper', async () => {
      const db = t.database.db;
      const p = await product(db, 'FLOORED');
      await offer(db, poor.supplierId, p, '4.00', 10);
      await offer(db, good.supplierId, p, '5.00', 10);
      const preview = await t.app.inject({
        method: 'POST',
        url: '/api/orders/route-preview',
        headers: t.staff,
        payload: { items: [{ sku: 'FLOORED', quantity: 1 }] },
      });
      const line = preview.json().lines[0];
      expect(line.allocations).toMatchObject([{ source: 'GOODCO' }]);
      const poorView = line.candidates.find((c: { source: string }) => c.source === 'POORCO');
      expect(poorView.rejected).toMatch(/^rated \d\.\d\d over 30 days, under the rating floor 2\.00$/);
      const placed = await placeOrder(t.app, [{ sku: 'FLOORED', quantity: 1 }]);
      expect(placed.statusCode).toBe(201);
      const sent = await db
        .selectFrom('supplier_orders as so')
        .innerJoin('orders as o', 'o.id', 'so.order_id')
        .select('so.supplier_id')
        .where('o.order_number', '=', placed.json().number)
        .execute();
      expect(sent).toEqual([{ supplier_id: good.supplierId }]);
    });

    it('evaluates, lists, filters and acknowledges the alarms', async () => {
      const evaluated = await t.app.inject({ method: 'POST', url: '/api/alerts/evaluate', headers: t.staff });
      expect(evaluated.statusCode).toBe(200);
      expect(evaluated.json()).toMatchObject({ opened: 1, resolved: 0 });
      const open = await t.app.inject({ method: 'GET', url: '/api/alerts', headers: t.staff });
      expect(open.json()).toMatchObject({ total: 1, items: [{ rule: 'rating_under_floor', supplierCode: 'POORCO' }] });
      const id = open.json().items[0].id as number;
      const filtered = await t.app.inject({ method: 'GET', url: '/api/alerts?rule=dispatch_failed', headers: t.staff });
      expect(filtered.json()).toEqual({ items: [], total: 0 });
      const ack = await t.app.inject({ method: 'POST', url: `/api/alerts/${id}/ack`, headers: t.staff });
      expect(ack.statusCode).toBe(200);
      expect(ack.json()).toMatchObject({ id, acknowledgedBy: 'test staff', resolvedAt: null });
      const unacked = await t.app.inject({ method: 'GET', url: '/api/alerts?acknowledged=false', headers: t.staff });
      expect(unacked.json().total).toBe(0);
      expect((await t.app.inject({ method: 'POST', url: '/api/alerts/999999/ack', headers: t.staff })).statusCode).toBe(
        404,
      );
      expect((await t.app.inject({ method: 'GET', url: '/api/alerts' })).statusCode).toBe(401);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/alerts?state=everything', headers: t.staff })).statusCode,
      ).toBe(400);
    });
  });
}
