/**
 * The customer order's status follows its parts, on both backends: an order with own stock and
 * two suppliers through partial and full shipments (a tracking file, marks by hand, a signed
 * webhook from the simulator, the own-stock shipment) to delivered; cancelled parts left out;
 * never backwards; every step an order_status_events row with its cause. And the rule itself.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { rolledUpStatus, rollUpOrderStatus, type OrderParts } from '../../src/orders/roll-up.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { connectToSim } from '../support/dispatch.js';
import { offer, placeOrder, product, stock, supplier, warehouse } from '../support/dropship.js';
import { sim } from '../support/sim.js';

describe('the roll-up rule', () => {
  const parts = (p: Partial<OrderParts>): OrderParts => ({
    units: 4,
    shipped: 0,
    ownUnits: 1,
    supplierDelivered: 0,
    supplierUnits: 3,
    underWay: false,
    ...p,
  });
  it('decides from units shipped and delivered', () => {
    expect(rolledUpStatus(parts({}))).toBe('confirmed');
    expect(rolledUpStatus(parts({ underWay: true }))).toBe('processing');
    expect(rolledUpStatus(parts({ shipped: 1 }))).toBe('partially_shipped');
    expect(rolledUpStatus(parts({ shipped: 4 }))).toBe('shipped');
    // Own units have no delivery signal: an operator confirms them.
    expect(rolledUpStatus(parts({ shipped: 4, supplierDelivered: 3 }))).toBe('shipped');
    expect(rolledUpStatus(parts({ units: 3, shipped: 3, ownUnits: 0, supplierDelivered: 3 }))).toBe('delivered');
    expect(rolledUpStatus(parts({ units: 3, shipped: 3, ownUnits: 0, supplierDelivered: 2 }))).toBe('shipped');
    // Every part cancelled: nothing to ship is not "shipped".
    expect(rolledUpStatus(parts({ units: 0, ownUnits: 0, supplierUnits: 0, underWay: false }))).toBe('confirmed');
  });
});

const SECRET = 'whsec-rollup';

for (const backend of backends) {
  describe(`customer order status from its parts on ${backend}`, () => {
    let t: TestApp;
    let s: RunningSim;
    let appUrl: string;
    // A new database with every migration: minutes on a busy machine.
    beforeAll(async () => {
      t = await testApp(backend);
      appUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
      s = await sim({ webhookUrl: `${appUrl}/api/webhooks/suppliers/RU2`, webhookSecret: SECRET });
      const db = t.database.db;
      const inv = await warehouse(db);
      await stock(db, inv, await product(db, 'RU-OWN'), 10);
      const one = await supplier(db, 'RU1');
      const two = await supplier(db, 'RU2');
      await offer(db, one, await product(db, 'RU-A'), '5.00', 100, { sku: 'A-1' });
      await offer(db, two, await product(db, 'RU-B'), '5.00', 100, { sku: 'B-1' });
      await connectToSim(db, t.secrets.credentialsKey, two, s.url, { webhookSecret: SECRET });
    }, 180_000);
    afterAll(async () => {
      await s?.close();
      await t?.close();
    });

    const db = () => t.database.db;
    const place = async (items: { sku: string; quantity: number }[]) => {
      const res = await placeOrder(t.app, items);
      expect(res.statusCode, res.body).toBe(201);
      const number = res.json().number as string;
      const parts = await db()
        .selectFrom('supplier_orders as so')
        .innerJoin('suppliers as s', 's.id', 'so.supplier_id')
        .innerJoin('orders as o', 'o.id', 'so.order_id')
        .select(['so.id', 's.code', 'so.supplier_id', 'so.idempotency_key', 'o.id as order_id'])
        .where('o.order_number', '=', number)
        .execute();
      const of = (code: string) => parts.find((p) => p.code === code)!;
      return { number, of };
    };
    const mark = (id: number, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/supplier-orders/${id}/mark`, headers: t.staff, payload });
    const status = async (number: string) => (await lookup(number)).status as string;
    const lookup = async (number: string) =>
      (await t.app.inject({ url: `/api/orders/${number}`, headers: t.staff })).json();
    const history = async (number: string) =>
      (await t.app.inject({ url: `/api/orders/${number}/status-history`, headers: t.staff }))
        .json()
        .items.map((e: { from: string; to: string; cause: string; actor: string }) => [e.from, e.to, e.cause, e.actor]);
    const webhook = async (event: Record<string, unknown>) => {
      const res = await fetch(`${s.url}/_sim/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      const delivery = (await res.json()) as { status: number; body: string };
      expect(delivery.status, delivery.body).toBe(200);
      return JSON.parse(delivery.body) as { applied: boolean };
    };

    it('own stock and two suppliers, parcel by parcel, to delivered; each step with its cause, never backwards', async () => {
      const order = await place([
        { sku: 'RU-OWN', quantity: 2 },
        { sku: 'RU-A', quantity: 3 },
        { sku: 'RU-B', quantity: 1 },
      ]);
      const one = order.of('RU1');
      const two = order.of('RU2');
      expect(await status(order.number)).toBe('confirmed');

      expect((await mark(one.id, { status: 'submitted', externalReference: 'R1-9' })).statusCode).toBe(200);
      expect(await status(order.number)).toBe('processing');
      expect((await mark(two.id, { status: 'submitted' })).statusCode).toBe(200);

      // A tracking file: 2 of RU1's 3 units.
      const file = `reference,carrier,tracking_number,lines\n${one.idempotency_key},DHL,T-1,A-1:2\n`;
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/suppliers/${one.supplier_id}/tracking-imports`,
        headers: { ...t.staff, 'content-type': 'text/csv' },
        payload: file,
      });
      expect(upload.json()).toMatchObject({ applied: 1 });
      expect(await status(order.number)).toBe('partially_shipped');

      // The own units leave the warehouse: still partially shipped, no new status event.
      const own = await t.app.inject({
        method: 'POST',
        url: `/api/orders/${order.number}/ship-own-stock`,
        headers: t.staff,
      });
      expect(own.json()).toMatchObject({ shippedUnits: 2, status: 'partially_shipped' });

      // RU2 ships by signed webhook (the simulator), RU1's last unit by hand: shipped.
      expect(
        await webhook({
          type: 'order.shipped',
          reference: two.idempotency_key,
          shipment: { carrier: 'UPS', trackingNumber: '1Z999', trackingUrl: 'https://ups.example/1Z999' },
        }),
      ).toMatchObject({ applied: true });
      expect(await status(order.number)).toBe('partially_shipped');
      expect(
        (await mark(one.id, { status: 'shipped', shipment: { carrier: 'DHL', trackingNumber: 'T-2' } })).statusCode,
      ).toBe(200);
      expect(await status(order.number)).toBe('shipped');

      // Deliveries: the suppliers' parts, then the shop's own parcel, confirmed by staff.
      const confirm = () =>
        t.app.inject({ method: 'POST', url: `/api/orders/${order.number}/confirm-delivery`, headers: t.staff });
      expect((await mark(one.id, { status: 'delivered' })).statusCode).toBe(200);
      const early = await confirm();
      expect(early.statusCode).toBe(409);
      expect(early.json().error.message).toBe(
        `Order ${order.number}: 1 of 4 supplier units are not delivered yet; their suppliers report the delivery`,
      );
      expect(await webhook({ type: 'order.delivered', reference: two.idempotency_key })).toMatchObject({
        applied: true,
      });
      expect(await status(order.number)).toBe('shipped');
      expect((await confirm()).json()).toEqual({ number: order.number, status: 'delivered' });

      // Never backwards: a roll-up now changes nothing and writes no event.
      const before = await history(order.number);
      const orderId = one.order_id;
      const again = await inTransaction(db(), (trx) =>
        rollUpOrderStatus(trx, orderId, { cause: 'test', actor: 'test' }),
      );
      expect(again).toBe('delivered');
      expect(await history(order.number)).toEqual(before);
      expect(before).toEqual([
        ['pending', 'confirmed', 'placed and routed', 'customer'],
        ['confirmed', 'processing', `supplier order ${one.id} marked submitted`, 'test staff'],
        ['processing', 'partially_shipped', `tracking file: supplier order ${one.id} partially_shipped`, 'test staff'],
        ['partially_shipped', 'shipped', `supplier order ${one.id} marked shipped`, 'test staff'],
        ['shipped', 'delivered', 'own parcel delivered (confirmed by staff)', 'test staff'],
      ]);

      // The customer sees the three parcels, without suppliers or costs.
      const seen = await t.app.inject({
        url: `/api/orders/${order.number}?email=${encodeURIComponent((await lookup(order.number)).email)}`,
      });
      const shipments = seen.json().shipments;
      expect(shipments).toHaveLength(4);
      expect(shipments).toEqual(
        expect.arrayContaining([
          {
            carrier: 'DHL',
            trackingNumber: 'T-1',
            trackingUrl: null,
            shippedAt: expect.any(String),
            delivered: true,
            items: [{ sku: 'RU-A', name: 'Product RU-A', quantity: 2 }],
          },
          {
            carrier: 'UPS',
            trackingNumber: '1Z999',
            trackingUrl: 'https://ups.example/1Z999',
            shippedAt: expect.any(String),
            delivered: true,
            items: [{ sku: 'RU-B', name: 'Product RU-B', quantity: 1 }],
          },
          {
            carrier: null,
            trackingNumber: null,
            trackingUrl: null,
            shippedAt: expect.any(String),
            delivered: true,
            items: [{ sku: 'RU-OWN', name: 'Product RU-OWN', quantity: 2 }],
          },
        ]),
      );
      expect(seen.body).not.toMatch(/RU1|RU2|Supplier|unitCost|5\.00/);
    });

    it('a part its supplier cancelled is left out; a cancelled order stays cancelled whatever its parts do', async () => {
      const order = await place([
        { sku: 'RU-A', quantity: 1 },
        { sku: 'RU-B', quantity: 1 },
      ]);
      await mark(order.of('RU1').id, { status: 'submitted' });
      await mark(order.of('RU2').id, { status: 'submitted' });
      expect((await mark(order.of('RU2').id, { status: 'cancelled', note: 'out of stock at RU2' })).statusCode).toBe(
        200,
      );
      expect(await status(order.number)).toBe('processing');
      await mark(order.of('RU1').id, { status: 'shipped', shipment: { carrier: 'DHL', trackingNumber: 'C-1' } });
      expect(await status(order.number)).toBe('shipped');

      // Every supplier part cancelled: the order waits for an operator (re-route or cancel).
      const lonely = await place([{ sku: 'RU-A', quantity: 1 }]);
      await mark(lonely.of('RU1').id, { status: 'submitted' });
      await mark(lonely.of('RU1').id, { status: 'cancelled' });
      expect(await status(lonely.number)).toBe('processing');

      // The customer cancels: the sent part becomes cancel_requested; the supplier's answer changes nothing more.
      const gone = await place([{ sku: 'RU-A', quantity: 1 }]);
      await mark(gone.of('RU1').id, { status: 'submitted' });
      const cancel = await t.app.inject({ method: 'POST', url: `/api/orders/${gone.number}/cancel`, headers: t.staff });
      expect(cancel.json()).toMatchObject({ supplierOrdersCancelRequested: 1 });
      const events = await history(gone.number);
      expect((await mark(gone.of('RU1').id, { status: 'cancelled' })).statusCode).toBe(200);
      expect(await status(gone.number)).toBe('cancelled');
      expect(await history(gone.number)).toEqual(events);
      expect(events.at(-1)).toEqual(['processing', 'cancelled', 'cancelled', 'test staff']);
      const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM order_status_events e
                                               JOIN orders o ON o.id = e.order_id
                                              WHERE o.order_number = ${gone.number}`.execute(db());
      expect(count.rows[0]!.n).toBe(3);
    });
  });
}
