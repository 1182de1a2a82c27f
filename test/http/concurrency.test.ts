/**
 * Concurrent requests: the embedded database is one session, so a transaction must hold it from
 * BEGIN to COMMIT; two requests' statements never interleave inside each other's transaction.
 * On the server the same requests run on separate connections and must give the same outcome.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlacementStep } from '../../src/orders/placement.js';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { smallCatalog } from '../support/catalog.js';

// BOOT-1 goes to a dropshipping supplier: the orders share no stock row, so on the server
// neither waits for the other's row lock.
const body = (email: string) => ({
  items: [{ sku: 'BOOT-1', quantity: 1 }],
  customer: { email, name: 'Concurrent' },
  shippingAddress: { name: 'C', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
});

for (const backend of backends) {
  describe(`concurrent requests on ${backend}`, () => {
    let t: TestApp;
    afterEach(() => t?.close());

    it('two orders placed at once: one commits whole, the failing one leaves nothing', async () => {
      const events: string[] = [];
      let bothInside!: () => void;
      const meeting = new Promise<void>((resolve) => (bothInside = resolve));
      // Inside each order's transaction: note entry, wait for the other order to enter too (on the
      // server it does; on the one embedded session it cannot, so the wait ends after 50 ms), write,
      // note exit; the one for fail@ then throws.
      const step: PlacementStep = async (trx, order) => {
        events.push(`enter ${order.email}`);
        if (events.filter((e) => e.startsWith('enter')).length === 2) bothInside();
        await Promise.race([meeting, sleep(backend === 'embedded' ? 50 : 20_000)]);
        await sql`update orders set notes = ${`step of ${order.email}`} where id = ${order.id}`.execute(trx);
        await sleep(20);
        events.push(`leave ${order.email}`);
        if (order.email === 'fail@example.com') throw new Error('refused inside the transaction');
      };
      t = await testApp(backend, { orderSteps: [step] });
      await dropshipCatalog(t);

      const [failed, ok] = await Promise.all([
        t.app.inject({ method: 'POST', url: '/api/orders', payload: body('fail@example.com') }),
        t.app.inject({ method: 'POST', url: '/api/orders', payload: body('ok@example.com') }),
      ]);
      expect(failed.statusCode).toBe(500);
      expect(ok.statusCode).toBe(201);

      const orders = await t.database.db.selectFrom('orders').select(['email', 'notes']).execute();
      expect(orders).toEqual([{ email: 'ok@example.com', notes: 'step of ok@example.com' }]);
      const customers = await t.database.db.selectFrom('customers').select('email').execute();
      expect(customers).toEqual([{ email: 'ok@example.com' }]);
      const items = await t.database.db.selectFrom('order_items').select('order_id').execute();
      expect(items).toHaveLength(1);

      if (backend === 'embedded') {
        // One session: the second transaction only begins after the first has ended.
        expect(events).toEqual([
          'enter fail@example.com',
          'leave fail@example.com',
          'enter ok@example.com',
          'leave ok@example.com',
        ]);
      } else {
        // Separate connections: both transactions were open at the same time.
        expect(events.slice(0, 2).every((e) => e.startsWith('enter'))).toBe(true);
      }
    });

    it('reads during a long transaction see only committed data', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      t = await testApp(backend, {
        orderSteps: [
          async () => {
            entered();
            await held;
          },
        ],
      });
      await dropshipCatalog(t);
      const placing = t.app.inject({ method: 'POST', url: '/api/orders', payload: body('slow@example.com') });
      await inside;
      const reading = t.app.inject({ url: '/api/orders', headers: t.admin });
      const first = await Promise.race([reading.then(() => 'read'), sleep(100).then(() => 'waiting')]);
      // Embedded: the read waits for the session; server: it runs and sees no uncommitted order.
      if (backend === 'embedded') expect(first).toBe('waiting');
      // Server: the read ends while the order's transaction is still open.
      else expect(await reading.then(() => 'read')).toBe('read');
      release();
      const [placed, read] = await Promise.all([placing, reading]);
      expect(placed.statusCode).toBe(201);
      expect(read.statusCode).toBe(200);
      expect(read.json().total).toBe(backend === 'embedded' ? 1 : 0);
    });

    it('the same Idempotency-Key sent twice at once makes one order', async () => {
      t = await testApp(backend);
      await dropshipCatalog(t);
      const send = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/orders',
          payload: body('twice@example.com'),
          headers: { 'idempotency-key': 'double-click' },
        });
      const results = await Promise.all([send(), send(), send()]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
      expect(new Set(results.map((r) => r.json().number)).size).toBe(1);
      const n = await t.database.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1);
    });
  });
}

async function dropshipCatalog(t: TestApp): Promise<void> {
  await smallCatalog(t.database.db);
  await t.database.db.updateTable('suppliers').set({ is_dropship: true }).where('code', '=', 'SUP').execute();
}
