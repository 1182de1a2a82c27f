/**
 * Supplier webhooks (DESIGN §7) on both backends, sent by the supplier simulator as real signed
 * HTTP requests to the listening app: acknowledgement, partial and full shipments with tracking,
 * delivery, duplicates without a second effect, late events refused and logged, and bad input
 * answered 401/400 with nothing written.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchSupplierOrder } from '../../src/fulfillment/dispatch/dispatch.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { connectToSim, testDispatchSettings } from '../support/dispatch.js';
import { sim } from '../support/sim.js';
import { placeSupplierOrder, type PlacedSupplierOrder } from '../support/supplier-orders.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';

const SECRET = 'whsec-test-1';

for (const backend of backends) {
  describe(`supplier webhooks on ${backend}`, () => {
    let t: TestApp;
    let s: RunningSim;
    let appUrl: string;
    let suppliers = 0;
    // A new database with every migration (and the job queue): minutes on a busy machine.
    beforeAll(async () => {
      t = await testApp(backend);
      appUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    }, 180_000);
    afterAll(async () => {
      await s?.close();
      await t?.close();
    });

    /** A new supplier at a new simulator that signs with SECRET, and one submitted order of 3 + 2 units. */
    async function submitted(shipAfterSeconds?: number): Promise<PlacedSupplierOrder & { code: string }> {
      await s?.close();
      suppliers += 1;
      const code = `HOOK${suppliers}`;
      s = await sim({
        webhookUrl: `${appUrl}/api/webhooks/suppliers/${code}`,
        webhookSecret: SECRET,
        shipAfterSeconds,
      });
      const placed = await placeSupplierOrder(t, code, {}, [3, 2]);
      const db = t.database.db;
      await connectToSim(db, t.secrets.credentialsKey, placed.supplierId, s.url, { webhookSecret: SECRET });
      const deps = {
        db,
        credentialsKey: t.secrets.credentialsKey,
        settings: testDispatchSettings,
        syncOrder: rollUpOrderStatus,
      };
      expect(await dispatchSupplierOrder(deps, placed.supplierOrderId)).toMatchObject({ outcome: 'submitted' });
      return { ...placed, code };
    }
    const send = async (event: Record<string, unknown>) => {
      const res = await fetch(`${s.url}/_sim/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      const delivery = (await res.json()) as { status: number; body: string };
      return { status: delivery.status, body: JSON.parse(delivery.body) as Record<string, unknown> };
    };
    const order = (id: number) =>
      t.database.db.selectFrom('supplier_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const skus = async (id: number) =>
      (
        await t.database.db
          .selectFrom('supplier_order_items')
          .select('supplier_sku')
          .where('supplier_order_id', '=', id)
          .orderBy('id')
          .execute()
      ).map((r) => r.supplier_sku);
    /** The totals the order row carries, and the same summed from its items and parcels. */
    const totals = async (id: number) => {
      const { rows } = await sql<Record<string, string>>`
        SELECT so.units_ordered::text, so.units_shipped::text, so.tracked_parcels::text,
               round(so.tracking_hours, 6)::text AS tracking_hours,
               (SELECT sum(quantity) FROM supplier_order_items WHERE supplier_order_id = so.id)::text AS items_ordered,
               (SELECT sum(quantity_shipped) FROM supplier_order_items WHERE supplier_order_id = so.id)::text AS items_shipped,
               (SELECT count(*) FROM supplier_shipments WHERE supplier_order_id = so.id AND tracking_number IS NOT NULL)::text
                 AS parcels,
               (SELECT round(coalesce(sum(extract(epoch FROM created_at - shipped_at) / 3600), 0), 6)
                  FROM supplier_shipments WHERE supplier_order_id = so.id AND tracking_number IS NOT NULL)::text AS hours
          FROM supplier_orders so WHERE so.id = ${id}`.execute(t.database.db);
      const r = rows[0]!;
      expect([r.units_ordered, r.units_shipped, r.tracked_parcels, r.tracking_hours]).toEqual([
        r.items_ordered,
        r.items_shipped,
        r.parcels,
        r.hours,
      ]);
      return { ordered: Number(r.units_ordered), shipped: Number(r.units_shipped), parcels: Number(r.tracked_parcels) };
    };
    const receipts = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM supplier_webhook_receipts`.execute(t.database.db))
        .rows[0]!.n;

    it('acknowledgement, a partial shipment, the rest, delivery: each applied, stored and logged', async () => {
      const so = await submitted();
      // The simulator acknowledges by itself, right after taking the order.
      await expect
        .poll(async () => (await order(so.supplierOrderId)).status, { timeout: 10_000, interval: 100 })
        .toBe('acknowledged');
      const sku = await skus(so.supplierOrderId);

      const partial = await send({
        type: 'order.shipped',
        reference: so.reference,
        shipment: {
          carrier: 'DHL',
          trackingNumber: 'T-1',
          trackingUrl: 'https://track.example/T-1',
          lines: [{ supplierSku: sku[0], quantity: 2 }],
        },
      });
      expect(partial).toEqual({ status: 200, body: { applied: true } });
      expect((await order(so.supplierOrderId)).status).toBe('partially_shipped');
      expect(await totals(so.supplierOrderId)).toEqual({ ordered: 5, shipped: 2, parcels: 1 });

      const rest = await send({
        type: 'order.shipped',
        reference: so.reference,
        shipment: { carrier: 'DHL', trackingNumber: 'T-2' },
      });
      expect(rest).toEqual({ status: 200, body: { applied: true } });
      const delivered = await send({ type: 'order.delivered', reference: so.reference });
      expect(delivered).toEqual({ status: 200, body: { applied: true } });

      const row = await order(so.supplierOrderId);
      expect(row).toMatchObject({ status: 'delivered', carrier: 'DHL', tracking_number: 'T-2' });
      expect(row.external_reference).toMatch(/^SIM-/);
      const shipments = await t.database.db
        .selectFrom('supplier_shipments')
        .select(['carrier', 'tracking_number', 'tracking_url', 'lines', 'source'])
        .where('supplier_order_id', '=', so.supplierOrderId)
        .orderBy('id')
        .execute();
      expect(shipments).toEqual([
        {
          carrier: 'DHL',
          tracking_number: 'T-1',
          tracking_url: 'https://track.example/T-1',
          lines: [{ supplierSku: sku[0], quantity: 2 }],
          source: 'webhook',
        },
        {
          carrier: 'DHL',
          tracking_number: 'T-2',
          tracking_url: null,
          lines: [
            { supplierSku: sku[0], quantity: 1 },
            { supplierSku: sku[1], quantity: 2 },
          ],
          source: 'webhook',
        },
      ]);
      const items = await t.database.db
        .selectFrom('supplier_order_items')
        .select(['quantity', 'quantity_shipped'])
        .where('supplier_order_id', '=', so.supplierOrderId)
        .orderBy('id')
        .execute();
      expect(items).toEqual([
        { quantity: 3, quantity_shipped: 3 },
        { quantity: 2, quantity_shipped: 2 },
      ]);
      expect(await totals(so.supplierOrderId)).toEqual({ ordered: 5, shipped: 5, parcels: 2 });
      const events = await supplierOrderEvents(t.database.db, so.supplierOrderId);
      expect(events.map((e) => [e.from, e.to, e.source, e.applied])).toEqual([
        ['pending', 'submitted', 'api', true],
        ['submitted', 'acknowledged', 'webhook', true],
        ['acknowledged', 'partially_shipped', 'webhook', true],
        ['partially_shipped', 'shipped', 'webhook', true],
        ['shipped', 'delivered', 'webhook', true],
      ]);
      expect(events[1]).toMatchObject({ actor: so.code, payload: { type: 'order.accepted', reference: so.reference } });
    });

    it('a repeated event id is answered applied:false with no second effect; a late event is refused and logged', async () => {
      const so = await submitted();
      await expect
        .poll(async () => (await order(so.supplierOrderId)).status, { timeout: 10_000, interval: 100 })
        .toBe('acknowledged');
      const shipped = {
        id: 'evt-ship-1',
        type: 'order.shipped',
        reference: so.reference,
        shipment: { carrier: 'UPS', trackingNumber: 'U-1' },
      };
      expect(await send(shipped)).toEqual({ status: 200, body: { applied: true } });
      expect(await send(shipped)).toEqual({
        status: 200,
        body: { applied: false, reason: 'event evt-ship-1 was already received' },
      });
      expect(
        await t.database.db
          .selectFrom('supplier_shipments')
          .select('id')
          .where('supplier_order_id', '=', so.supplierOrderId)
          .execute(),
      ).toHaveLength(1);
      expect(await totals(so.supplierOrderId)).toEqual({ ordered: 5, shipped: 5, parcels: 1 });

      const late = await send({ type: 'order.accepted', reference: so.reference });
      expect(late).toEqual({
        status: 200,
        body: {
          applied: false,
          reason: 'a shipped supplier order cannot become acknowledged (from shipped only: delivered)',
        },
      });
      expect((await order(so.supplierOrderId)).status).toBe('shipped');
      const last = (await supplierOrderEvents(t.database.db, so.supplierOrderId)).at(-1)!;
      expect(last).toMatchObject({ from: 'shipped', to: 'acknowledged', source: 'webhook', applied: false });

      expect(await send({ type: 'order.delivered', reference: 'no-such-reference' })).toEqual({
        status: 200,
        body: { applied: false, reason: `no supplier order of ${so.code} has the reference no-such-reference` },
      });
    });

    it('bad or missing signature, a stale timestamp, an unknown supplier: the same 401 and nothing written', async () => {
      const so = await submitted();
      await expect
        .poll(async () => (await order(so.supplierOrderId)).status, { timeout: 10_000, interval: 100 })
        .toBe('acknowledged');
      const before = await receipts();
      const event = { type: 'order.delivered', reference: so.reference };
      const wrong = await send({ ...event, secret: 'not-the-secret' });
      const stale = await send({ ...event, timestamp: Math.floor(Date.now() / 1000) - 301 });
      expect(wrong).toEqual({
        status: 401,
        body: {
          error: {
            code: 'unauthenticated',
            message: 'Missing or invalid webhook signature',
          },
        },
      });
      expect(stale).toEqual(wrong);

      const body = JSON.stringify({
        id: 'e1',
        type: 'order.delivered',
        reference: so.reference,
        occurredAt: new Date().toISOString(),
      });
      const t0 = Math.floor(Date.now() / 1000);
      const signed = `t=${t0},v1=${createHmac('sha256', SECRET).update(`${t0}.${body}`).digest('hex')}`;
      const post = (code: string, headers: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `/api/webhooks/suppliers/${code}`,
          headers: { 'content-type': 'application/json', ...headers },
          payload: body,
        });
      const unknown = await post('NOBODY', { 'x-jne-signature': signed });
      const missing = await post(so.code, {});
      expect([unknown.statusCode, missing.statusCode]).toEqual([401, 401]);
      expect(unknown.json()).toEqual(wrong.body);
      expect(missing.json()).toEqual(wrong.body);
      expect(await receipts()).toBe(before);
      expect((await order(so.supplierOrderId)).status).toBe('acknowledged');
      // The same body correctly signed is taken.
      expect((await post(so.code, { 'x-jne-signature': signed })).json()).toEqual({
        applied: false,
        reason:
          'a acknowledged supplier order cannot become delivered (from acknowledged only: partially_shipped, shipped, cancel_requested, cancelled)',
      });
    });

    it('a malformed event is a 400 naming the field, and writes nothing', async () => {
      const so = await submitted();
      const sku = await skus(so.supplierOrderId);
      await expect
        .poll(async () => (await order(so.supplierOrderId)).status, { timeout: 10_000, interval: 100 })
        .toBe('acknowledged');
      const before = await receipts();
      const noTracking = await send({ type: 'order.shipped', reference: so.reference, shipment: { carrier: 'DHL' } });
      expect(noTracking.status).toBe(400);
      expect(noTracking.body).toMatchObject({
        error: { code: 'invalid_input', details: [{ path: '/shipment/trackingNumber', message: 'is required' }] },
      });
      const badType = await send({ type: 'order.lost', reference: so.reference });
      expect(badType.body).toMatchObject({ error: { details: [{ path: '/type' }] } });
      const tooMany = await send({
        type: 'order.shipped',
        reference: so.reference,
        shipment: { carrier: 'DHL', trackingNumber: 'X', lines: [{ supplierSku: sku[1], quantity: 9 }] },
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toMatchObject({ error: { details: [{ path: '/shipment/lines/0/quantity' }] } });
      const notJson = await send({ type: 'order.accepted', reference: so.reference, rawBody: '{"id": "x", ' });
      expect(notJson.status).toBe(400);
      expect(notJson.body).toMatchObject({
        error: { details: [{ path: '/', message: 'the body is not valid JSON' }] },
      });
      expect(await receipts()).toBe(before);
      expect(
        await t.database.db
          .selectFrom('supplier_shipments')
          .select('id')
          .where('supplier_order_id', '=', so.supplierOrderId)
          .execute(),
      ).toEqual([]);
    });

    it('the simulator on its own: accepted, shipped with a tracking number, delivered', async () => {
      const so = await submitted(0);
      await expect
        .poll(async () => (await order(so.supplierOrderId)).status, { timeout: 15_000, interval: 100 })
        .toBe('delivered');
      const row = await order(so.supplierOrderId);
      expect(row).toMatchObject({ carrier: 'SIM Parcel', tracking_number: expect.stringMatching(/^SIM\d+$/) });
      expect(row.delivered_at).toBeInstanceOf(Date);
    });
  });
}
