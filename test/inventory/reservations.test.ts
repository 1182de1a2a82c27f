/**
 * releaseReservations and shipFromStock, as order code calls them inside its transaction: the
 * conditional updates, the 'shipped' audit rows, and a clear error (and nothing written) when a
 * row does not hold what the order thinks.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { InventoryStateError, releaseReservations, shipFromStock } from '../../src/inventory/reservations.js';
import { InvalidInputError } from '../../src/errors.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { adjustments, product, quantities, source, stockRow } from './helpers.js';

for (const backend of backends) {
  describe(`stock fulfillment on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());

    /** Two stock rows at MAIN: MUG 10 on hand / 6 reserved, CUP 4 / 4. */
    async function setup() {
      database = await migratedDatabase(backend);
      const db = database.db;
      const main = await source(db, 'MAIN');
      const mug = await stockRow(db, main, await product(db, 'MUG'), 10, 6);
      const cup = await stockRow(db, main, await product(db, 'CUP'), 4, 4);
      const { rows } = await sql<{ id: number }>`
        insert into orders (order_number, email, shipping_address)
        values ('JNE-1', 'eva@example.com', '{"city": "Berlin"}') returning id`.execute(db);
      return { db, mug, cup, orderId: rows[0]!.id };
    }

    it('releaseReservations gives reserved units back, summing allocations on the same row', async () => {
      const { db, mug, cup } = await setup();
      await db.transaction().execute((trx) =>
        releaseReservations(trx, [
          { inventoryId: cup, quantity: 4 },
          { inventoryId: mug, quantity: 2 },
          { inventoryId: mug, quantity: 3 },
        ]),
      );
      expect(await quantities(db, mug)).toEqual({ on_hand: 10, reserved: 1 });
      expect(await quantities(db, cup)).toEqual({ on_hand: 4, reserved: 0 });
      // Releasing is no change of the stock on hand: no audit row.
      expect(await adjustments(db, mug)).toEqual([]);
    });

    it('releaseReservations refuses more than is reserved, and the whole transaction rolls back', async () => {
      const { db, mug, cup } = await setup();
      const attempt = db.transaction().execute((trx) =>
        releaseReservations(trx, [
          { inventoryId: mug, quantity: 1 },
          { inventoryId: cup, quantity: 5 },
        ]),
      );
      await expect(attempt).rejects.toThrow(
        new InventoryStateError(
          `cannot release 5 reserved units on stock row ${cup}: only 4 units are reserved (4 on hand)`,
        ),
      );
      expect(await quantities(db, mug)).toEqual({ on_hand: 10, reserved: 6 });
      const missing = db
        .transaction()
        .execute((trx) => releaseReservations(trx, [{ inventoryId: 999_999, quantity: 1 }]));
      await expect(missing).rejects.toThrow('on stock row 999999: it does not exist');
      await expect(
        db.transaction().execute((trx) => releaseReservations(trx, [{ inventoryId: mug, quantity: 0 }])),
      ).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('shipFromStock decrements on hand and reserved together and audits each row as shipped', async () => {
      const { db, mug, cup, orderId } = await setup();
      const result = await db.transaction().execute((trx) =>
        shipFromStock(
          trx,
          [
            { inventoryId: cup, quantity: 4, orderId },
            { inventoryId: mug, quantity: 6, orderId },
          ],
          'order JNE-1 shipped by anna@jne.example',
        ),
      );
      // In row order (sorted by inventory id), whatever order they came in.
      expect(result.map((a) => a.inventoryId)).toEqual([mug, cup].sort((a, b) => a - b));
      expect(await quantities(db, mug)).toEqual({ on_hand: 4, reserved: 0 });
      expect(await quantities(db, cup)).toEqual({ on_hand: 0, reserved: 0 });
      expect(await adjustments(db, mug)).toEqual([
        {
          quantity_change: -6,
          quantity_on_hand_after: 4,
          reason: 'shipped',
          note: null,
          actor: 'order JNE-1 shipped by anna@jne.example',
          order_id: orderId,
        },
      ]);
      expect(result.find((a) => a.inventoryId === cup)).toMatchObject({
        quantityChange: -4,
        quantityOnHandBefore: 4,
        quantityOnHandAfter: 0,
        orderId,
      });
    });

    it('shipFromStock refuses to ship units that are not reserved; nothing is written', async () => {
      const { db, mug, cup, orderId } = await setup();
      const attempt = db.transaction().execute((trx) =>
        shipFromStock(
          trx,
          [
            { inventoryId: mug, quantity: 6, orderId },
            { inventoryId: cup, quantity: 5, orderId },
          ],
          'test',
        ),
      );
      await expect(attempt).rejects.toThrow(
        `cannot ship 5 reserved units for order ${orderId} on stock row ${cup}: only 4 units are reserved (4 on hand)`,
      );
      expect(await quantities(db, mug)).toEqual({ on_hand: 10, reserved: 6 });
      expect(await adjustments(db, mug)).toEqual([]);
    });
  });
}
