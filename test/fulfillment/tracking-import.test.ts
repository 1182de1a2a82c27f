/**
 * A supplier's tracking file uploaded by staff, on both backends: good rows, a repeated parcel, a
 * partial shipment and bad rows give an exact report by line; statuses, parcels, units and events
 * are what the webhook's order.shipped would have made of them; a file that cannot be read is
 * refused with nothing written.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { placeSupplierOrder, type PlacedSupplierOrder } from '../support/supplier-orders.js';

for (const backend of backends) {
  describe(`tracking file import on ${backend}`, () => {
    let t: TestApp;
    // A new database with every migration: minutes on a busy machine.
    beforeAll(async () => {
      t = await testApp(backend);
    }, 180_000);
    afterAll(async () => t?.close());

    const move = (so: PlacedSupplierOrder, to: 'submitted' | 'cancelled') =>
      t.database.db
        .transaction()
        .execute((trx) =>
          transitionSupplierOrder(trx, { supplierOrderId: so.supplierOrderId, to, source: 'operator' }),
        );
    const skus = async (so: PlacedSupplierOrder) =>
      (
        await t.database.db
          .selectFrom('supplier_order_items')
          .select('supplier_sku')
          .where('supplier_order_id', '=', so.supplierOrderId)
          .orderBy('id')
          .execute()
      ).map((r) => r.supplier_sku);
    const upload = (supplierId: number, body: string, headers = t.staff) =>
      t.app.inject({
        method: 'POST',
        url: `/api/suppliers/${supplierId}/tracking-imports`,
        headers: { ...headers, 'content-type': 'text/csv' },
        payload: body,
      });
    const state = async (so: PlacedSupplierOrder) => {
      const db = t.database.db;
      const order = await db
        .selectFrom('supplier_orders')
        .select(['status', 'carrier', 'tracking_number', 'tracking_url', 'shipped_at'])
        .where('id', '=', so.supplierOrderId)
        .executeTakeFirstOrThrow();
      const items = await db
        .selectFrom('supplier_order_items')
        .select(['supplier_sku', 'quantity_shipped'])
        .where('supplier_order_id', '=', so.supplierOrderId)
        .orderBy('id')
        .execute();
      const parcels = await db
        .selectFrom('supplier_shipments')
        .select(['carrier', 'tracking_number', 'tracking_url', 'lines', 'source', 'shipped_at'])
        .where('supplier_order_id', '=', so.supplierOrderId)
        .orderBy('id')
        .execute();
      const customer = await db
        .selectFrom('orders')
        .select('status')
        .where('order_number', '=', so.orderNumber)
        .executeTakeFirstOrThrow();
      return { order, items, parcels, customerStatus: customer.status };
    };
    const writes = async () =>
      (
        await sql<{ n: number }>`SELECT (SELECT count(*) FROM supplier_order_events)
                                      + (SELECT count(*) FROM supplier_shipments)
                                      + (SELECT count(*) FROM order_status_events)::int AS n`.execute(t.database.db)
      ).rows[0]!.n;

    it('applies the good rows like webhooks, reports every other one by line, and logs each as csv', async () => {
      const a = await placeSupplierOrder(t, 'TRK', {}, [3, 2]);
      const b = await placeSupplierOrder(t, 'TRK', {}, 1);
      const c = await placeSupplierOrder(t, 'TRK', {}, 1);
      const e = await placeSupplierOrder(t, 'TRK', {}, 2);
      const other = await placeSupplierOrder(t, 'OTHERSUP', {}, 1);
      for (const so of [a, b, c, e, other]) await move(so, 'submitted');
      await move(c, 'cancelled');
      const [a1, a2] = await skus(a);
      const [e1] = await skus(e);

      const file = [
        'reference,carrier,tracking_number,tracking_url,shipped_at,lines',
        `${a.reference},DHL,DHL-1,https://track.example/DHL-1,2026-11-29T10:00:00Z,${a1}:2`,
        `${b.reference},UPS,UPS-1,,2026-11-29,`,
        `${b.reference},UPS,UPS-1,,2026-11-29,`,
        '',
        `${a.reference},DHL,DHL-2,,2026-11-30T08:00:00+01:00,${a1}:1;${a2}:2`,
        `NOPE-1,DHL,X-1,,2026-11-29,`,
        `${other.reference},DHL,X-2,,2026-11-29,`,
        `${e.reference},DHL,X-3,,2026-13-01,`,
        `${e.reference},DHL,X-4,,2026-11-29,${e1}:0`,
        `${e.reference},DHL,X-5,,2026-11-29,NOT-IN-IT:1`,
        `${c.reference},DHL,X-6,,2026-11-29,`,
        `${a.reference},DHL,DHL-2,,2026-11-30T08:00:00+01:00,${a1}:1;${a2}:2`,
        `${e.reference},DHL,X-7,ftp://track.example/X-7,2026-11-29,`,
        `${e.reference},DHL,X-8`,
        `${e.reference},DHL,X-9,,2026-11-29,${e1}:3`,
        '',
      ].join('\n');
      const res = await upload(a.supplierId, file);
      expect(res.statusCode).toBe(200);
      const unknown = (ref: string) => `reference: ${ref} is not the reference of any supplier order of TRK`;
      expect(res.json()).toEqual({
        supplierCode: 'TRK',
        rowsRead: 14,
        applied: 3,
        unchanged: 2,
        rejected: 9,
        rows: [
          { line: 2, reference: a.reference, outcome: 'applied', status: 'partially_shipped' },
          { line: 3, reference: b.reference, outcome: 'applied', status: 'shipped' },
          {
            line: 4,
            reference: b.reference,
            outcome: 'unchanged',
            status: 'shipped',
            reason: 'a shipped supplier order cannot become shipped (from shipped only: delivered)',
          },
          { line: 6, reference: a.reference, outcome: 'applied', status: 'shipped' },
          { line: 7, reference: 'NOPE-1', outcome: 'rejected', reason: unknown('NOPE-1') },
          { line: 8, reference: other.reference, outcome: 'rejected', reason: unknown(other.reference) },
          {
            line: 9,
            reference: e.reference,
            outcome: 'rejected',
            reason: 'shipped_at: "2026-13-01" is not a date',
          },
          {
            line: 10,
            reference: e.reference,
            outcome: 'rejected',
            reason: `lines: the quantity of ${e1} must be a whole number from 1 to 1000000, got "0"`,
          },
          {
            line: 11,
            reference: e.reference,
            outcome: 'rejected',
            reason: 'lines: part 1 (supplierSku): NOT-IN-IT is not in this supplier order',
          },
          {
            line: 12,
            reference: c.reference,
            outcome: 'rejected',
            reason: 'a cancelled supplier order cannot become shipped (cancelled is final)',
          },
          {
            line: 13,
            reference: a.reference,
            outcome: 'unchanged',
            status: 'shipped',
            reason: 'a shipped supplier order cannot become partially_shipped (from shipped only: delivered)',
          },
          {
            line: 14,
            reference: e.reference,
            outcome: 'rejected',
            reason: 'tracking_url: must be an http or https URL',
          },
          { line: 15, reference: e.reference, outcome: 'rejected', reason: 'has 3 fields, the header has 6' },
          {
            line: 16,
            reference: e.reference,
            outcome: 'rejected',
            reason: `lines: part 1 (quantity): more units of ${e1} than are still to ship (2 open)`,
          },
        ],
      });

      // A: two parcels (2 units, then the rest), shipped; the customer order follows.
      const sa = await state(a);
      expect(sa.order).toMatchObject({ status: 'shipped', carrier: 'DHL', tracking_number: 'DHL-2' });
      expect(sa.order.shipped_at?.toISOString()).toBe('2026-11-29T10:00:00.000Z');
      expect(sa.items).toEqual([
        { supplier_sku: a1, quantity_shipped: 3 },
        { supplier_sku: a2, quantity_shipped: 2 },
      ]);
      expect(sa.parcels).toEqual([
        {
          carrier: 'DHL',
          tracking_number: 'DHL-1',
          tracking_url: 'https://track.example/DHL-1',
          lines: [{ supplierSku: a1, quantity: 2 }],
          source: 'csv',
          shipped_at: new Date('2026-11-29T10:00:00Z'),
        },
        {
          carrier: 'DHL',
          tracking_number: 'DHL-2',
          tracking_url: null,
          lines: [
            { supplierSku: a1, quantity: 1 },
            { supplierSku: a2, quantity: 2 },
          ],
          source: 'csv',
          shipped_at: new Date('2026-11-30T07:00:00Z'),
        },
      ]);
      expect(sa.customerStatus).toBe('shipped');
      const eventsA = await supplierOrderEvents(t.database.db, a.supplierOrderId);
      expect(eventsA.slice(1).map((ev) => [ev.from, ev.to, ev.source, ev.applied, ev.actor])).toEqual([
        ['submitted', 'partially_shipped', 'csv', true, 'test staff'],
        ['partially_shipped', 'shipped', 'csv', true, 'test staff'],
        ['shipped', 'partially_shipped', 'csv', false, 'test staff'],
      ]);
      expect(eventsA[1]!.payload).toMatchObject({ line: 2, row: { carrier: 'DHL', tracking_number: 'DHL-1' } });

      // B: one parcel, the repeat logged as refused; C stays cancelled (its refusal logged); E untouched.
      expect((await state(b)).parcels).toHaveLength(1);
      expect((await supplierOrderEvents(t.database.db, b.supplierOrderId)).at(-1)).toMatchObject({
        from: 'shipped',
        to: 'shipped',
        source: 'csv',
        applied: false,
      });
      expect((await state(c)).order.status).toBe('cancelled');
      expect((await supplierOrderEvents(t.database.db, c.supplierOrderId)).at(-1)).toMatchObject({
        to: 'shipped',
        applied: false,
      });
      const se = await state(e);
      expect(se.order.status).toBe('submitted');
      expect(se.parcels).toEqual([]);
      expect(se.items.map((i) => i.quantity_shipped)).toEqual([0]);
      expect(await supplierOrderEvents(t.database.db, e.supplierOrderId)).toHaveLength(1);
      expect((await state(other)).order.status).toBe('submitted');
    });

    it('refuses a file it cannot read, naming the line, and writes nothing', async () => {
      const so = await placeSupplierOrder(t, 'TRKBAD', {}, 1);
      await move(so, 'submitted');
      const before = await writes();
      const good = `${so.reference},DHL,OK-1,,2026-11-29,`;
      const cases: [string, string][] = [
        [`reference,carrier,tracking_no\n${good}`, 'line 1: unknown column "tracking_no"'],
        [`reference,carrier\n${so.reference},DHL`, 'line 1: the column tracking_number is missing'],
        [
          `reference,carrier,tracking_number\n${good}\n"${so.reference},DHL,X`,
          'line 3: the file cannot be read as CSV',
        ],
        ['', 'line 1: the file is empty'],
      ];
      for (const [body, message] of cases) {
        const res = await upload(so.supplierId, body);
        expect(res.statusCode, body).toBe(400);
        expect(res.json().error.message).toContain(message);
      }
      expect(await writes()).toBe(before);
      expect((await state(so)).order.status).toBe('submitted');
    });

    it('needs a staff token, a supplier that exists and a CSV body', async () => {
      const so = await placeSupplierOrder(t, 'TRKAUTH', {}, 1);
      const body = `reference,carrier,tracking_number\n${so.reference},DHL,A-1`;
      expect((await upload(so.supplierId, body, { authorization: '' })).statusCode).toBe(401);
      expect((await upload(999_999, body)).statusCode).toBe(404);
      const json = await t.app.inject({
        method: 'POST',
        url: `/api/suppliers/${so.supplierId}/tracking-imports`,
        headers: { ...t.staff, 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(json.statusCode).toBe(415);
    });
  });
}
