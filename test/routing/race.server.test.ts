/**
 * No unit is ever sold twice, under real concurrency on the PostgreSQL server (PGlite is one
 * session and cannot race): 200 concurrent orders for a product with 50 units.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, placeOrder, product, stock, stockLedger, supplier, warehouse } from '../support/dropship.js';

const ORDERS = 200;
const UNITS = 50;

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`the race for the last units on ${backend}`, () => {
    let t: TestApp;
    afterEach(async () => t?.close());

    async function setUp(withSupplier: boolean) {
      t = await testApp(backend);
      const db = t.database.db;
      const hot = await product(db, 'HOT');
      const inventoryId = await stock(db, await warehouse(db), hot, UNITS);
      if (withSupplier) await offer(db, await supplier(db, 'BACKUP'), hot, '9.00', 10_000);
      return inventoryId;
    }

    const fire = () =>
      Promise.all(Array.from({ length: ORDERS }, () => placeOrder(t.app, [{ sku: 'HOT', quantity: 1 }])));

    it(`${ORDERS} orders for ${UNITS} units and no supplier: exactly ${UNITS} orders, the rest clear refusals`, async () => {
      const inventoryId = await setUp(false);
      const responses = await fire();
      const codes = responses.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 201)).toHaveLength(UNITS);
      expect(codes.filter((c) => c === 409)).toHaveLength(ORDERS - UNITS);
      for (const refused of responses.filter((r) => r.statusCode === 409)) {
        expect(refused.json().error.message).toMatch(
          /items\/0: (SKU "HOT" is not available|stock of SKU "HOT" kept changing)/,
        );
      }
      expect(await stockLedger(t.database.db, inventoryId)).toEqual({
        on_hand: UNITS,
        reserved: UNITS,
        allocated: UNITS,
      });
      const orders = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders`.execute(t.database.db);
      expect(orders.rows[0]!.n).toBe(UNITS);
    });

    it(`${ORDERS} orders with a supplier behind the stock: all succeed, ${UNITS} from stock, the rest dropshipped`, async () => {
      const inventoryId = await setUp(true);
      const responses = await fire();
      expect(responses.map((r) => r.statusCode).filter((c) => c !== 201)).toEqual([]);
      expect(await stockLedger(t.database.db, inventoryId)).toEqual({
        on_hand: UNITS,
        reserved: UNITS,
        allocated: UNITS,
      });
      const { rows } = await sql<{ own: number; dropshipped: number; supplier_items: number; orders: number }>`
        SELECT (SELECT coalesce(sum(quantity), 0) FROM order_item_allocations WHERE source_type = 'warehouse')::int AS own,
               (SELECT coalesce(sum(quantity), 0) FROM order_item_allocations WHERE source_type = 'supplier')::int AS dropshipped,
               (SELECT coalesce(sum(quantity), 0) FROM supplier_order_items)::int AS supplier_items,
               (SELECT count(*) FROM orders)::int AS orders`.execute(t.database.db);
      expect(rows[0]).toEqual({
        own: UNITS,
        dropshipped: ORDERS - UNITS,
        supplier_items: ORDERS - UNITS,
        orders: ORDERS,
      });
    });
  });
}
