/** `jne routing what-if` as an operator types it, on each backend: the table, JSON, and usage errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { placeOrder } from '../../src/orders/placement.js';
import { jne } from '../support/cli.js';
import { cliTarget, type CliTarget } from '../support/cli-target.js';
import { backends } from '../support/databases.js';
import { offer, product, supplier } from '../support/dropship.js';
import { databaseNow } from '../support/performance.js';

for (const backend of backends) {
  describe(`jne routing what-if on ${backend}`, () => {
    let t: CliTarget;
    afterEach(async () => t?.dispose());

    it('prints the moves and deltas as a table and as JSON; bad input exits 2', async () => {
      t = await cliTarget(backend, { USER: 'marta' });
      const today = await t.withDb(async (db) => {
        const lamp = await product(db, 'LAMP');
        await offer(db, await supplier(db, 'CHEAP'), lamp, '5.00', 100, { leadDays: 2 });
        await offer(db, await supplier(db, 'DEAR'), lamp, '7.00', 100, { leadDays: 5 });
        await inTransaction(db, (trx) =>
          placeOrder(
            trx,
            {
              items: [{ sku: 'LAMP', quantity: 2 }],
              customer: { email: 'buyer@example.com', name: 'Buyer' },
              shippingAddress: {
                name: 'Buyer',
                line1: 'Hauptstr. 1',
                city: 'Berlin',
                postalCode: '10115',
                country: 'DE',
              },
            },
            { shipping: { flatFee: '0', freeOver: undefined } },
          ),
        );
        return (await databaseNow(db)).toISOString().slice(0, 10);
      });
      const range = ['--from', today, '--to', today];

      const table = await jne(['routing', 'what-if', ...range, '--pause-supplier', 'cheap'], t.env);
      expect(table.code).toBe(0);
      const lines = table.out.split('\n');
      expect(lines[0]).toBe(`What-if: supplier CHEAP paused; orders placed ${today} to ${today}.`);
      expect(lines[1]).toBe('1 order(s), 1 line(s) replayed (at most 10000 orders); 1 line(s) move.');
      expect(lines.slice(3, 5)).toEqual(['from   to    lines  units', 'CHEAP  DEAR  1      2']);
      expect(table.out).toMatch(/^cost\s+10\.0000\s+14\.0000\s+\+4\.0000$/m);
      expect(table.out).toMatch(/^margin\s+30\.0000\s+26\.0000\s+-4\.0000$/m);
      expect(table.out).toMatch(/^lead days\s+2\s+5\s+\+3$/m);
      expect(table.out).toContain('supplier DEAR: the only source that can fill the line');

      const json = await jne(['routing', 'what-if', ...range, '--fee', 'CHEAP=9.00', '--json'], t.env);
      expect(JSON.parse(json.out)).toMatchObject({
        change: { kind: 'supplier_fee', supplier: 'CHEAP', perOrderFee: '9.00' },
        moves: [{ from: 'CHEAP', to: 'DEAR', lines: 1, units: 2 }],
        delta: { cost: '4.0000' },
      });
      const none = await jne(['routing', 'what-if', ...range, '--shipping', 'DEAR=flat:4.90', '--json'], t.env);
      expect(JSON.parse(none.out)).toMatchObject({ moved: 0, delta: { cost: '0.0000', leadDays: 0 } });

      const rule = await t.withDb((db) =>
        db.selectFrom('pricing_rules').select('id').where('name', '=', 'Low-cost items').executeTakeFirstOrThrow(),
      );
      // LAMP's basis (CHEAP, 5.00) x 3 instead of x 2: 10.99 -> 15.99, for 2 units.
      const priced = await jne(
        ['routing', 'what-if', ...range, '--pricing-rule', String(rule.id), '--markup-value', '3', '--json'],
        t.env,
      );
      expect(JSON.parse(priced.out)).toMatchObject({ moved: 0, delta: { revenue: '10.0000', margin: '10.0000' } });

      const usage = async (args: string[]) => {
        const run = await jne(['routing', 'what-if', ...args], t.env);
        expect(run.code).toBe(2);
        return run.err;
      };
      expect(await usage(range)).toContain('needs exactly one change');
      expect(await usage([...range, '--pause-supplier', 'A', '--rating-floor', '3'])).toContain('got 2');
      expect(await usage([...range, '--fee', 'CHEAP'])).toContain('--fee must be CODE=AMOUNT, got "CHEAP"');
      expect(await usage([...range, '--rating-floor', '7'])).toContain('--rating-floor must be a rating from 0 to 5');
      expect(await usage([...range, '--pause-supplier', 'NOPE'])).toBe(
        'error: change/supplier: no supplier with code "NOPE"',
      );
      expect(await usage(['--from', 'yesterday', '--to', today, '--rating-floor', 'off'])).toContain(
        'error: --from: must be a day like 2026-11-30, got "yesterday"',
      );
      expect(await usage([...range, '--pricing-rule', '1'])).toContain('--pricing-rule needs what changes');
    }, 240_000);
  });
}
