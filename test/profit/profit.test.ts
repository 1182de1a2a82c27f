/**
 * Profit stored with each allocation and read back, on both backends: an order placed through the
 * API with one line from own stock and two from a supplier with a per-order fee and shipping; a
 * re-route that writes the new allocations' figures and keeps the old ones; a line nothing can
 * fill; the order's profit route; the report over a known history, grouped three ways.
 * Every expected figure is worked out by hand in the comment beside it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, placeOrder, product, stock, supplier, warehouse } from '../support/dropship.js';

interface StoredProfit {
  id: number;
  sku: string;
  status: string;
  replaces: number | null;
  revenue: string | null;
  cost: string | null;
  fee_share: string | null;
  shipping_share: string | null;
  margin: string | null;
  margin_percent: string | null;
}

for (const backend of backends) {
  describe(`profit per order line on ${backend}`, () => {
    let t: TestApp;
    let mainId: number;
    beforeAll(async () => {
      t = await testApp(backend);
      mainId = await warehouse(t.database.db, 'MAIN');
    });
    afterAll(async () => t?.close());

    const stored = async (orderNumber: string) =>
      (
        await sql<StoredProfit>`
          SELECT a.id, oi.sku, a.status, a.replaces_allocation_id AS replaces, a.revenue::text, a.cost::text,
                 a.fee_share::text, a.shipping_share::text, a.margin::text, a.margin_percent::text
            FROM order_item_allocations a JOIN orders o ON o.id = a.order_id JOIN order_items oi ON oi.id = a.order_item_id
           WHERE o.order_number = ${orderNumber} ORDER BY a.id`.execute(t.database.db)
      ).rows;
    const figures = (r: StoredProfit) => [r.revenue, r.cost, r.fee_share, r.shipping_share, r.margin, r.margin_percent];
    const supplierOrdersOf = async (orderNumber: string) =>
      t.database.db
        .selectFrom('supplier_orders as so')
        .innerJoin('orders as o', 'o.id', 'so.order_id')
        .select(['so.id', 'so.per_order_fee', 'so.shipping_cost', 'so.status'])
        .where('o.order_number', '=', orderNumber)
        .orderBy('so.id')
        .execute();
    const profitOf = (orderNumber: string, headers: Record<string, string> = t.staff) =>
      t.app.inject({ method: 'GET', url: `/api/orders/${orderNumber}/profit`, headers });
    const reject = (supplierOrderId: number) =>
      t.database.db
        .transaction()
        .execute((trx) =>
          transitionSupplierOrder(trx, { supplierOrderId, to: 'rejected', source: 'webhook', reason: 'out of stock' }),
        );

    /** OWN x2 from the warehouse; SA x1 (30.00) and SB x1 (15.00) from FEE (fee 2.50, shipping 4.95). */
    async function placeMixed(tag: string) {
      const db = t.database.db;
      const own = await product(db, `${tag}OWN`, '25.00', '10.0000');
      await stock(db, mainId, own, 10);
      const fee = await supplier(db, `${tag}FEE`, { fee: '2.50', shipping: { type: 'flat', amount: '4.95' } });
      const sa = await product(db, `${tag}SA`, '30.00', null);
      const sb = await product(db, `${tag}SB`, '15.00', null);
      await offer(db, fee, sa, '12.0000', 50);
      await offer(db, fee, sb, '3.0000', 50);
      const res = await placeOrder(t.app, [
        { sku: `${tag}OWN`, quantity: 2 },
        { sku: `${tag}SA`, quantity: 1 },
        { sku: `${tag}SB`, quantity: 1 },
      ]);
      expect(res.statusCode).toBe(201);
      return { orderNumber: res.json().number as string, own, sa, sb, fee };
    }

    it('stores each allocation’s profit at placement, in the order’s transaction; later cost changes leave it', async () => {
      const { orderNumber, own, fee } = await placeMixed('P');
      const rows = await stored(orderNumber);
      expect(rows.map((r) => [r.sku, r.status, ...figures(r)])).toEqual([
        // 2 x 25.00 = 50.00; 2 x 10.0000 = 20.0000; own stock shares nothing; 30.0000 / 50.00 = 60 %
        ['POWN', 'reserved', '50.00', '20.0000', '0.00', '0.00', '30.0000', '60.00'],
        // fee 250 cents by revenue 30 : 15 -> 166.67 / 83.33: floors 166 + 83, the cent left to the larger
        // remainder (the first); shipping 495 -> 330 / 165 exactly. 30 - 12 - 1.67 - 3.30 = 13.03 (43.43 %)
        ['PSA', 'ordered', '30.00', '12.0000', '1.67', '3.30', '13.0300', '43.43'],
        // 15 - 3 - 0.83 - 1.65 = 9.52 (63.47 %)
        ['PSB', 'ordered', '15.00', '3.0000', '0.83', '1.65', '9.5200', '63.47'],
      ]);
      const [so] = await supplierOrdersOf(orderNumber);
      expect([so!.per_order_fee, so!.shipping_cost]).toEqual(['2.50', '4.95']);

      // New costs do not rewrite what the order earned.
      await t.database.db.updateTable('products').set({ cost_price: '99.0000' }).where('id', '=', own).execute();
      await t.database.db
        .updateTable('supplier_catalogs')
        .set({ cost_price: '29.0000' })
        .where('supplier_id', '=', fee)
        .execute();
      await t.database.db.updateTable('suppliers').set({ per_order_fee: '9.00' }).where('id', '=', fee).execute();
      expect((await stored(orderNumber)).map(figures)).toEqual(rows.map(figures));

      const res = await profitOf(orderNumber);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ orderNumber, status: 'confirmed', currency: 'EUR' });
      expect(
        body.lines.map((l: { sku: string; state: string; note: string | null }) => [l.sku, l.state, l.note]),
      ).toEqual([
        ['POWN', 'allocated', null],
        ['PSA', 'allocated', null],
        ['PSB', 'allocated', null],
      ]);
      expect(body.lines[1]).toMatchObject({
        quantity: 1,
        allocatedQuantity: 1,
        profit: {
          revenue: '30.00',
          cost: '12.0000',
          feeShare: '1.67',
          shippingShare: '3.30',
          margin: '13.0300',
          marginPercent: '43.43',
        },
        allocations: [{ kind: 'supplier', source: 'PFEE', status: 'ordered', inEffect: true, supplierOrderId: so!.id }],
      });
      expect(body.lines[0].allocations[0]).toMatchObject({ kind: 'own', source: 'MAIN', supplierOrderId: null });
      // 95.00 - 35.0000 - 2.50 - 4.95 = 52.5500; 52.55 / 95 = 55.3157... %
      expect(body.totals).toEqual({
        profit: {
          revenue: '95.00',
          cost: '35.0000',
          feeShare: '2.50',
          shippingShare: '4.95',
          margin: '52.5500',
          marginPercent: '55.32',
        },
        linesCounted: 3,
        linesNotCounted: 0,
      });
    });

    it('a re-route stores the new allocations’ figures and keeps the old ones as they were', async () => {
      const { orderNumber, sa, sb } = await placeMixed('R');
      const before = await stored(orderNumber);
      // A second supplier appears after the order: fee 1.00, shipping 2.00.
      const alt = await supplier(t.database.db, 'RALT', { fee: '1.00', shipping: { type: 'flat', amount: '2.00' } });
      await offer(t.database.db, alt, sa, '13.0000', 50);
      await offer(t.database.db, alt, sb, '3.5000', 50);
      const [so] = await supplierOrdersOf(orderNumber);
      await reject(so!.id);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/supplier-orders/${so!.id}/reroute`,
        headers: t.staff,
      });
      expect(res.statusCode).toBe(200);

      const after = await stored(orderNumber);
      expect(after.slice(0, 3).map((r) => [r.sku, r.status, ...figures(r)])).toEqual([
        ['ROWN', 'reserved', ...figures(before[0]!)],
        ['RSA', 'rerouted', ...figures(before[1]!)],
        ['RSB', 'rerouted', ...figures(before[2]!)],
      ]);
      expect(after.slice(3).map((r) => [r.sku, r.status, r.replaces, ...figures(r)])).toEqual([
        // fee 100 cents by 30 : 15 -> 66.67 / 33.33: 66 + 33, the cent to the larger remainder (first);
        // shipping 200 -> 133.33 / 66.67: 133 + 66, the cent to the second. 30 - 13 - 0.67 - 1.33 = 15 (50 %)
        ['RSA', 'ordered', before[1]!.id, '30.00', '13.0000', '0.67', '1.33', '15.0000', '50.00'],
        // 15 - 3.5 - 0.33 - 0.67 = 10.50 (70 %)
        ['RSB', 'ordered', before[2]!.id, '15.00', '3.5000', '0.33', '0.67', '10.5000', '70.00'],
      ]);
      const [, created] = await supplierOrdersOf(orderNumber);
      expect([created!.per_order_fee, created!.shipping_cost]).toEqual(['1.00', '2.00']);

      const body = (await profitOf(orderNumber)).json();
      expect(body.lines[1].profit).toMatchObject({ feeShare: '0.67', margin: '15.0000' });
      expect(
        body.lines[1].allocations.map(
          (a: { status: string; inEffect: boolean; source: string; profit: { margin: string } }) => [
            a.source,
            a.status,
            a.inEffect,
            a.profit.margin,
          ],
        ),
      ).toEqual([
        ['RFEE', 'rerouted', false, '13.0300'],
        ['RALT', 'ordered', true, '15.0000'],
      ]);
      // 30 + 15 + 10.50 = 55.5000 over 95.00
      expect(body.totals.profit).toMatchObject({ revenue: '95.00', margin: '55.5000', marginPercent: '58.42' });
    });

    it('a line nothing can fill says so, with no figures, and is left out of the totals', async () => {
      const db = t.database.db;
      const only = await supplier(db, 'UONLY', { fee: '1.00' });
      await offer(db, only, await product(db, 'UX', '20.00', null), '5.0000', 10);
      const own = await product(db, 'UOWN', '10.00', '4.0000');
      await stock(db, mainId, own, 5);
      const res = await placeOrder(t.app, [
        { sku: 'UOWN', quantity: 1 },
        { sku: 'UX', quantity: 2 },
      ]);
      expect(res.statusCode).toBe(201);
      const orderNumber = res.json().number as string;
      const [so] = await supplierOrdersOf(orderNumber);
      await reject(so!.id);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/supplier-orders/${so!.id}/reroute`, headers: t.admin }))
          .statusCode,
      ).toBe(200);

      const body = (await profitOf(orderNumber, t.admin)).json();
      expect(body.lines[1]).toMatchObject({ sku: 'UX', state: 'not_allocated', allocatedQuantity: 0, profit: null });
      expect(body.lines[1].note).toMatch(/^not allocated: .*not from UONLY rejected supplier order/);
      expect(body.lines[1].allocations).toMatchObject([
        { status: 'rerouted', inEffect: false, profit: { margin: expect.any(String) } },
      ]);
      // Only the own-stock line: 10.00 - 4.0000 = 6.0000 (60 %).
      expect(body.totals).toEqual({
        profit: {
          revenue: '10.00',
          cost: '4.0000',
          feeShare: '0.00',
          shippingShare: '0.00',
          margin: '6.0000',
          marginPercent: '60.00',
        },
        linesCounted: 1,
        linesNotCounted: 1,
      });
    });

    it('a split line whose supplier part cannot be re-routed counts the units it has, and says what is missing', async () => {
      const db = t.database.db;
      const split = await product(db, 'SPL', '20.00', '8.0000');
      await stock(db, mainId, split, 3);
      await offer(db, await supplier(db, 'SPLIT'), split, '9.0000', 2);
      const res = await placeOrder(t.app, [{ sku: 'SPL', quantity: 5 }]);
      expect(res.statusCode).toBe(201);
      const orderNumber = res.json().number as string;
      const [so] = await supplierOrdersOf(orderNumber);
      await reject(so!.id);
      await t.app.inject({ method: 'POST', url: `/api/supplier-orders/${so!.id}/reroute`, headers: t.staff });

      const [line] = (await profitOf(orderNumber)).json().lines;
      expect(line).toMatchObject({ state: 'partly_allocated', quantity: 5, allocatedQuantity: 3 });
      expect(line.note).toMatch(/^2 of 5 units not allocated: .*; the figures are those of the other 3$/);
      // 3 x 20.00 = 60.00 - 3 x 8.0000 = 36.0000 (60 %)
      expect(line.profit).toEqual({
        revenue: '60.00',
        cost: '24.0000',
        feeShare: '0.00',
        shippingShare: '0.00',
        margin: '36.0000',
        marginPercent: '60.00',
      });
    });

    it('the order profit route is for staff, and names an unknown order', async () => {
      const { orderNumber } = await placeMixed('A');
      expect((await profitOf(orderNumber, {})).statusCode).toBe(401);
      const missing = await profitOf('JNE-1999-000001');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toBe('Order JNE-1999-000001 does not exist');
    });

    describe('the report', () => {
      type Row = Record<string, unknown>;
      const report = async (query: string) => {
        const res = await t.app.inject({ method: 'GET', url: `/api/reports/profit?${query}`, headers: t.staff });
        return { status: res.statusCode, body: res.json() as { rows: Row[]; error?: { details: unknown } } };
      };
      const placeAt = async (
        at: string,
        items: { sku: string; quantity: number }[],
        headers: Record<string, string> = {},
      ) => {
        const res = await placeOrder(t.app, items, undefined, headers);
        expect(res.statusCode).toBe(201);
        const orderNumber = res.json().number as string;
        await t.database.db
          .updateTable('orders')
          .set({ placed_at: new Date(at) })
          .where('order_number', '=', orderNumber)
          .execute();
        return orderNumber;
      };

      beforeAll(async () => {
        const db = t.database.db;
        const category = async (slug: string) =>
          (
            await db
              .insertInto('categories')
              .values({ slug, name: `Cat ${slug}` })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        const garden = await category('garden');
        const tools = await category('tools');
        const ra = await product(db, 'RA', '25.00', '10.0000');
        const rb = await product(db, 'RB', '30.00', null);
        const rc = await product(db, 'RC', '20.00', null);
        await db.updateTable('products').set({ category_id: garden }).where('id', 'in', [ra, rc]).execute();
        await db.updateTable('products').set({ category_id: tools }).where('id', '=', rb).execute();
        await stock(db, mainId, ra, 50);
        const rd = await product(db, 'RD', '10.00', null); // own stock of unknown cost, no category
        await stock(db, mainId, rd, 10);
        const rs = await supplier(db, 'RS', { fee: '2.50', shipping: { type: 'flat', amount: '4.95' } });
        await offer(db, rs, rb, '12.0000', 50);
        await offer(db, rs, rc, '5.0000', 50);

        await placeAt('2025-03-10T12:00:00Z', [{ sku: 'RA', quantity: 2 }]);
        // fee 2.50 by 30 : 20 -> 1.50 / 1.00; shipping 4.95 -> 2.97 / 1.98
        await placeAt('2025-03-11T08:00:00Z', [
          { sku: 'RB', quantity: 1 },
          { sku: 'RC', quantity: 1 },
        ]);
        await placeAt('2025-03-31T23:30:00Z', [{ sku: 'RA', quantity: 1 }]); // the last day counts whole
        await placeAt('2025-03-20T10:00:00Z', [{ sku: 'RD', quantity: 2 }]);
        await placeAt('2025-04-01T00:00:00Z', [{ sku: 'RA', quantity: 1 }]); // after the range
        await placeAt('2025-02-28T23:59:59Z', [{ sku: 'RA', quantity: 1 }]); // before it
        await placeAt('2025-03-12T00:00:00Z', [{ sku: 'RA', quantity: 5 }], { 'x-jne-test-order': 'true', ...t.staff });
        const cancelled = await placeAt('2025-03-13T00:00:00Z', [{ sku: 'RB', quantity: 1 }]);
        const cancel = await t.app.inject({ method: 'POST', url: `/api/orders/${cancelled}/cancel`, headers: t.staff });
        expect(cancel.statusCode).toBe(200);
        // An allocation written before profit was recorded (migration 014): counted apart, in no figure.
        const old = await placeAt('2025-03-14T00:00:00Z', [{ sku: 'RA', quantity: 1 }]);
        await sql`UPDATE order_item_allocations a SET revenue = NULL, cost = NULL, fee_share = NULL, shipping_share = NULL,
                         margin = NULL, margin_percent = NULL
                    FROM orders o WHERE o.id = a.order_id AND o.order_number = ${old}`.execute(db);
      });

      const range = 'from=2025-03-01&to=2025-03-31';

      it('by supplier: own stock as one group, each supplier its own', async () => {
        const { status, body } = await report(`${range}&groupBy=supplier`);
        expect(status).toBe(200);
        expect(body).toMatchObject({ from: '2025-03-01', to: '2025-03-31', groupBy: 'supplier' });
        expect(body.rows).toEqual([
          // RA x2 + x1 (+ x1 not recorded), RD x2 of unknown cost: revenue 75.00 + 20.00;
          // 75.00 - 30.0000 = 45.0000 over the 75.00 of known cost (60 %)
          {
            key: 'own stock',
            label: 'Own stock (warehouse and 3PL)',
            orders: 4,
            lines: 4,
            units: 6,
            revenue: '95.00',
            cost: '30.0000',
            feeShare: '0.00',
            shippingShare: '0.00',
            margin: '45.0000',
            marginPercent: '60.00',
            unitsWithoutCost: 2,
            unitsNotRecorded: 1,
          },
          // 50.00 - 17.0000 - 2.50 - 4.95 = 25.5500 (51.10 %)
          {
            key: 'RS',
            label: 'Supplier RS',
            orders: 1,
            lines: 2,
            units: 2,
            revenue: '50.00',
            cost: '17.0000',
            feeShare: '2.50',
            shippingShare: '4.95',
            margin: '25.5500',
            marginPercent: '51.10',
            unitsWithoutCost: 0,
            unitsNotRecorded: 0,
          },
        ]);
      });

      it('by category and by product', async () => {
        const byCategory = await report(`${range}&groupBy=category`);
        expect(
          byCategory.body.rows.map((r) => [
            r.key,
            r.orders,
            r.units,
            r.revenue,
            r.feeShare,
            r.shippingShare,
            r.margin,
            r.marginPercent,
          ]),
        ).toEqual([
          // RA 75.00 / 45.0000 and RC 20.00 - 5 - 1.00 - 1.98 = 12.0200: 57.0200 over 95.00 = 60.02 %
          ['garden', 4, 5, '95.00', '1.00', '1.98', '57.0200', '60.02'],
          // RB 30.00 - 12 - 1.50 - 2.97 = 13.5300 (45.10 %)
          ['tools', 1, 1, '30.00', '1.50', '2.97', '13.5300', '45.10'],
          // RD: a revenue, no cost, so no margin (null, not 0), last
          ['no category', 1, 2, '20.00', '0.00', '0.00', null, null],
        ]);
        const byProduct = await report(`${range}&groupBy=product`);
        expect(
          byProduct.body.rows.map((r) => [r.key, r.label, r.units, r.margin, r.marginPercent, r.unitsNotRecorded]),
        ).toEqual([
          ['RA', 'Product RA', 4, '45.0000', '60.00', 1],
          ['RB', 'Product RB', 1, '13.5300', '45.10', 0],
          ['RC', 'Product RC', 1, '12.0200', '60.10', 0],
          ['RD', 'Product RD', 2, null, null, 0],
        ]);
        expect((await report('from=2025-05-01&to=2025-05-31')).body.rows).toEqual([]);
      });

      it('refuses bad days and a range that ends before it starts, naming the field', async () => {
        const reversed = await report('from=2025-03-31&to=2025-03-01');
        expect(reversed.status).toBe(400);
        expect(reversed.body.error!.details).toEqual([
          { path: '/to', message: 'must not be before from (2025-03-31)' },
        ]);
        const bad = await report('from=2025-02-30&to=March');
        expect(bad.status).toBe(400);
        expect(bad.body.error!.details).toEqual([
          { path: '/from', message: 'must be a day like 2026-11-30, got "2025-02-30"' },
          { path: '/to', message: 'must be a day like 2026-11-30, got "March"' },
        ]);
        expect((await report(`${range}&groupBy=colour`)).status).toBe(400);
        expect((await report('to=2025-03-01')).status).toBe(400);
      });
    });
  });
}
