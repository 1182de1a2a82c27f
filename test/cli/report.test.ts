/** `jne report profit` as an operator types it, on each backend: CSV, the table, JSON, and bad input (exit 2). */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { placeOrder } from '../../src/orders/placement.js';
import { jne } from '../support/cli.js';
import { cliTarget, type CliTarget } from '../support/cli-target.js';
import { backends } from '../support/databases.js';
import { offer, product, stock, supplier, warehouse } from '../support/dropship.js';

const buyer = {
  customer: { email: 'cli-buyer@example.com', name: 'CLI Buyer' },
  shippingAddress: { name: 'CLI Buyer', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
};

for (const backend of backends) {
  describe(`jne report profit on ${backend}`, () => {
    let t: CliTarget;
    let today: string;
    beforeAll(async () => {
      t = await cliTarget(backend);
      today = await t.withDb(async (db) => {
        const own = await product(db, 'CLI-OWN', '25.00', '10.0000');
        await stock(db, await warehouse(db, 'MAIN'), own, 10);
        const fee = await supplier(db, 'FEE', { fee: '2.50', shipping: { type: 'flat', amount: '4.95' } });
        // A name a spreadsheet would read as a formula, with a comma and quotes: the CSV keeps it one text cell.
        await db.updateTable('suppliers').set({ name: '-Fee, Ltd "best"' }).where('id', '=', fee).execute();
        await offer(db, fee, await product(db, 'CLI-SA', '30.00', null), '12.0000', 50);
        await offer(db, fee, await product(db, 'CLI-SB', '15.00', null), '3.0000', 50);
        await inTransaction(db, (trx) =>
          placeOrder(
            trx,
            {
              ...buyer,
              items: [
                { sku: 'CLI-OWN', quantity: 2 },
                { sku: 'CLI-SA', quantity: 1 },
                { sku: 'CLI-SB', quantity: 1 },
              ],
            },
            { shipping: { flatFee: '4.95', freeOver: '50.00' } },
          ),
        );
        const { rows } = await sql<{ day: string }>`
          SELECT to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM orders`.execute(db);
        return rows[0]!.day;
      });
    });
    afterAll(async () => t?.dispose());

    it('prints CSV: a header, one record per group, figures as decimal strings', async () => {
      const run = await jne(['report', 'profit', '--from', today, '--to', today, '--csv'], t.env);
      expect(run.code).toBe(0);
      expect(run.out.split('\r\n')).toEqual([
        'key,label,orders,lines,units,revenue,cost,fee_share,shipping_share,margin,margin_percent,units_without_cost,units_not_recorded',
        // 50.00 - 20.0000 = 30.0000 (60 %)
        'own stock,Own stock (warehouse and 3PL),1,1,2,50.00,20.0000,0.00,0.00,30.0000,60.00,0,0',
        // 45.00 - 15.0000 - 2.50 - 4.95 = 22.5500 (50.11 %)
        `FEE,"'-Fee, Ltd ""best""",1,2,2,45.00,15.0000,2.50,4.95,22.5500,50.11,0,0`,
      ]);
    });

    it('prints a table by product, and JSON', async () => {
      const table = await jne(['report', 'profit', '--from', today, '--to', today, '--group-by', 'product'], t.env);
      expect(table.code).toBe(0);
      const lines = table.out.split('\n');
      expect(lines[0]).toBe(`Profit of the orders placed ${today} to ${today} (UTC), by product:`);
      expect(lines[1]).toMatch(
        /^product\s+orders\s+lines\s+units\s+revenue\s+cost\s+fee share\s+shipping share\s+margin/,
      );
      // CLI-SA: fee 250 by 30 : 15 -> 1.67, shipping 3.30: 30 - 12 - 1.67 - 3.30 = 13.03 (43.43 %)
      expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 11))).toEqual([
        ['CLI-OWN', '1', '1', '2', '50.00', '20.0000', '0.00', '0.00', '30.0000', '60.00', '0'],
        ['CLI-SA', '1', '1', '1', '30.00', '12.0000', '1.67', '3.30', '13.0300', '43.43', '0'],
        ['CLI-SB', '1', '1', '1', '15.00', '3.0000', '0.83', '1.65', '9.5200', '63.47', '0'],
      ]);
      const json = await jne(
        ['report', 'profit', '--from', today, '--to', today, '--group-by', 'category', '--json'],
        t.env,
      );
      expect(JSON.parse(json.out)).toMatchObject({
        groupBy: 'category',
        rows: [
          { key: 'no category', orders: 1, units: 4, revenue: '95.00', margin: '52.5500', marginPercent: '55.32' },
        ],
      });
      const empty = await jne(['report', 'profit', '--from', '2001-01-01', '--to', '2001-01-31'], t.env);
      expect(empty.out).toContain('No allocated order lines in this range.');
    });

    it('bad input exits 2 with the option named', async () => {
      expect(await jne(['report', 'profit', '--from', '2025-03-31', '--to', '2025-03-01'], t.env)).toMatchObject({
        code: 2,
        err: 'error: --to: must not be before --from (2025-03-31)',
      });
      expect(await jne(['report', 'profit', '--from', '2025-13-01', '--to', '2025-03-01'], t.env)).toMatchObject({
        code: 2,
        err: 'error: --from: must be a day like 2026-11-30, got "2025-13-01"',
      });
      expect(
        await jne(['report', 'profit', '--from', today, '--to', today, '--group-by', 'colour'], t.env),
      ).toMatchObject({ code: 2, err: 'error: --group-by: must be supplier, category, product, got "colour"' });
      expect((await jne(['report', 'profit', '--to', today], t.env)).err).toBe('error: jne report profit needs --from');
      expect((await jne(['report', 'loss'], t.env)).code).toBe(2);
    });
  });
}
