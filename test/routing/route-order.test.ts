/**
 * Orders routed line by line through the API: own stock first, the best supplier otherwise,
 * one supplier order per supplier, the decision stored, refusals that write nothing, the preview,
 * and cancellation releasing everything.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, placeOrder, product, stock, stockLedger, supplier, warehouse } from '../support/dropship.js';

for (const backend of backends) {
  describe(`order routing on ${backend}`, () => {
    let t: TestApp;
    afterEach(async () => t?.close());
    const routed = () => testApp(backend);
    const rows = async <R>(query: ReturnType<typeof sql<R>>) => (await query.execute(t.database.db)).rows;
    const routing = async (number: string) =>
      (await t.app.inject({ url: `/api/orders/${number}/routing`, headers: t.staff })).json().items;

    it('own stock first; the rest to the cheapest supplier, one supplier order per supplier', async () => {
      t = await routed();
      const db = t.database.db;
      const [mug, lamp, rug] = [await product(db, 'MUG'), await product(db, 'LAMP'), await product(db, 'RUG', '60.00')];
      const inv = await stock(db, await warehouse(db), mug, 10);
      const cheap = await supplier(db, 'CHEAP', { fee: '1.00' });
      const dear = await supplier(db, 'DEAR');
      await offer(db, cheap, lamp, '5.00', 100);
      await offer(db, dear, lamp, '7.00', 100);
      await offer(db, cheap, rug, '30.00', 5);
      await offer(db, dear, mug, '1.00', 100); // cheaper than own stock, but own stock comes first

      const res = await placeOrder(t.app, [
        { sku: 'MUG', quantity: 2 },
        { sku: 'LAMP', quantity: 3 },
        { sku: 'RUG', quantity: 1 },
      ]);
      expect(res.statusCode).toBe(201);
      const order = res.json();
      expect(order.status).toBe('confirmed');

      expect(await stockLedger(db, inv)).toEqual({ on_hand: 10, reserved: 2, allocated: 2 });
      const supplierOrders = await rows(
        sql<{
          code: string;
          status: string;
          method: string;
          subtotal_cost: string;
          per_order_fee: string;
          lines: number;
        }>`
          SELECT s.code, so.status, so.method, so.subtotal_cost::text, so.per_order_fee::text,
                 (SELECT count(*)::int FROM supplier_order_items i WHERE i.supplier_order_id = so.id) AS lines
            FROM supplier_orders so JOIN suppliers s ON s.id = so.supplier_id ORDER BY s.code`,
      );
      expect(supplierOrders).toEqual([
        {
          code: 'CHEAP',
          status: 'pending',
          method: 'email',
          subtotal_cost: '45.0000',
          per_order_fee: '1.00',
          lines: 2,
        },
      ]);
      const decisions = await routing(order.number);
      expect(
        decisions.map((d: { sku: string; source: string; status: string }) => [d.sku, d.source, d.status]),
      ).toEqual([
        ['MUG', 'MAIN', 'reserved'],
        ['LAMP', 'CHEAP', 'ordered'],
        ['RUG', 'CHEAP', 'ordered'],
      ]);
      expect(decisions[0].decision.reason).toContain('own stock at MAIN');
      expect(decisions[1].decision.reason).toContain('than DEAR');
      expect(decisions[1].decision.candidates).toHaveLength(2);
    });

    it('fewest shipments beats a slightly cheaper second supplier', async () => {
      t = await routed();
      const db = t.database.db;
      const [a, b] = [await product(db, 'A'), await product(db, 'B')];
      const both = await supplier(db, 'BOTH');
      const onlyB = await supplier(db, 'ONLYB');
      await offer(db, both, a, '10.00', 10);
      await offer(db, both, b, '10.00', 10);
      await offer(db, onlyB, b, '9.00', 10);
      const res = await placeOrder(t.app, [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ]);
      expect(res.statusCode).toBe(201);
      const decisions = await routing(res.json().number);
      expect(decisions.map((d: { source: string }) => d.source)).toEqual(['BOTH', 'BOTH']);
      expect(decisions[1].decision.reason).toContain('already ships part of this order');
    });

    it('skips stale feeds, paused suppliers, stock under the buffer; splits only when no single source can fill', async () => {
      t = await routed();
      const db = t.database.db;
      const p = await product(db, 'P');
      const inv = await stock(db, await warehouse(db), p, 2);
      await offer(db, await supplier(db, 'STALE'), p, '1.00', 100, { seenHoursAgo: 100 });
      await offer(db, await supplier(db, 'PAUSED', { status: 'paused' }), p, '1.00', 100);
      await offer(db, await supplier(db, 'BUFFER', { buffer: 10 }), p, '1.00', 10);
      await offer(db, await supplier(db, 'REAL'), p, '9.00', 3);

      const res = await placeOrder(t.app, [{ sku: 'P', quantity: 5 }]);
      expect(res.statusCode).toBe(201);
      const [own, dropship] = await routing(res.json().number);
      expect([own.source, own.quantity, dropship.source, dropship.quantity]).toEqual(['MAIN', 2, 'REAL', 3]);
      expect(own.decision.rule).toBe('split');
      const rejected = Object.fromEntries(
        own.decision.candidates.map((c: { source: string; rejected?: string }) => [c.source, c.rejected]),
      );
      expect(rejected).toMatchObject({
        STALE: "the supplier's feed is too old",
        PAUSED: 'supplier PAUSED is not active',
        BUFFER: 'no stock above the supplier buffer',
      });
      expect(rejected.REAL).toBeUndefined();
      expect(await stockLedger(db, inv)).toEqual({ on_hand: 2, reserved: 2, allocated: 2 });
    });

    it('nothing available for a line: 409 naming the line, and nothing written', async () => {
      t = await routed();
      const db = t.database.db;
      const [ok, none] = [await product(db, 'OK'), await product(db, 'NONE')];
      const inv = await stock(db, await warehouse(db), ok, 5);
      await stock(db, (await db.selectFrom('inventory_sources').select('id').executeTakeFirstOrThrow()).id, none, 1);

      const res = await placeOrder(t.app, [
        { sku: 'OK', quantity: 2 },
        { sku: 'NONE', quantity: 3 },
      ]);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'not_available',
        message: expect.stringContaining('items/1: only 1 of 3 units of SKU "NONE" are available'),
        details: [{ path: '/items/1', available: 1 }],
      });
      expect(await stockLedger(db, inv)).toEqual({ on_hand: 5, reserved: 0, allocated: 0 });
      const counts = await rows(sql<{ n: number }>`
        SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items) + (SELECT count(*) FROM supplier_orders)
             + (SELECT count(*) FROM order_item_allocations) AS n`);
      expect(Number(counts[0]!.n)).toBe(0);
    });

    it('route preview shows the routing without reserving or writing', async () => {
      t = await routed();
      const db = t.database.db;
      const p = await product(db, 'PREV');
      const inv = await stock(db, await warehouse(db), p, 1);
      await offer(db, await supplier(db, 'SUP'), p, '3.00', 50);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/orders/route-preview',
        headers: t.staff,
        payload: { items: [{ sku: 'PREV', quantity: 4 }] },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        routable: true,
        lines: [{ sku: 'PREV', rule: 'supplier', allocations: [{ source: 'SUP', quantity: 4 }] }],
      });
      expect(await stockLedger(db, inv)).toEqual({ on_hand: 1, reserved: 0, allocated: 0 });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/orders/route-preview',
        headers: t.staff,
        payload: { items: [{ sku: 'NOPE', quantity: 1 }] },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details[0].path).toBe('/items/0/sku');
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/orders/route-preview',
            payload: { items: [{ sku: 'PREV', quantity: 1 }] },
          })
        ).statusCode,
      ).toBe(401);
    });

    it('cancelling releases the reservations and cancels the pending supplier orders', async () => {
      t = await routed();
      const db = t.database.db;
      const [a, b] = [await product(db, 'CA'), await product(db, 'CB')];
      const inv = await stock(db, await warehouse(db), a, 3);
      await offer(db, await supplier(db, 'SUP'), b, '3.00', 50);
      const order = (
        await placeOrder(t.app, [
          { sku: 'CA', quantity: 3 },
          { sku: 'CB', quantity: 2 },
        ])
      ).json();
      // Sold out now: the next order for CA is refused.
      expect((await placeOrder(t.app, [{ sku: 'CA', quantity: 1 }])).statusCode).toBe(409);

      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/orders/${order.number}/cancel`,
        headers: t.staff,
      });
      expect(cancel.json()).toEqual({
        number: order.number,
        releasedUnits: 3,
        supplierOrdersCancelled: 1,
        supplierOrdersCancelRequested: 0,
      });
      expect(await stockLedger(db, inv)).toEqual({ on_hand: 3, reserved: 0, allocated: 0 });
      const list = await t.app.inject({ url: '/api/supplier-orders?status=cancelled', headers: t.staff });
      expect(list.json()).toMatchObject({
        total: 1,
        items: [{ supplierCode: 'SUP', items: [{ sku: 'CB', quantity: 2 }] }],
      });
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/orders/${order.number}/cancel`, headers: t.staff }))
          .statusCode,
      ).toBe(409);
      // The units are for sale again.
      expect((await placeOrder(t.app, [{ sku: 'CA', quantity: 3 }])).statusCode).toBe(201);
    });

    it('shipping the own-stock part turns the reservation into a stock decrement', async () => {
      t = await routed();
      const db = t.database.db;
      const [a, b] = [await product(db, 'SA'), await product(db, 'SB')];
      const inv = await stock(db, await warehouse(db), a, 5);
      await offer(db, await supplier(db, 'SUP'), b, '3.00', 50);
      const order = (
        await placeOrder(t.app, [
          { sku: 'SA', quantity: 2 },
          { sku: 'SB', quantity: 1 },
        ])
      ).json();
      const ship = await t.app.inject({
        method: 'POST',
        url: `/api/orders/${order.number}/ship-own-stock`,
        headers: t.staff,
      });
      expect(ship.json()).toEqual({ number: order.number, shippedUnits: 2, status: 'partially_shipped' });
      expect(await stockLedger(db, inv)).toEqual({ on_hand: 3, reserved: 0, allocated: 0 });
      const trail = await rows(sql<{ quantity_change: number; reason: string; actor: string }>`
        SELECT quantity_change, reason, actor FROM inventory_adjustments WHERE inventory_id = ${inv}`);
      expect(trail).toEqual([{ quantity_change: -2, reason: 'shipped', actor: 'test staff' }]);
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/orders/${order.number}/ship-own-stock`,
        headers: t.staff,
      });
      expect(again.statusCode).toBe(409);
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/orders/${order.number}/cancel`,
        headers: t.staff,
      });
      expect(cancel.statusCode).toBe(409);
      expect(cancel.json().error.message).toContain('already shipped');
      const history = await t.app.inject({ url: `/api/orders/${order.number}/status-history`, headers: t.staff });
      expect(history.json().items.map(({ at: _at, ...e }: { at: string }) => e)).toEqual([
        { from: 'pending', to: 'confirmed', cause: 'placed and routed', actor: 'customer' },
        { from: 'confirmed', to: 'partially_shipped', cause: 'own stock shipped', actor: 'test staff' },
      ]);
    });
  });
}
