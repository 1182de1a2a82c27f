/**
 * An operator cancels one supplier order (POST /api/supplier-orders/:id/cancel) through the state
 * machine, and the work queue: supplier orders of one customer order, sorted, and the counts per
 * supplier and status; on every backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

for (const backend of backends) {
  describe(`cancelling a supplier order on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
    }, 180_000);
    afterAll(() => t?.close());

    const cancel = (id: number, headers = t.staff) =>
      t.app.inject({ method: 'POST', url: `/api/supplier-orders/${id}/cancel`, headers });
    const events = async (id: number) =>
      (await t.app.inject({ url: `/api/supplier-orders/${id}/events`, headers: t.staff })).json().items as {
        from: string;
        to: string;
        source: string;
        applied: boolean;
        actor: string | null;
        reason: string | null;
      }[];
    const orderStatus = async (number: string) =>
      (await t.app.inject({ url: `/api/orders/${number}`, headers: t.staff })).json().status as string;

    it('cancels one not yet sent at once, logs who did it, and refuses a second time with the reason', async () => {
      const so = await placeSupplierOrder(t, 'CXL');
      const res = await cancel(so.supplierOrderId);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: so.supplierOrderId, from: 'pending', to: 'cancelled' });
      expect(await events(so.supplierOrderId)).toEqual([
        expect.objectContaining({
          from: 'pending',
          to: 'cancelled',
          source: 'operator',
          applied: true,
          actor: 'test staff',
          reason: 'cancelled by an operator',
        }),
      ]);
      // The customer order keeps its status until an operator re-routes its lines or cancels it.
      expect(await orderStatus(so.orderNumber)).toBe('confirmed');

      const again = await cancel(so.supplierOrderId);
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({
        code: 'supplier_order_status',
        message: 'a cancelled supplier order cannot become cancelled (cancelled is final)',
      });
      expect((await events(so.supplierOrderId)).map((e) => e.applied)).toEqual([true, false]);
    });

    it('asks the supplier to cancel one it already has: cancel_requested, with the note to tell it by hand', async () => {
      const so = await placeSupplierOrder(t, 'CXL');
      await t.database.db
        .transaction()
        .execute((trx) =>
          transitionSupplierOrder(trx, { supplierOrderId: so.supplierOrderId, to: 'submitted', source: 'system' }),
        );
      const res = await cancel(so.supplierOrderId);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ from: 'submitted', to: 'cancel_requested' });
      const history = await events(so.supplierOrderId);
      expect(history.map((e) => [e.from, e.to, e.applied])).toEqual([
        ['pending', 'submitted', true],
        ['submitted', 'cancel_requested', true],
        ['cancel_requested', 'cancel_requested', false],
      ]);
      expect(history[2]!.reason).toContain('tell it by hand that the order is cancelled');
    });

    it('refuses a shipped one, an unknown one, and a caller without a token', async () => {
      const so = await placeSupplierOrder(t, 'CXL');
      const mark = await t.app.inject({
        method: 'POST',
        url: `/api/supplier-orders/${so.supplierOrderId}/mark`,
        headers: t.staff,
        payload: { status: 'submitted' },
      });
      expect(mark.statusCode, mark.body).toBe(200);
      const shipped = await t.app.inject({
        method: 'POST',
        url: `/api/supplier-orders/${so.supplierOrderId}/mark`,
        headers: t.staff,
        payload: { status: 'shipped', shipment: { carrier: 'DHL', trackingNumber: 'CXL-1' } },
      });
      expect(shipped.statusCode, shipped.body).toBe(200);
      const res = await cancel(so.supplierOrderId);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe(
        'a shipped supplier order cannot become cancelled (from shipped only: delivered)',
      );
      expect((await cancel(999_999)).statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/supplier-orders/${so.supplierOrderId}/cancel` })).statusCode,
      ).toBe(401);
    });

    it('lists the supplier orders of one customer order, with the supplier id and tracking, in any sort', async () => {
      const first = await placeSupplierOrder(t, 'QUEUE-B');
      const second = await placeSupplierOrder(t, 'QUEUE-A');
      const page = async (query: string) => {
        const res = await t.app.inject({ url: `/api/supplier-orders?${query}`, headers: t.staff });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as {
          items: { id: number; supplierId: number; supplierCode: string; trackingUrl: null }[];
          total: number;
        };
      };
      const one = await page(`orderNumber=${first.orderNumber}`);
      expect(one.total).toBe(1);
      expect(one.items[0]).toMatchObject({
        id: first.supplierOrderId,
        supplierId: first.supplierId,
        trackingUrl: null,
      });
      expect((await page('orderNumber=JNE-0000-000000')).total).toBe(0);

      const codes = (await page('sort=supplier&limit=100')).items.map((i) => i.supplierCode);
      expect(codes).toEqual([...codes].sort());
      const ids = (await page('sort=created_at&limit=100')).items.map((i) => i.id);
      expect(ids.indexOf(first.supplierOrderId)).toBeLessThan(ids.indexOf(second.supplierOrderId));
      const newest = (await page('limit=1')).items[0]!;
      expect(newest.id).toBe(second.supplierOrderId);
      const unknown = await t.app.inject({ url: '/api/supplier-orders?sort=price', headers: t.staff });
      expect(unknown.statusCode).toBe(400);
    });

    it('counts the supplier orders of each supplier in each status', async () => {
      const so = await placeSupplierOrder(t, 'COUNTED');
      await placeSupplierOrder(t, 'COUNTED');
      expect((await cancel(so.supplierOrderId)).statusCode).toBe(200);
      const res = await t.app.inject({ url: '/api/supplier-orders/counts', headers: t.staff });
      expect(res.statusCode).toBe(200);
      const counted = (res.json().items as { supplierCode: string; status: string; count: number }[]).filter(
        (c) => c.supplierCode === 'COUNTED',
      );
      expect(counted).toEqual([
        expect.objectContaining({ supplierId: so.supplierId, status: 'cancelled', count: 1 }),
        expect.objectContaining({ supplierId: so.supplierId, status: 'pending', count: 1 }),
      ]);
      expect((await t.app.inject({ url: '/api/supplier-orders/counts' })).statusCode).toBe(401);
    });
  });
}
