/**
 * The order lifecycle table: every allowed change is applied and recorded with its cause and
 * actor; every other change, and a change from a status the order no longer has, is refused and
 * writes nothing. The API shows the history of a placed, shipped order.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import type { OrderStatus } from '../../src/db/types.js';
import { changeOrderStatus, ORDER_STATUSES, ORDER_TRANSITIONS, OrderStatusError } from '../../src/orders/status.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';

for (const backend of backends) {
  describe(`order status transitions on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await migratedDatabase(backend);
    });
    afterAll(() => database.dispose());

    let serial = 0;
    async function orderIn(status: OrderStatus) {
      serial += 1;
      const row = await database.db
        .insertInto('orders')
        .values({
          order_number: `T-${serial}`,
          email: 'status@example.com',
          status,
          shipping_address: JSON.stringify({ name: 'S' }),
        })
        .returning(['id', 'order_number'])
        .executeTakeFirstOrThrow();
      return { id: row.id, number: row.order_number, status };
    }
    const current = async (id: number) =>
      (await database.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    const events = (id: number) =>
      database.db
        .selectFrom('order_status_events')
        .select(['from_status', 'to_status', 'cause', 'actor'])
        .where('order_id', '=', id)
        .execute();

    it('lists exactly the statuses the database allows (the CHECK constraint of orders.status)', async () => {
      const { rows } = await sql<{ def: string }>`
        SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'orders_status_check'`.execute(
        database.db,
      );
      const inDatabase = [...rows[0]!.def.matchAll(/'(\w+)'/g)].map((m) => m[1]);
      expect([...ORDER_STATUSES].sort()).toEqual(inDatabase.sort());
    });

    it('applies every allowed change and records it; refuses every other one and writes nothing', async () => {
      let allowed = 0;
      let refused = 0;
      for (const from of ORDER_STATUSES) {
        for (const to of ORDER_STATUSES) {
          const order = await orderIn(from);
          const change = inTransaction(database.db, (trx) =>
            changeOrderStatus(trx, order, to, { cause: `test ${from}->${to}`, actor: 'tester' }),
          );
          if (ORDER_TRANSITIONS[from].includes(to)) {
            await change;
            allowed += 1;
            expect(await current(order.id), `${from} -> ${to}`).toBe(to);
            expect(await events(order.id)).toEqual([
              { from_status: from, to_status: to, cause: `test ${from}->${to}`, actor: 'tester' },
            ]);
          } else {
            await expect(change, `${from} -> ${to}`).rejects.toBeInstanceOf(OrderStatusError);
            refused += 1;
            expect(await current(order.id), `${from} -> ${to}`).toBe(from);
            expect(await events(order.id)).toEqual([]);
          }
        }
      }
      expect(allowed).toBe(11);
      expect(refused).toBe(ORDER_STATUSES.length ** 2 - 11);
    });

    it('a cancelled order gets its cancellation time in the same change', async () => {
      const order = await orderIn('confirmed');
      await inTransaction(database.db, (trx) =>
        changeOrderStatus(trx, order, 'cancelled', { cause: 'cancelled', actor: 'tester' }),
      );
      const row = await database.db
        .selectFrom('orders')
        .select(['status', 'cancelled_at'])
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('cancelled');
      expect(row.cancelled_at).toBeInstanceOf(Date);
    });

    it('refuses a change from a status the order no longer has (someone changed it meanwhile)', async () => {
      const order = await orderIn('confirmed');
      await database.db.updateTable('orders').set({ status: 'shipped' }).where('id', '=', order.id).execute();
      await expect(
        inTransaction(database.db, (trx) =>
          changeOrderStatus(trx, order, 'processing', { cause: 'stale', actor: 'tester' }),
        ),
      ).rejects.toThrow(/no longer confirmed/);
      expect(await current(order.id)).toBe('shipped');
      expect(await events(order.id)).toEqual([]);
    });
  });
}
