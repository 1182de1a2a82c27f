/** `jne stock set|show|sources` as an operator types them, on each backend: output and exit codes. */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/types.js';
import { jne } from '../support/cli.js';
import { cliTarget, type CliTarget } from '../support/cli-target.js';
import { backends } from '../support/databases.js';
import { adjustments, product, source } from './helpers.js';

const inventoryId = (db: Kysely<DB>, sku: string) =>
  db
    .selectFrom('fulfillment_inventory as fi')
    .innerJoin('products as p', 'p.id', 'fi.product_id')
    .select(['fi.id', 'fi.quantity_on_hand', 'fi.quantity_reserved'])
    .where('p.sku', '=', sku)
    .executeTakeFirstOrThrow();

for (const backend of backends) {
  describe(`jne stock on ${backend}`, () => {
    let t: CliTarget;
    afterEach(async () => t?.dispose());

    it('set creates the warehouse MAIN when there is none, says so, and is audited like any adjustment', async () => {
      t = await cliTarget(backend, { USER: 'marta' });
      await t.withDb((db) => product(db, 'MUG'));

      const first = await jne(['stock', 'set', 'MUG', '12', '--reason', 'first count'], t.env);
      expect(first).toEqual({
        code: 0,
        out:
          'Created the warehouse MAIN ("Own warehouse"): there was no active warehouse.\n' +
          'SKU MUG at MAIN: on hand 0 -> 12 (+12), reserved 0, available 12.',
        err: '',
      });
      const second = await jne(['stock', 'set', 'MUG', '7'], t.env);
      expect(second).toEqual({
        code: 0,
        out: 'SKU MUG at MAIN: on hand 12 -> 7 (-5), reserved 0, available 7.',
        err: '',
      });
      const same = await jne(['stock', 'set', 'MUG', '7'], t.env);
      expect(same.out).toBe(
        'SKU MUG at MAIN: on hand 7 -> 7 (unchanged: recorded as a confirmed count), reserved 0, available 7.',
      );

      const trail = await t.withDb(async (db) => adjustments(db, (await inventoryId(db, 'MUG')).id));
      expect(trail).toEqual([
        {
          quantity_change: 12,
          quantity_on_hand_after: 12,
          reason: 'set',
          note: 'first count',
          actor: 'jne stock set (marta)',
          order_id: null,
        },
        {
          quantity_change: -5,
          quantity_on_hand_after: 7,
          reason: 'set',
          note: null,
          actor: 'jne stock set (marta)',
          order_id: null,
        },
        {
          quantity_change: 0,
          quantity_on_hand_after: 7,
          reason: 'set',
          note: null,
          actor: 'jne stock set (marta)',
          order_id: null,
        },
      ]);
    });

    it('set refuses below the reserved units (exit 1) and names the problem', async () => {
      t = await cliTarget(backend, { USER: 'marta' });
      await t.withDb(async (db) => {
        await product(db, 'MUG');
        await source(db, 'MAIN');
      });
      await jne(['stock', 'set', 'MUG', '8'], t.env);
      await t.withDb((db) => db.updateTable('fulfillment_inventory').set({ quantity_reserved: 5 }).execute());

      const refused = await jne(['stock', 'set', 'MUG', '3', '--source', 'main'], t.env);
      expect(refused).toEqual({
        code: 1,
        out: '',
        err: 'error: cannot set SKU MUG at MAIN to 3: 5 units are reserved for open orders',
      });
      expect(await t.withDb((db) => inventoryId(db, 'MUG'))).toMatchObject({
        quantity_on_hand: 8,
        quantity_reserved: 5,
      });
    });

    it('bad usage and unknown names exit 2 with a message', async () => {
      t = await cliTarget(backend, { USER: 'marta' });
      await t.withDb(async (db) => {
        await product(db, 'MUG');
        await source(db, 'EAST');
        await source(db, 'WEST');
      });
      const cases: [string[], string][] = [
        [['stock', 'set', 'MUG'], 'takes a SKU and a quantity'],
        [['stock', 'set', 'MUG', 'ten'], 'QUANTITY must be a whole number from 0 to 1000000, got "ten"'],
        [['stock', 'set', 'MUG', '2000000'], 'QUANTITY must be a whole number'],
        [['stock', 'set', 'MUG', '-1'], 'jne stock set:'],
        [['stock', 'set', 'MUG', '1', '--colour', 'red'], 'jne stock set:'],
        [['stock', 'set', 'NOPE', '1', '--source', 'EAST'], 'there is no product with the SKU NOPE'],
        [['stock', 'set', 'MUG', '1', '--source', 'NOWHERE'], 'there is no inventory source NOWHERE'],
        [['stock', 'set', 'MUG', '1'], 'there are 2 active warehouses (EAST, WEST): name one'],
        [['stock', 'show'], 'jne stock show takes a SKU'],
        [['stock', 'show', 'NOPE'], 'there is no product with the SKU NOPE'],
        [['stock', 'sources', 'extra'], 'jne stock sources takes no arguments'],
        [['stock', 'frobnicate'], 'Unknown command "jne stock frobnicate"'],
      ];
      for (const [args, message] of cases) {
        const run = await jne(args, t.env);
        expect({ args, code: run.code }).toEqual({ args, code: 2 });
        expect(run.err).toContain(message);
      }
    });

    it('set does not create MAIN over an inactive source of that code', async () => {
      t = await cliTarget(backend, { USER: 'marta' });
      await t.withDb(async (db) => {
        await product(db, 'MUG');
        await source(db, 'MAIN');
        await db.updateTable('inventory_sources').set({ is_active: false }).execute();
      });
      const run = await jne(['stock', 'set', 'MUG', '1'], t.env);
      expect(run.code).toBe(2);
      expect(run.err).toContain('there is no active warehouse, and MAIN exists already as an inactive warehouse');
      await t.withDb((db) => db.updateTable('inventory_sources').set({ type: '3pl', is_active: true }).execute());
      const threePl = await jne(['stock', 'set', 'MUG', '1'], t.env);
      expect(threePl.code).toBe(2);
      expect(threePl.err).toContain('MAIN exists already as an active 3pl');
    });

    it('show lists the stock per source with recent changes; sources lists the sources', async () => {
      t = await cliTarget(backend, { USER: 'marta' });
      await t.withDb(async (db) => {
        await product(db, 'MUG');
        await product(db, 'CUP');
        await source(db, 'MAIN');
        await source(db, 'PARTNER', '3pl');
        await db.updateTable('inventory_sources').set({ priority: 10 }).where('code', '=', 'PARTNER').execute();
      });
      await jne(['stock', 'set', 'MUG', '4', '--reason', 'counted'], t.env);
      await jne(['stock', 'set', 'MUG', '9', '--source', 'PARTNER'], t.env);

      const show = await jne(['stock', 'show', 'MUG'], t.env);
      expect(show.code).toBe(0);
      const lines = show.out.split('\n');
      expect(lines[0]).toBe('MUG  Product MUG');
      expect(lines[1]).toBe('  MAIN         on hand 4, reserved 0, available 4 (low at 0)');
      expect(lines[2]).toMatch(/^ {6}\S+Z {2}set {8}\s+\+4 -> 4 {2}by jne stock set \(marta\): counted$/);
      expect(lines[3]).toBe('  PARTNER      on hand 9, reserved 0, available 9 (low at 0)');
      expect(lines).toHaveLength(5);

      expect(await jne(['stock', 'show', 'CUP'], t.env)).toMatchObject({
        code: 0,
        out: 'CUP  Product CUP\n  no own stock at any source',
      });

      const sources = await jne(['stock', 'sources'], t.env);
      expect(sources.code).toBe(0);
      expect(sources.out.split('\n')).toEqual([
        'PARTNER      3pl       priority   10  active    Source PARTNER',
        'MAIN         warehouse priority  100  active    Source MAIN',
      ]);
    });

    it('sources says how to start when there are none; help lists the stock commands', async () => {
      t = await cliTarget(backend, { USER: 'marta' });
      expect(await jne(['stock', 'sources'], t.env)).toMatchObject({
        code: 0,
        out: 'No inventory sources. `jne stock set` creates the warehouse MAIN.',
      });
      const help = await jne(['help'], t.env);
      expect(help.out).toContain('jne stock set SKU QUANTITY [--reason TEXT] [--source CODE]');
      expect(help.out).toContain('jne stock show SKU');
      expect(help.out).toContain('jne stock sources');
    });
  });
}
