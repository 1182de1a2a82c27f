/**
 * The one-statement acknowledgement of a submitted supplier order (inbound/acknowledgement.ts) and
 * the secrets the webhook route keeps in memory for it, on both backends: it writes exactly what
 * the general path writes, writes nothing whenever it is not sure (another status, a repeated event
 * id, a changed secret), and a rotated secret is never accepted from memory. Two deliveries of one
 * event at once apply it once (on the server, where they really run at once).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeSubmitted, type VerifiedSupplier } from '../../src/fulfillment/inbound/acknowledgement.js';
import { parseSupplierEvent } from '../../src/fulfillment/inbound/event.js';
import { transitionSupplierOrder } from '../../src/fulfillment/transition.js';
import { updateSupplier } from '../../src/suppliers/service.js';
import { newEvent, signature, type SimEvent } from '../../src/supplier-sim/webhooks.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { connectToSim } from '../support/dispatch.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

const SECRET = 'whsec-ack-1';

for (const backend of backends) {
  describe(`one-statement acknowledgements on ${backend}`, () => {
    let t: TestApp;
    let code = '';
    let supplierId = 0;
    let suppliers = 0;
    beforeAll(async () => {
      t = await testApp(backend);
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    /** A new supplier with a webhook secret (the first call) or the same one, and a submitted order of it. */
    async function submittedOrder(newSupplier = false) {
      if (newSupplier || !code) {
        suppliers += 1;
        code = `ACK${suppliers}`;
      }
      const placed = await placeSupplierOrder(t, code, {}, 1);
      if (placed.supplierId !== supplierId) {
        supplierId = placed.supplierId;
        await connectToSim(t.database.db, t.secrets.credentialsKey, supplierId, 'http://127.0.0.1:9', {
          apiKey: 'key-ack',
          webhookSecret: SECRET,
        });
      }
      await t.database.db
        .transaction()
        .execute((trx) =>
          transitionSupplierOrder(trx, { supplierOrderId: placed.supplierOrderId, to: 'submitted', source: 'system' }),
        );
      return placed;
    }
    const post = (event: SimEvent, secret = SECRET) => {
      const body = JSON.stringify(event);
      return t.app.inject({
        method: 'POST',
        url: `/api/webhooks/suppliers/${code}`,
        headers: {
          'content-type': 'application/json',
          'x-jne-signature': signature(secret, Math.floor(Date.now() / 1000), body),
        },
        payload: body,
      });
    };
    const verified = async (): Promise<VerifiedSupplier> => {
      const row = await t.database.db
        .selectFrom('suppliers')
        .select(['id', 'code', 'webhook_secret_encrypted'])
        .where('id', '=', supplierId)
        .executeTakeFirstOrThrow();
      return { id: row.id, code: row.code, webhookSecretEncrypted: row.webhook_secret_encrypted! };
    };
    /** What an acknowledgement leaves behind, without ids and the order's own times. */
    const trace = async (supplierOrderId: number) => {
      const db = t.database.db;
      const order = await db
        .selectFrom('supplier_orders')
        .select(['status', 'acknowledged_at', 'submitted_at', 'external_reference', 'next_attempt_at'])
        .where('id', '=', supplierOrderId)
        .executeTakeFirstOrThrow();
      const events = await db
        .selectFrom('supplier_order_events')
        .select(['from_status', 'to_status', 'source', 'applied', 'reason', 'actor', 'payload'])
        .where('supplier_order_id', '=', supplierOrderId)
        .orderBy('id')
        .execute();
      const receipts = await db
        .selectFrom('supplier_webhook_receipts')
        .select(['event_type', 'applied'])
        .where('supplier_order_id', '=', supplierOrderId)
        .execute();
      return { order, events, receipts };
    };
    const counts = async () =>
      (
        await sql<{ events: number; receipts: number }>`
          SELECT (SELECT count(*)::int FROM supplier_order_events) AS events,
                 (SELECT count(*)::int FROM supplier_webhook_receipts) AS receipts`.execute(t.database.db)
      ).rows[0]!;

    it('writes what the general path writes', async () => {
      const first = await submittedOrder(true);
      const second = await submittedOrder();
      const at = '2026-11-30T10:00:00.000Z';
      // The first event of a supplier takes the general path (nothing is known of it yet) ...
      expect(
        (await post(newEvent('order.accepted', first.reference, { occurredAt: at, externalReference: 'X-1' }))).json(),
      ).toEqual({
        applied: true,
      });
      // ... the second the one statement, from the secret the first one verified.
      const event = newEvent('order.accepted', second.reference, { occurredAt: at, externalReference: 'X-1' });
      expect(
        await acknowledgeSubmitted(t.database.db, await verified(), parseSupplierEvent(JSON.stringify(event))),
      ).toBe(true);

      const general = await trace(first.supplierOrderId);
      const fast = await trace(second.supplierOrderId);
      expect(fast.order.status).toBe('acknowledged');
      expect(fast.order.acknowledged_at?.toISOString()).toBe(at);
      expect(fast.order.external_reference).toBe('X-1');
      expect(fast.events.at(-1)).toMatchObject({
        source: 'webhook',
        actor: code,
        applied: true,
        to_status: 'acknowledged',
      });
      expect(fast.receipts).toEqual([{ event_type: 'order.accepted', applied: true }]);
      const withoutIds = (x: typeof fast) => ({
        ...x,
        order: { ...x.order, submitted_at: null },
        events: x.events.map((e) => ({ ...e, payload: { ...(e.payload as object), id: null, reference: null } })),
      });
      expect(withoutIds(fast)).toEqual(withoutIds(general));
    });

    it("keeps the supplier's order number from the submission unless the event brings one", async () => {
      const supplier = await verified();
      const [kept, replaced] = [await submittedOrder(), await submittedOrder()];
      for (const order of [kept, replaced]) {
        await t.database.db
          .updateTable('supplier_orders')
          .set({ external_reference: 'SUP-9' })
          .where('id', '=', order.supplierOrderId)
          .execute();
      }
      const accepted = (reference: string, extra: Partial<SimEvent> = {}) =>
        parseSupplierEvent(JSON.stringify(newEvent('order.accepted', reference, extra)));
      expect(await acknowledgeSubmitted(t.database.db, supplier, accepted(kept.reference))).toBe(true);
      expect(
        await acknowledgeSubmitted(
          t.database.db,
          supplier,
          accepted(replaced.reference, { externalReference: 'SUP-10' }),
        ),
      ).toBe(true);
      expect((await trace(kept.supplierOrderId)).order.external_reference).toBe('SUP-9');
      expect((await trace(replaced.supplierOrderId)).order.external_reference).toBe('SUP-10');
    });

    it('writes nothing when the order is not submitted, the event id is known or the secret changed', async () => {
      const order = await submittedOrder();
      const supplier = await verified();
      const event = parseSupplierEvent(JSON.stringify(newEvent('order.accepted', order.reference)));
      const before = await counts();
      expect(
        await acknowledgeSubmitted(t.database.db, { ...supplier, webhookSecretEncrypted: 'v1:stale' }, event),
      ).toBeNull();
      expect(await acknowledgeSubmitted(t.database.db, { ...supplier, code: 'RENAMED' }, event)).toBeNull();
      expect(await counts()).toEqual(before);
      expect(await acknowledgeSubmitted(t.database.db, supplier, event)).toBe(true);
      // The same event again, and a new event for the now acknowledged order.
      expect(await acknowledgeSubmitted(t.database.db, supplier, event)).toBeNull();
      const later = parseSupplierEvent(JSON.stringify(newEvent('order.accepted', order.reference)));
      expect(await acknowledgeSubmitted(t.database.db, supplier, later)).toBeNull();
      // An event id already received (for another order) is not applied to this one.
      const other = await submittedOrder();
      const after = await counts();
      const reused = parseSupplierEvent(
        JSON.stringify({ ...newEvent('order.accepted', other.reference), id: event.id }),
      );
      expect(await acknowledgeSubmitted(t.database.db, supplier, reused)).toBeNull();
      expect((await trace(other.supplierOrderId)).order.status).toBe('submitted');
      expect(after).toMatchObject({ receipts: before.receipts + 1 });
      expect(await counts()).toEqual(after);
    });

    it('the route answers repeats and late events through the general path', async () => {
      const order = await submittedOrder();
      const event = newEvent('order.accepted', order.reference);
      expect((await post(event)).json()).toEqual({ applied: true });
      expect((await post(event)).json()).toEqual({ applied: false, reason: `event ${event.id} was already received` });
      const late = (await post(newEvent('order.accepted', order.reference))).json();
      expect(late).toMatchObject({ applied: false });
      expect(late.reason).toMatch(/acknowledged supplier order cannot become acknowledged/);
    });

    it('a rotated secret is never accepted from memory', async () => {
      const order = await submittedOrder();
      // The route has verified SECRET for this supplier before; the operator replaces it.
      expect((await post(newEvent('order.accepted', (await submittedOrder()).reference))).statusCode).toBe(200);
      await t.database.db
        .transaction()
        .execute((trx) => updateSupplier(trx, t.secrets.credentialsKey, supplierId, { webhookSecret: 'whsec-ack-2' }));
      const before = await counts();
      const stale = await post(newEvent('order.accepted', order.reference), SECRET);
      expect(stale.statusCode).toBe(401);
      expect(await counts()).toEqual(before);
      expect((await trace(order.supplierOrderId)).order.status).toBe('submitted');
      expect((await post(newEvent('order.accepted', order.reference), 'whsec-ack-2')).json()).toEqual({
        applied: true,
      });
    });

    // PGlite is one session: only the server runs the deliveries at once.
    if (backend === 'postgres')
      it('two deliveries of one event at once apply it once', async () => {
        // A new supplier whose secret the route has verified once: the deliveries race in the one statement.
        const warm = await submittedOrder(true);
        expect((await post(newEvent('order.accepted', warm.reference))).json()).toEqual({ applied: true });
        const orders = [];
        for (let i = 0; i < 5; i += 1) orders.push(await submittedOrder());
        const before = await counts();
        const answers = await Promise.all(
          orders.flatMap((order) => {
            const event = newEvent('order.accepted', order.reference);
            return [post(event), post(event), post(event)];
          }),
        );
        const applied = answers.map((a) => a.json() as { applied: boolean }).filter((a) => a.applied);
        expect(applied).toHaveLength(orders.length);
        expect(await counts()).toEqual({
          events: before.events + orders.length,
          receipts: before.receipts + orders.length,
        });
      });
  });
}
