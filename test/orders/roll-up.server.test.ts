/**
 * On the server, where transactions run side by side: the two suppliers of an order report their
 * parcels at the same moment, for many orders at once. Each roll-up waits for the order's lock and
 * then counts what the other committed, so every order ends shipped, through partially_shipped,
 * with one event per step and none lost or doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { serverUrl } from '../support/databases.js';
import { offer, placeOrder, product, supplier } from '../support/dropship.js';

const ORDERS = 12;

describe.runIf(serverUrl)('customer order roll-up under concurrent parcels (server)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('postgres');
    const db = t.database.db;
    await offer(db, await supplier(db, 'CC1'), await product(db, 'CC-A'), '5.00', 1000, { sku: 'CC-A' });
    await offer(db, await supplier(db, 'CC2'), await product(db, 'CC-B'), '5.00', 1000, { sku: 'CC-B' });
  }, 180_000);
  afterAll(async () => t?.close());

  const mark = (id: number, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/supplier-orders/${id}/mark`, headers: t.staff, payload });

  it('two suppliers shipping at once: every order ends shipped, each step logged once', async () => {
    const orders: { number: string; parts: number[] }[] = [];
    for (let i = 0; i < ORDERS; i += 1) {
      const res = await placeOrder(t.app, [
        { sku: 'CC-A', quantity: 1 },
        { sku: 'CC-B', quantity: 2 },
      ]);
      expect(res.statusCode).toBe(201);
      const number = res.json().number as string;
      const parts = await t.database.db
        .selectFrom('supplier_orders as so')
        .innerJoin('orders as o', 'o.id', 'so.order_id')
        .select('so.id')
        .where('o.order_number', '=', number)
        .orderBy('so.id')
        .execute();
      for (const p of parts) expect((await mark(p.id, { status: 'submitted' })).statusCode).toBe(200);
      orders.push({ number, parts: parts.map((p) => p.id) });
    }

    const answers = await Promise.all(
      orders.flatMap((o) =>
        o.parts.map((id, n) =>
          mark(id, { status: 'shipped', shipment: { carrier: 'DHL', trackingNumber: `R-${id}-${n}` } }),
        ),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));

    for (const o of orders) {
      const history = (await t.app.inject({ url: `/api/orders/${o.number}/status-history`, headers: t.staff })).json()
        .items as { from: string; to: string }[];
      expect(history.map((e) => `${e.from}>${e.to}`)).toEqual([
        'pending>confirmed',
        'confirmed>processing',
        'processing>partially_shipped',
        'partially_shipped>shipped',
      ]);
    }
  });
});
