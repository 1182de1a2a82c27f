/**
 * The supplier order state machine: every allowed change is applied with its timestamp and
 * logged; every other change is refused, logged with its explanation, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupplierOrderStatus } from '../../src/db/types.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { TRANSITIONS } from '../../src/fulfillment/status.js';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

const ALL = Object.keys(TRANSITIONS) as SupplierOrderStatus[];

for (const backend of backends) {
  describe(`supplier order transitions on ${backend}`, () => {
    let t: TestApp;
    let id: number;
    // A new database with every migration (and the job queue): minutes on a busy machine.
    beforeAll(async () => {
      t = await testApp(backend);
      id = (await placeSupplierOrder(t)).supplierOrderId;
    }, 180_000);
    afterAll(async () => t?.close());

    const snapshot = () =>
      t.database.db.selectFrom('supplier_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // Test setup only: puts the supplier order into a status without the state machine.
    const force = (status: SupplierOrderStatus) =>
      t.database.db.updateTable('supplier_orders').set({ status }).where('id', '=', id).execute();

    it('allows exactly the changes of the table; each is applied and logged, every other one refused and logged', async () => {
      const db = t.database.db;
      let allowed = 0;
      let refused = 0;
      for (const from of ALL) {
        for (const to of ALL) {
          await force(from);
          const before = await snapshot();
          const result = await db
            .transaction()
            .execute((trx) =>
              transitionSupplierOrder(trx, { supplierOrderId: id, to, source: 'operator', actor: 'test' }),
            );
          const after = await snapshot();
          // The change's own event (a cancel request to a supplier that is told by hand adds a note after it).
          const events = (await supplierOrderEvents(db, id)).filter((e) => !('note' in e.payload));
          const event = events.at(-1)!;
          expect(event).toMatchObject({ id: result.eventId, from, to, source: 'operator', actor: 'test' });
          if (TRANSITIONS[from].includes(to)) {
            allowed += 1;
            expect(result).toMatchObject({ applied: true, from, to });
            expect(after.status).toBe(to);
            expect(event.applied).toBe(true);
          } else {
            refused += 1;
            expect(result.applied).toBe(false);
            expect(result.reason).toContain(`a ${from} supplier order cannot become ${to}`);
            expect(event).toMatchObject({ applied: false, reason: result.reason });
            expect(after).toEqual(before);
          }
        }
      }
      expect(allowed).toBe(Object.values(TRANSITIONS).flat().length);
      expect(allowed + refused).toBe(ALL.length * ALL.length);
    });

    it('sets the timestamp of each stage, the reference, tracking and the reason', async () => {
      const db = t.database.db;
      await force('pending');
      await db.updateTable('supplier_orders').set({ shipped_at: null }).where('id', '=', id).execute();
      const step = (to: SupplierOrderStatus, extra: Record<string, unknown> = {}) =>
        db
          .transaction()
          .execute((trx) => transitionSupplierOrder(trx, { supplierOrderId: id, to, source: 'webhook', ...extra }));
      const shippedAt = new Date('2026-11-02T10:00:00Z');
      expect((await step('submitted', { externalReference: 'SUP-77' })).applied).toBe(true);
      expect((await step('acknowledged')).applied).toBe(true);
      expect(
        (await step('partially_shipped', { at: shippedAt, tracking: { carrier: 'DHL', number: 'T1' } })).applied,
      ).toBe(true);
      expect(
        (await step('shipped', { tracking: { carrier: 'DHL', number: 'T2', url: 'https://t.example/T2' } })).applied,
      ).toBe(true);
      expect((await step('delivered')).applied).toBe(true);
      const row = await snapshot();
      expect(row).toMatchObject({
        status: 'delivered',
        external_reference: 'SUP-77',
        carrier: 'DHL',
        tracking_number: 'T2',
        tracking_url: 'https://t.example/T2',
        next_attempt_at: null,
      });
      for (const column of ['submitted_at', 'acknowledged_at', 'delivered_at'] as const)
        expect(row[column]).toBeInstanceOf(Date);
      expect(row.shipped_at).toEqual(shippedAt);

      // A late acknowledgement after delivery changes nothing and says why.
      const late = await step('acknowledged', { reason: 'order.accepted', payload: { id: 'evt-late' } });
      expect(late).toMatchObject({ applied: false });
      expect(late.reason).toBe('a delivered supplier order cannot become acknowledged (delivered is final)');
      const events = await supplierOrderEvents(db, id);
      expect(events.at(-1)).toMatchObject({ applied: false, payload: { id: 'evt-late' } });
      expect(events.at(-1)!.reason).toContain('given reason: order.accepted');
      expect(await snapshot()).toEqual(row);

      await force('pending');
      await step('failed', { reason: 'supplier unreachable after 8 attempts' });
      expect((await snapshot()).last_error).toBe('supplier unreachable after 8 attempts');
      await step('pending');
      expect((await snapshot()).next_attempt_at).toBeInstanceOf(Date);
    });

    it('a change inside a transaction that rolls back leaves neither the status nor the event', async () => {
      const db = t.database.db;
      await force('pending');
      const count = (await supplierOrderEvents(db, id)).length;
      await expect(
        db.transaction().execute(async (trx) => {
          await transitionSupplierOrder(trx, { supplierOrderId: id, to: 'submitted', source: 'api' });
          throw new Error('the caller fails after the change');
        }),
      ).rejects.toThrow('the caller fails');
      expect((await snapshot()).status).toBe('pending');
      expect((await supplierOrderEvents(db, id)).length).toBe(count);
    });

    it('an unknown supplier order is not found', async () => {
      await expect(
        t.database.db
          .transaction()
          .execute((trx) => transitionSupplierOrder(trx, { supplierOrderId: 999_999, to: 'submitted', source: 'api' })),
      ).rejects.toThrow('Supplier order 999999 does not exist');
    });
  });
}
