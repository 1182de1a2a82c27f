/**
 * Operators mark supplier orders by hand (POST /api/supplier-orders/:id/mark) on both backends:
 * every mark an operator makes, through the state machine, logged with source operator and the
 * staff token as actor; a refused mark is a 409 with the explanation (and stays in the log); a
 * shipment without its tracking is a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

for (const backend of backends) {
  describe(`supplier order marks on ${backend}`, () => {
    let t: TestApp;
    // A new database with every migration: minutes on a busy machine.
    beforeAll(async () => {
      t = await testApp(backend);
    }, 180_000);
    afterAll(async () => t?.close());

    const mark = (id: number, payload: Record<string, unknown>, headers = t.staff) =>
      t.app.inject({ method: 'POST', url: `/api/supplier-orders/${id}/mark`, headers, payload });
    const row = (id: number) =>
      t.database.db.selectFrom('supplier_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const customerStatus = async (number: string) =>
      (
        await t.database.db
          .selectFrom('orders')
          .select('status')
          .where('order_number', '=', number)
          .executeTakeFirstOrThrow()
      ).status;

    it("takes a manual supplier's order from submitted (its reference) through a partial and full shipment to delivered", async () => {
      const so = await placeSupplierOrder(t, 'MANUAL', { method: 'manual' }, [3, 1]);
      const id = so.supplierOrderId;
      const [sku1] = (
        await t.database.db
          .selectFrom('supplier_order_items')
          .select('supplier_sku')
          .where('supplier_order_id', '=', id)
          .orderBy('id')
          .execute()
      ).map((r) => r.supplier_sku);

      let res = await mark(id, { status: 'submitted', externalReference: 'MAN-778', note: 'phoned in to Anna' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ id, from: 'pending', to: 'submitted', eventId: expect.any(Number) });
      expect(await row(id)).toMatchObject({ status: 'submitted', external_reference: 'MAN-778' });
      expect((await row(id)).submitted_at).toBeInstanceOf(Date);
      expect(await customerStatus(so.orderNumber)).toBe('processing');

      res = await mark(id, { status: 'acknowledged' });
      expect(res.json()).toMatchObject({ from: 'submitted', to: 'acknowledged' });

      // Shipped needs its parcel, with tracking: a 400 that names the field, nothing changed.
      res = await mark(id, { status: 'shipped' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([
        { path: '/shipment', message: expect.stringContaining('carrier and trackingNumber') },
      ]);
      res = await mark(id, { status: 'shipped', shipment: { carrier: 'DHL' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].path).toBe('/shipment/trackingNumber');
      res = await mark(id, {
        status: 'shipped',
        shipment: { carrier: 'DHL', trackingNumber: 'J1', trackingUrl: 'javascript:alert(1)' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].path).toBe('/shipment/trackingUrl');
      res = await mark(id, {
        status: 'shipped',
        shipment: { carrier: 'DHL', trackingNumber: 'J1', lines: [{ supplierSku: sku1, quantity: 2 }] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].path).toBe('/shipment/lines');
      expect((await row(id)).status).toBe('acknowledged');

      res = await mark(id, {
        status: 'partially_shipped',
        shipment: {
          carrier: 'DHL',
          trackingNumber: 'J1',
          trackingUrl: 'https://track.example/J1',
          shippedAt: '2026-11-28T12:00:00Z',
          lines: [{ supplierSku: sku1, quantity: 2 }],
        },
      });
      expect(res.json()).toMatchObject({ from: 'acknowledged', to: 'partially_shipped' });
      expect(await customerStatus(so.orderNumber)).toBe('partially_shipped');

      res = await mark(id, { status: 'shipped', shipment: { carrier: 'GLS', trackingNumber: 'G2' } });
      expect(res.json()).toMatchObject({ from: 'partially_shipped', to: 'shipped' });
      const parcels = await t.database.db
        .selectFrom('supplier_shipments')
        .select(['carrier', 'tracking_number', 'tracking_url', 'source', 'lines', 'shipped_at'])
        .where('supplier_order_id', '=', id)
        .orderBy('id')
        .execute();
      expect(parcels.map((p) => [p.carrier, p.tracking_number, p.tracking_url, p.source])).toEqual([
        ['DHL', 'J1', 'https://track.example/J1', 'operator'],
        ['GLS', 'G2', null, 'operator'],
      ]);
      expect(parcels[0]!.shipped_at.toISOString()).toBe('2026-11-28T12:00:00.000Z');
      expect(parcels[1]!.lines).toHaveLength(2);
      expect(await customerStatus(so.orderNumber)).toBe('shipped');

      res = await mark(id, { status: 'delivered' });
      expect(res.json()).toMatchObject({ from: 'shipped', to: 'delivered' });
      expect(await customerStatus(so.orderNumber)).toBe('delivered');

      // A mark the state machine refuses: 409 with its explanation, logged, nothing changed.
      res = await mark(id, { status: 'submitted', externalReference: 'LATE' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'supplier_order_status',
        message: 'a delivered supplier order cannot become submitted (delivered is final)',
      });
      expect(await row(id)).toMatchObject({ status: 'delivered', external_reference: 'MAN-778' });

      const events = await supplierOrderEvents(t.database.db, id);
      expect(events.map((e) => [e.from, e.to, e.source, e.applied, e.actor])).toEqual([
        ['pending', 'submitted', 'operator', true, 'test staff'],
        ['submitted', 'acknowledged', 'operator', true, 'test staff'],
        ['acknowledged', 'partially_shipped', 'operator', true, 'test staff'],
        ['partially_shipped', 'shipped', 'operator', true, 'test staff'],
        ['shipped', 'delivered', 'operator', true, 'test staff'],
        ['delivered', 'submitted', 'operator', false, 'test staff'],
      ]);
      expect(events[0]!.reason).toBe('phoned in to Anna');
      expect(events[5]!.reason).toBe(
        'a delivered supplier order cannot become submitted (delivered is final); given reason: marked submitted by hand',
      );
    });

    it('cancels by hand, refuses a mark from a final status, and needs a staff token and an existing order', async () => {
      const so = await placeSupplierOrder(t, 'MANUAL', { method: 'manual' }, 1);
      expect((await mark(so.supplierOrderId, { status: 'submitted' })).statusCode).toBe(200);
      const res = await mark(so.supplierOrderId, {
        status: 'cancelled',
        note: 'supplier out of stock, confirmed by mail',
      });
      expect(res.json()).toMatchObject({ from: 'submitted', to: 'cancelled' });
      const refused = await mark(so.supplierOrderId, {
        status: 'shipped',
        shipment: { carrier: 'DHL', trackingNumber: 'Z' },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toContain(
        'a cancelled supplier order cannot become shipped (cancelled is final)',
      );
      expect(
        await t.database.db
          .selectFrom('supplier_shipments')
          .select('id')
          .where('supplier_order_id', '=', so.supplierOrderId)
          .execute(),
      ).toEqual([]);
      expect((await mark(so.supplierOrderId, { status: 'acknowledged' }, { authorization: '' })).statusCode).toBe(401);
      expect((await mark(999_999, { status: 'acknowledged' })).statusCode).toBe(404);
      expect((await mark(so.supplierOrderId, { status: 'failed' })).statusCode).toBe(400);
    });
  });
}
