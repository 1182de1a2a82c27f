/**
 * Each alarm rule on both backends: it fires on a hand-made state, stays one open alarm over
 * repeated evaluations, resolves when the cause goes away, and comes back as a new alarm when
 * the cause does; a supplier's own threshold overrides the configured one; an operator's
 * acknowledgement keeps the alarm open until it resolves.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/alerts/evaluate.js';
import type { RuleInputs } from '../../src/alerts/rules.js';
import { acknowledgeAlert } from '../../src/alerts/repository.js';
import { inTransaction } from '../../src/db/transaction.js';
import type { DB } from '../../src/db/types.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { offer, stock, warehouse } from '../support/dropship.js';
import { databaseNow, handOrders, handSupplier } from '../support/performance.js';

const rules: RuleInputs = {
  thresholds: { submitMinutes: 30, ackHours: 24, trackingDays: 2, reservationDays: 7 },
  ratingFloor: '2.00',
};

const evaluate = (db: Kysely<DB>, inputs = rules) => inTransaction(db, (trx) => evaluateAlerts(trx, inputs));

async function alertsOf(db: Kysely<DB>, subject: string) {
  return db.selectFrom('alerts').selectAll().where('subject', '=', subject).orderBy('id').execute();
}

for (const backend of backends) {
  describe(`alarm rules on ${backend}`, () => {
    let database: TestDatabase;
    let db: Kysely<DB>;
    let now: Date;
    beforeAll(async () => {
      database = await migratedDatabase(backend);
      db = database.db;
      now = await databaseNow(db);
    }, 180_000);
    afterAll(async () => database?.dispose());

    /** Fires, stays one alarm, resolves after `cure`, and returns the alarm. */
    async function firesAndResolves(rule: string, subject: string, cure: () => Promise<unknown>) {
      await evaluate(db);
      const [open] = await alertsOf(db, subject);
      expect(open).toMatchObject({ rule, resolved_at: null });
      await evaluate(db);
      const again = await alertsOf(db, subject);
      expect(again).toHaveLength(1);
      expect(again[0]!.first_seen_at).toEqual(open!.first_seen_at);
      expect(again[0]!.last_seen_at.getTime()).toBeGreaterThanOrEqual(open!.last_seen_at.getTime());
      await cure();
      await evaluate(db);
      const [resolved] = await alertsOf(db, subject);
      expect(resolved!.resolved_at).toBeInstanceOf(Date);
      return open!;
    }

    /** The customer order of a hand-made supplier order, and its one line. */
    async function orderLineOf(supplierOrderId: number) {
      const row = await db
        .selectFrom('supplier_orders as so')
        .innerJoin('order_items as oi', 'oi.order_id', 'so.order_id')
        .select(['so.order_id', 'oi.id'])
        .where('so.id', '=', supplierOrderId)
        .executeTakeFirstOrThrow();
      return { orderId: row.order_id, item: { id: row.id } };
    }

    const setStatus = (id: number, values: Record<string, unknown>) =>
      db.updateTable('supplier_orders').set(values).where('id', '=', id).execute();

    it('not_submitted: an auto-submit supplier order still pending after the threshold; a supplier threshold overrides it', async () => {
      const auto = await handSupplier(db, 'AUTOSUB');
      await db.updateTable('suppliers').set({ auto_submit: true }).where('id', '=', auto.supplierId).execute();
      const [late, fresh] = await handOrders(db, auto, now, [
        { status: 'pending', created: 1 },
        { status: 'pending', created: 0.25 },
      ]);
      const patient = await handSupplier(db, 'PATIENT');
      await db
        .updateTable('suppliers')
        .set({ auto_submit: true, alert_thresholds: JSON.stringify({ submitMinutes: 120 }) })
        .where('id', '=', patient.supplierId)
        .execute();
      const [waiting] = await handOrders(db, patient, now, [{ status: 'pending', created: 1 }]);
      const manual = await handSupplier(db, 'BYHAND');
      const [byHand] = await handOrders(db, manual, now, [{ status: 'pending', created: 5 }]);
      const alert = await firesAndResolves('not_submitted', `supplier_order:${late}`, () =>
        setStatus(late!, { status: 'submitted', submitted_at: new Date() }),
      );
      expect(alert.message).toMatch(
        /^Supplier order \d+ to AUTOSUB is not sent 60 minutes after the order \(threshold 30\)$/,
      );
      for (const quiet of [fresh, waiting, byHand]) expect(await alertsOf(db, `supplier_order:${quiet}`)).toEqual([]);
    });

    it('not_acknowledged: submitted longer ago than the threshold', async () => {
      const s = await handSupplier(db, 'SILENT');
      const [id, recent] = await handOrders(db, s, now, [
        { status: 'submitted', created: 31, submitted: 30, shipBy: -24 },
        { status: 'submitted', created: 3, submitted: 2, shipBy: -24 },
      ]);
      await firesAndResolves('not_acknowledged', `supplier_order:${id}`, () =>
        setStatus(id!, { status: 'acknowledged', acknowledged_at: new Date() }),
      );
      expect(await alertsOf(db, `supplier_order:${recent}`)).toEqual([]);
    });

    it('not_shipped_by_ship_by: its ship-by time has passed and it has not shipped', async () => {
      const s = await handSupplier(db, 'SLOWSHIP');
      const [id] = await handOrders(db, s, now, [
        { status: 'acknowledged', created: 30, submitted: 29, acknowledged: 28, shipBy: 2 },
      ]);
      const alert = await firesAndResolves('not_shipped_by_ship_by', `supplier_order:${id}`, () =>
        setStatus(id!, { status: 'shipped', shipped_at: new Date(), tracking_number: 'T-1' }),
      );
      expect(alert.details).toEqual({ shipBy: expect.any(String) });
    });

    it('no_tracking: shipped longer ago than the threshold without a tracking number', async () => {
      const s = await handSupplier(db, 'NOTRACK');
      const [id, young] = await handOrders(db, s, now, [
        { status: 'shipped', created: 100, submitted: 99, shipped: 72, shipBy: 70 },
        { status: 'shipped', created: 30, submitted: 29, shipped: 20, shipBy: 10 },
      ]);
      await firesAndResolves('no_tracking', `supplier_order:${id}`, () => setStatus(id!, { tracking_number: 'T-2' }));
      expect(await alertsOf(db, `supplier_order:${young}`)).toEqual([]);
    });

    it('dispatch_failed: dispatch gave up, until an operator sends it again', async () => {
      const s = await handSupplier(db, 'BROKEN');
      const [id] = await handOrders(db, s, now, [{ status: 'failed', created: 3 }]);
      await setStatus(id!, { attempts: 8, last_error: 'HTTP 503 after 8 attempts' });
      const alert = await firesAndResolves('dispatch_failed', `supplier_order:${id}`, () =>
        setStatus(id!, { status: 'pending' }),
      );
      expect(alert.message).toContain('failed after 8 attempt(s): HTTP 503 after 8 attempts');
    });

    it('line_unfulfillable: a line re-routing could fill from nowhere, until it is filled or its order cancelled', async () => {
      const s = await handSupplier(db, 'NOWHERE');
      const [supplierOrderId] = await handOrders(db, s, now, [{ status: 'rejected', created: 5 }]);
      const { orderId, item } = await orderLineOf(supplierOrderId!);
      await db
        .updateTable('order_items')
        .set({ unfulfillable_since: sql`now()`, unfulfillable_reason: 'no source has 1 unit of HAND' })
        .where('id', '=', item.id)
        .execute();
      const alert = await firesAndResolves('line_unfulfillable', `order_item:${item.id}`, () =>
        db
          .updateTable('order_items')
          .set({ unfulfillable_since: null, unfulfillable_reason: null })
          .where('id', '=', item.id)
          .execute(),
      );
      expect(alert.message).toContain('cannot be filled from anywhere since');
      expect(alert.message).toContain(': no source has 1 unit of HAND');
      expect(alert.order_id).toBe(orderId);
    });

    it('stale_reservation: own stock held by an order that has not changed for the threshold', async () => {
      const s = await handSupplier(db, 'STOCKHOLD');
      const [supplierOrderId] = await handOrders(db, s, now, [{ status: 'pending', created: 24 * 10 }]);
      const { orderId, item } = await orderLineOf(supplierOrderId!);
      const inventoryId = await stock(db, await warehouse(db, 'HOLD'), s.productId, 5);
      await db
        .insertInto('order_item_allocations')
        .values({
          order_id: orderId,
          order_item_id: item.id,
          source_type: 'warehouse',
          fulfillment_inventory_id: inventoryId,
          quantity: 2,
          status: 'reserved',
          decision: JSON.stringify({}),
        })
        .execute();
      // The order was written 10 days ago and has not changed since (orders.updated_at).
      const alert = await firesAndResolves('stale_reservation', `order:${orderId}`, () =>
        db.updateTable('order_item_allocations').set({ status: 'shipped' }).where('order_id', '=', orderId).execute(),
      );
      expect(alert.details).toMatchObject({ units: 2, thresholdDays: 7 });
    });

    it('stale_feed: the newest available item of an active supplier is older than its catalog_max_age_hours', async () => {
      const s = await handSupplier(db, 'OLDFEED');
      await offer(db, s.supplierId, s.productId, '5.00', 10, { seenHoursAgo: 60 });
      await firesAndResolves('stale_feed', `supplier:${s.supplierId}`, () =>
        db
          .updateTable('supplier_catalogs')
          .set({ last_seen_at: sql`now()` })
          .where('supplier_id', '=', s.supplierId)
          .execute(),
      );
    });

    it('rating_under_floor: a 30-day rating from enough orders under the floor; off without a floor', async () => {
      const s = await handSupplier(db, 'POORLY');
      await sql`INSERT INTO supplier_performance (supplier_id, period_kind, period_label, period_start, period_end, rating, rated)
                VALUES (${s.supplierId}, 'rolling', '30d', current_date - 29, current_date, 1.50, true)`.execute(db);
      await evaluate(db, { ...rules, ratingFloor: undefined });
      expect(await alertsOf(db, `supplier:${s.supplierId}`)).toEqual([]);
      const alert = await firesAndResolves('rating_under_floor', `supplier:${s.supplierId}`, () =>
        db
          .updateTable('supplier_performance')
          .set({ rating: '3.00' })
          .where('supplier_id', '=', s.supplierId)
          .execute(),
      );
      expect(alert.message).toBe('POORLY is rated 1.50 over 30 days, under the routing floor 2.00: routing skips it');
    });

    it('an acknowledged alarm stays open until its cause goes away; a cause that returns opens a new one', async () => {
      const s = await handSupplier(db, 'ACKME');
      const [id] = await handOrders(db, s, now, [{ status: 'failed', created: 2 }]);
      const first = await evaluate(db);
      expect(first.opened).toBeGreaterThanOrEqual(1);
      const [open] = await alertsOf(db, `supplier_order:${id}`);
      const acked = await inTransaction(db, (trx) => acknowledgeAlert(trx, open!.id, 'marta@example.com'));
      expect(acked).toMatchObject({ id: open!.id, acknowledgedBy: 'marta@example.com', resolvedAt: null });
      const second = await evaluate(db);
      expect(second.opened).toBe(0);
      expect(await alertsOf(db, `supplier_order:${id}`)).toMatchObject([
        { resolved_at: null, acknowledged_by: 'marta@example.com' },
      ]);
      await setStatus(id!, { status: 'pending' });
      expect((await evaluate(db)).resolved).toBe(1);
      await setStatus(id!, { status: 'failed' });
      await evaluate(db);
      const both = await alertsOf(db, `supplier_order:${id}`);
      expect(both.map((a) => [a.resolved_at === null, a.acknowledged_by])).toEqual([
        [false, 'marta@example.com'],
        [true, null],
      ]);
      expect(await inTransaction(db, (trx) => acknowledgeAlert(trx, 999_999, 'x'))).toBeUndefined();
    });
  });
}
