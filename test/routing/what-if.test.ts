/**
 * The routing what-if on a known history placed through the API: pausing a supplier, a higher fee,
 * a rating floor and a pricing rule give known moves and deltas; the database is the same
 * afterwards; a write inside its transaction fails; bad requests name the field.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inReadOnlyTransaction } from '../../src/db/transaction.js';
import type { DB } from '../../src/db/types.js';
import { minMarginsWithChange, rulePricesWithChange } from '../../src/pricing/rule-change.js';
import { gatherWhatIf } from '../../src/routing/what-if/service.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, placeOrder, product, stock, supplier, warehouse } from '../support/dropship.js';
import { databaseNow, handOrders, recompute } from '../support/performance.js';

const ROUTING_TABLES = [
  'orders',
  'order_items',
  'order_item_allocations',
  'supplier_orders',
  'supplier_order_items',
  'fulfillment_inventory',
  'supplier_catalogs',
  'suppliers',
  'pricing_rules',
  'products',
  'supplier_performance',
];

/** Row count and an md5 of every row of each routing table. */
async function fingerprint(db: Kysely<DB>) {
  const out: Record<string, string> = {};
  for (const table of ROUTING_TABLES) {
    const { rows } = await sql<{ n: number; sum: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum
        FROM ${sql.table(table)} t`.execute(db);
    out[table] = `${rows[0]!.n} ${rows[0]!.sum}`;
  }
  return out;
}

const day = (d: Date, offset = 0) => new Date(d.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

for (const backend of backends) {
  describe(`routing what-if on ${backend}`, () => {
    let t: TestApp;
    let range: { from: string; to: string };
    let before: Record<string, string>;
    const whatIf = (change: Record<string, unknown>, body: Record<string, unknown> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/routing/what-if',
        headers: t.staff,
        payload: { ...range, change, ...body },
      });

    beforeAll(async () => {
      t = await testApp(backend);
      const db = t.database.db;
      const [mug, lamp, rug] = [await product(db, 'MUG'), await product(db, 'LAMP'), await product(db, 'RUG', '60.00')];
      await stock(db, await warehouse(db), mug, 1);
      const cheap = await supplier(db, 'CHEAP');
      const dear = await supplier(db, 'DEAR');
      await offer(db, cheap, lamp, '5.00', 100, { leadDays: 2 });
      await offer(db, dear, lamp, '7.00', 100, { leadDays: 5 });
      await offer(db, cheap, rug, '30.00', 5, { leadDays: 2 });
      // MUG from own stock (the last unit), LAMP x2 from CHEAP; then LAMP and RUG from CHEAP.
      for (const items of [
        [
          { sku: 'MUG', quantity: 1 },
          { sku: 'LAMP', quantity: 2 },
        ],
        [
          { sku: 'LAMP', quantity: 1 },
          { sku: 'RUG', quantity: 1 },
        ],
      ]) {
        expect((await placeOrder(t.app, items)).statusCode).toBe(201);
      }
      // CHEAP rejected an order yesterday: rated 1.25 from one order.
      const now = await databaseNow(db);
      await handOrders(db, { supplierId: cheap, productId: await product(db, 'RATED') }, now, [
        { status: 'rejected', created: 30 },
      ]);
      await recompute(db, { minOrders: 1 });
      range = { from: day(now, -2), to: day(now) };
      before = await fingerprint(db);
    }, 120_000);
    afterAll(async () => t?.close());

    it('pausing a supplier moves its lines to the next candidate, or to unfulfillable', async () => {
      const res = await whatIf({ kind: 'supplier_paused', supplier: 'cheap' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ orders: 3, lines: 5, moved: 3, maxOrders: 10000 });
      expect(body.moves).toEqual([
        { from: 'CHEAP', to: 'DEAR', lines: 2, units: 3 },
        { from: 'CHEAP', to: 'unfulfillable', lines: 1, units: 1 },
      ]);
      // As is: MUG 8.00 from the own shelf (empty today, but the order took it), LAMP 10 + 5, RUG 30.
      expect(body.asIs).toEqual({
        lines: 4,
        unfulfillable: 1,
        revenue: '140.0000',
        cost: '53.0000',
        margin: '87.0000',
        unknownCostLines: 0,
        leadDays: 6,
      });
      expect(body.withChange).toMatchObject({ lines: 3, unfulfillable: 2, revenue: '80.0000', cost: '29.0000' });
      expect(body.delta).toEqual({
        revenue: '-60.0000',
        cost: '-24.0000',
        margin: '-36.0000',
        leadDays: 6,
        perLine: { cost: '-4.8000', margin: '-7.2000', leadDays: '2.0000' },
      });
      expect(body.examples.map((e: { sku: string; to: string }) => [e.sku, e.to])).toEqual([
        ['LAMP', 'DEAR'],
        ['LAMP', 'DEAR'],
        ['RUG', 'unfulfillable'],
      ]);
      expect(body.examples[0].reason).toContain('supplier CHEAP is not active');
      expect(body.assumptions.join(' ')).toContain('units the order really took');
    });

    it('a higher per-order fee on the winner moves the line it alone would ship, and costs more where it stays', async () => {
      const body = (await whatIf({ kind: 'supplier_fee', supplier: 'CHEAP', perOrderFee: '5.00' })).json();
      // Order 1: LAMP x2 at CHEAP would cost 10 + 5 > 14 at DEAR; order 2 stays (CHEAP ships both lines).
      expect(body.moves).toEqual([{ from: 'CHEAP', to: 'DEAR', lines: 1, units: 2 }]);
      expect(body.delta).toMatchObject({ revenue: '0.0000', cost: '9.0000', margin: '-9.0000', leadDays: 3 });
      expect(body.examples[0].reason).toContain('lower landed cost (14.00 vs 15.00) than CHEAP');
    });

    it('a rating floor skips the supplier rated under it', async () => {
      const body = (await whatIf({ kind: 'rating_floor', floor: '2.00' })).json();
      expect(body.moves).toEqual([
        { from: 'CHEAP', to: 'DEAR', lines: 2, units: 3 },
        { from: 'CHEAP', to: 'unfulfillable', lines: 1, units: 1 },
      ]);
      expect(body.examples[0].reason).toContain('under the rating floor 2.00');
      expect((await whatIf({ kind: 'rating_floor', floor: '1.00' })).json()).toMatchObject({ moved: 0, moves: [] });
    });

    it('a pricing rule changes revenue and margin, not the source', async () => {
      const rule = await t.database.db
        .selectFrom('pricing_rules')
        .select('id')
        .where('name', '=', 'Low-cost items')
        .executeTakeFirstOrThrow();
      const body = (await whatIf({ kind: 'pricing_rule', ruleId: rule.id, markupValue: '3' })).json();
      expect(body).toMatchObject({ moved: 0, moves: [] });
      // Cost x 3 instead of x 2, ending .99: MUG (own cost 8) 16.99 -> 24.99, LAMP (CHEAP 5) 10.99 -> 15.99 for
      // 3 units; RUG (cost 30) is priced by the default rule.
      expect(body.delta).toMatchObject({ revenue: '23.0000', cost: '0.0000', margin: '23.0000', leadDays: 0 });
      expect(body.withChange.margin).toBe('110.0000');
    });

    it('prices and minimum margins with a changed rule come from the changed rule, the others from theirs', async () => {
      const db = t.database.db;
      const id = (sku: string) =>
        db.selectFrom('products').select('id').where('sku', '=', sku).executeTakeFirstOrThrow();
      const rule = await db
        .selectFrom('pricing_rules')
        .select('id')
        .where('name', '=', 'Low-cost items')
        .executeTakeFirstOrThrow();
      const [lamp, rug] = [(await id('LAMP')).id, (await id('RUG')).id];
      const change = { ruleId: rule.id, minMarginPercent: '70' };
      // LAMP's basis 5.00: max(5 x 2, 5 / 0.30) = 16.67, ending .99; RUG's 30.00 x 1.4 (the default rule's) stays 42.99.
      expect(await rulePricesWithChange(db, change, [lamp, rug])).toEqual(
        new Map([
          [lamp, { now: '10.99', changed: '16.99' }],
          [rug, { now: '42.99', changed: '42.99' }],
        ]),
      );
      const margins = await minMarginsWithChange(db, change, [
        { key: 'cheap lamp', productId: lamp, supplierId: null, cost: '5.00' },
        { key: 'rug', productId: rug, supplierId: null, cost: '30.00' },
      ]);
      expect(Object.fromEntries(margins)).toEqual({ 'cheap lamp': '70.00', rug: '15.00' });
    });

    it('leaves the database as it was; a write inside its transaction fails', async () => {
      const db = t.database.db;
      expect(await fingerprint(db)).toEqual(before);
      await expect(
        inReadOnlyTransaction(db, (trx) => trx.updateTable('suppliers').set({ status: 'paused' }).execute()),
      ).rejects.toMatchObject({ code: '25006' });
      expect(await fingerprint(db)).toEqual(before);
    });

    it('refuses a range with more orders than the cap before replaying anything', async () => {
      await expect(
        inReadOnlyTransaction(t.database.db, (trx) =>
          gatherWhatIf(trx, { ...range, change: { kind: 'rating_floor', floor: null } }, 2),
        ),
      ).rejects.toMatchObject({
        message: 'The range holds 3 orders; a what-if replays at most 2: choose a shorter range',
        details: [{ path: '/to' }],
      });
    });

    it('bad requests name the field; staff only', async () => {
      const problem = async (change: Record<string, unknown>, body: Record<string, unknown> = {}) => {
        const res = await whatIf(change, body);
        expect(res.statusCode).toBe(400);
        return res.json().error;
      };
      expect((await problem({ kind: 'supplier_sacked', supplier: 'CHEAP' })).details).toEqual([
        {
          in: 'body',
          path: '/change/kind',
          message: 'must be one of: supplier_paused, supplier_fee, supplier_shipping, rating_floor, pricing_rule',
        },
      ]);
      expect((await problem({ kind: 'supplier_fee', supplier: 'CHEAP' })).details).toEqual([
        { in: 'body', path: '/change/perOrderFee', message: 'is required' },
      ]);
      expect((await problem({ kind: 'supplier_fee', supplier: 'CHEAP', perOrderFee: 5 })).details).toEqual([
        { in: 'body', path: '/change/perOrderFee', message: 'must be an amount as a decimal string like "19.99"' },
      ]);
      expect((await problem({ kind: 'rating_floor', floor: 'high' })).details).toEqual([
        { in: 'body', path: '/change/floor', message: 'must be a decimal string like "2.50"' },
        { in: 'body', path: '/change/floor', message: 'must be null' },
      ]);
      expect((await problem({ kind: 'pricing_rule', ruleId: 1, markupType: 'double' })).details).toEqual([
        { in: 'body', path: '/change/markupType', message: 'must be one of: percent, fixed, multiplier' },
      ]);
      const freeOver = {
        kind: 'supplier_shipping',
        supplier: 'CHEAP',
        shippingRule: { type: 'free_over', amount: '4.90' },
      };
      expect((await problem(freeOver)).details).toEqual([
        { path: '/change/shippingRule/threshold', message: 'is required for type free_over' },
      ]);
      expect((await problem({ kind: 'supplier_paused', supplier: 'NOPE' })).details).toEqual([
        { path: '/change/supplier', message: 'no supplier with code "NOPE"' },
      ]);
      expect(
        (await problem({ kind: 'rating_floor', floor: null }, { from: range.to, to: range.from })).details,
      ).toEqual([{ path: '/to', message: `must not be before from (${range.to})` }]);
      expect((await problem({ kind: 'rating_floor', floor: null }, { from: '1st May' })).details).toEqual([
        { in: 'body', path: '/from', message: 'must be a date like 2026-11-01' },
      ]);
      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/api/routing/what-if',
        payload: { ...range, change: { kind: 'rating_floor', floor: null } },
      });
      expect(anonymous.statusCode).toBe(401);
    });
  });
}
