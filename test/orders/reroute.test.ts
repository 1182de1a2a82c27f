/**
 * Re-routing a supplier order's lines, on both backends: to the next supplier (a new supplier
 * order, dispatched to the simulator when that supplier submits automatically), to own stock
 * that appeared, to nowhere (the line marked unfulfillable); the failed supplier excluded; a
 * second re-route changes nothing; other statuses refused; a failure midway leaves nothing.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchSupplierOrder } from '../../src/fulfillment/dispatch/dispatch.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import type { TestApp } from '../support/app.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { backends } from '../support/databases.js';
import { shopWithSim } from '../support/shop-with-sim.js';
import { connectToSim, testDispatchSettings } from '../support/dispatch.js';
import { offer, placeOrder, product, stock, stockLedger, supplier, warehouse } from '../support/dropship.js';
import { simState } from '../support/sim.js';

for (const backend of backends) {
  describe(`re-routing a supplier order on ${backend}`, () => {
    const shop = shopWithSim(backend);
    let t: TestApp;
    let s: RunningSim;
    let n = 0;
    beforeAll(() => void ({ t, s } = shop));

    /** A product offered by the given suppliers (code -> cost), and an order of `quantity` placed for it. */
    async function ordered(offers: Record<string, string>, quantity = 2) {
      n += 1;
      const db = t.database.db;
      const sku = `RR${n}`;
      const productId = await product(db, sku);
      const suppliers: Record<string, number> = {};
      for (const [code, cost] of Object.entries(offers)) {
        suppliers[code] = await supplier(db, `${code}${n}`);
        await offer(db, suppliers[code], productId, cost, 100, { sku: `${code}${n}-${sku}` });
      }
      const res = await placeOrder(t.app, [{ sku, quantity }]);
      expect(res.statusCode).toBe(201);
      const orderNumber = res.json().number as string;
      return { sku, productId, suppliers, orderNumber, supplierOrderId: await supplierOrderOf(orderNumber) };
    }
    const supplierOrderOf = async (orderNumber: string) =>
      (
        await t.database.db
          .selectFrom('supplier_orders as so')
          .innerJoin('orders as o', 'o.id', 'so.order_id')
          .select('so.id')
          .where('o.order_number', '=', orderNumber)
          .orderBy('so.id')
          .executeTakeFirstOrThrow()
      ).id;
    const reject = (supplierOrderId: number) =>
      t.database.db.transaction().execute((trx) =>
        transitionSupplierOrder(trx, {
          supplierOrderId,
          to: 'rejected',
          source: 'webhook',
          reason: 'out of stock at the supplier',
        }),
      );
    const reroute = (id: number) =>
      t.app.inject({ method: 'POST', url: `/api/supplier-orders/${id}/reroute`, headers: t.staff });
    const allocations = (orderNumber: string) =>
      sql<{
        id: number;
        status: string;
        source_type: string;
        replaces_allocation_id: number | null;
        decision: { moved?: unknown; candidates?: unknown[] };
      }>`
        SELECT a.id, a.status, a.source_type, a.replaces_allocation_id, a.decision
          FROM order_item_allocations a JOIN orders o ON o.id = a.order_id
         WHERE o.order_number = ${orderNumber} ORDER BY a.id`
        .execute(t.database.db)
        .then((r) => r.rows);
    const count = async (table: 'supplier_orders' | 'order_item_allocations' | 'supplier_order_events') =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n;

    it('moves a rejected order to the next supplier, excluding the one that rejected it; twice = once', async () => {
      const placed = await ordered({ A: '5.00', B: '6.00' });
      const db = t.database.db;
      // B submits automatically, to the simulator.
      await db.updateTable('suppliers').set({ auto_submit: true }).where('id', '=', placed.suppliers.B!).execute();
      await connectToSim(db, t.secrets.credentialsKey, placed.suppliers.B!, s.url);
      await reject(placed.supplierOrderId);

      const res = await reroute(placed.supplierOrderId);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const newId = body.lines[0].to[0].supplierOrderId as number;
      expect(body).toEqual({
        supplierOrderId: placed.supplierOrderId,
        orderNumber: placed.orderNumber,
        alreadyRerouted: false,
        lines: [
          {
            orderItemId: expect.any(Number),
            sku: placed.sku,
            quantity: 2,
            to: [{ kind: 'supplier', supplier: `B${n}`, supplierOrderId: newId, quantity: 2 }],
          },
        ],
      });
      const [old, moved] = await allocations(placed.orderNumber);
      expect(old).toMatchObject({ status: 'rerouted', replaces_allocation_id: null });
      expect(moved).toMatchObject({ status: 'ordered', source_type: 'supplier', replaces_allocation_id: old!.id });
      expect(moved!.decision.moved).toMatchObject({
        from: { supplierOrderId: placed.supplierOrderId, supplier: `A${n}`, status: 'rejected' },
        source: 'operator',
        by: 'test staff',
      });
      // The supplier that rejected it is shown as excluded in the decision.
      expect(moved!.decision.candidates).toContainEqual(
        expect.objectContaining({ source: `A${n}`, won: false, rejected: expect.stringContaining('rejected') }),
      );
      const so = await db.selectFrom('supplier_orders').selectAll().where('id', '=', newId).executeTakeFirstOrThrow();
      expect(so).toMatchObject({ supplier_id: placed.suppliers.B, status: 'pending', subtotal_cost: '12.0000' });
      const notes = await supplierOrderEvents(db, placed.supplierOrderId);
      expect(notes.at(-1)).toMatchObject({
        from: 'rejected',
        to: 'rejected',
        applied: false,
        source: 'operator',
        actor: 'test staff',
        reason: `re-routed by an operator: ${placed.sku} x2 → B${n} (supplier order ${newId})`,
        payload: { note: 'rerouted' },
      });
      expect((await supplierOrderEvents(db, newId))[0]).toMatchObject({ payload: { note: 'rerouted_here' } });

      // The auto-submit supplier's order went out with its dispatch job: the simulator has it.
      const jobs = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'supplierOrderId' = ${String(newId)}`.execute(db);
      expect(jobs.rows[0]!.n).toBe(1);
      const deps = {
        db,
        credentialsKey: t.secrets.credentialsKey,
        settings: testDispatchSettings,
        syncOrder: rollUpOrderStatus,
      };
      expect(await dispatchSupplierOrder(deps, newId)).toMatchObject({ outcome: 'submitted' });
      expect((await simState(s)).orders.map((o) => o.lines)).toContainEqual([
        { supplierSku: `B${n}-${placed.sku}`, quantity: 2, unitCost: '6.00' },
      ]);

      // Again: nothing changes, the answer says what the first one did.
      const before = [await count('supplier_orders'), await count('order_item_allocations')];
      const again = await reroute(placed.supplierOrderId);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ ...body, alreadyRerouted: true });
      expect([await count('supplier_orders'), await count('order_item_allocations')]).toEqual(before);
    });

    it('moves the lines to own stock that appeared since, reserving it', async () => {
      const placed = await ordered({ A: '5.00' }, 3);
      const db = t.database.db;
      const inventoryId = await stock(db, await warehouse(db, `WH${n}`), placed.productId, 5);
      await reject(placed.supplierOrderId);
      const res = await reroute(placed.supplierOrderId);
      expect(res.statusCode).toBe(200);
      expect(res.json().lines[0].to).toEqual([{ kind: 'own', source: `WH${n}`, quantity: 3 }]);
      expect(await stockLedger(db, inventoryId)).toEqual({ on_hand: 5, reserved: 3, allocated: 3 });
      expect((await allocations(placed.orderNumber)).map((a) => [a.status, a.source_type])).toEqual([
        ['rerouted', 'supplier'],
        ['reserved', 'warehouse'],
      ]);
    });

    it('marks a line nothing can fill unfulfillable, with a reason that names it, and excludes every earlier supplier', async () => {
      const placed = await ordered({ A: '5.00', B: '6.00' });
      const db = t.database.db;
      await reject(placed.supplierOrderId);
      const first = (await reroute(placed.supplierOrderId)).json();
      const atB = first.lines[0].to[0].supplierOrderId as number;
      await reject(atB);
      const res = await reroute(atB);
      expect(res.statusCode).toBe(200);
      const line = res.json().lines[0];
      expect(line.to).toEqual([]);
      expect(line.unfulfillable).toBe(
        `SKU "${placed.sku}" is not available from own stock or any supplier; ` +
          `not from A${n} rejected supplier order ${placed.supplierOrderId}; B${n} rejected supplier order ${atB}`,
      );
      const item = await db
        .selectFrom('order_items')
        .select(['unfulfillable_since', 'unfulfillable_reason'])
        .where('id', '=', line.orderItemId)
        .executeTakeFirstOrThrow();
      expect(item.unfulfillable_since).toBeInstanceOf(Date);
      expect(item.unfulfillable_reason).toBe(line.unfulfillable);
      expect((await allocations(placed.orderNumber)).map((a) => a.status)).toEqual(['rerouted', 'rerouted']);
      expect((await reroute(atB)).json()).toMatchObject({ alreadyRerouted: true, lines: [line] });
    });

    it('refuses a supplier order in another status, and an unknown one', async () => {
      const placed = await ordered({ A: '5.00', B: '6.00' });
      const res = await reroute(placed.supplierOrderId);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'reroute_refused',
        message: `Supplier order ${placed.supplierOrderId} is pending: only a rejected, failed or cancelled supplier order (or one the live re-check holds) can be re-routed`,
      });
      expect((await reroute(999_999)).statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/supplier-orders/${placed.supplierOrderId}/reroute` }))
          .statusCode,
      ).toBe(401);
    });

    it('is one transaction: a failure at its last step leaves no reservation, supplier order or note behind', async () => {
      n += 1;
      const db = t.database.db;
      const [own, dropped] = [await product(db, `TX${n}A`), await product(db, `TX${n}B`)];
      const a = await supplier(db, `TXA${n}`);
      const b = await supplier(db, `TXB${n}`);
      await offer(db, a, own, '5.00', 100);
      await offer(db, a, dropped, '5.00', 100);
      await offer(db, b, dropped, '6.00', 100);
      const res = await placeOrder(t.app, [
        { sku: `TX${n}A`, quantity: 1 },
        { sku: `TX${n}B`, quantity: 1 },
      ]);
      const orderNumber = res.json().number as string;
      const soId = await supplierOrderOf(orderNumber);
      const inventoryId = await stock(db, await warehouse(db, `TXW${n}`), own, 4);
      await reject(soId);
      const before = {
        orders: await count('supplier_orders'),
        events: await count('supplier_order_events'),
        allocations: await allocations(orderNumber),
      };
      // Reserving own stock and the new supplier order at B have happened when the allocations fail.
      await sql`CREATE FUNCTION fail_allocation() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'forced failure'; END $$`.execute(db);
      await sql`CREATE TRIGGER fail_allocation BEFORE INSERT ON order_item_allocations
                FOR EACH ROW EXECUTE FUNCTION fail_allocation()`.execute(db);
      try {
        expect((await reroute(soId)).statusCode).toBe(500);
      } finally {
        await sql`DROP TRIGGER fail_allocation ON order_item_allocations`.execute(db);
        await sql`DROP FUNCTION fail_allocation()`.execute(db);
      }
      expect(await stockLedger(db, inventoryId)).toEqual({ on_hand: 4, reserved: 0, allocated: 0 });
      expect({
        orders: await count('supplier_orders'),
        events: await count('supplier_order_events'),
        allocations: await allocations(orderNumber),
      }).toEqual(before);
      // Without the failure the same re-route goes through: stock for one line, B for the other.
      const ok = await reroute(soId);
      expect(ok.json().lines.map((l: { to: { kind: string }[] }) => l.to[0]!.kind)).toEqual(['own', 'supplier']);
    });
  });
}
