/**
 * The four ways the demo shop sold at a loss or explained itself wrongly, replayed on the demo
 * data with their figures, in one shop (the steps build on each other, in order):
 *   2. the price follows a cheap supplier with 20 units; a dearer supplier (NORDTEX, 12.17 + 4.90
 *      shipping) must not take an order for 99: 409 naming the line and the 20 that can be ordered;
 *   1. own stock set at cost 12.17 reprices JNE-TOY-0285 in the same request; the warehouse
 *      order keeps the margin;
 *   4. the routing explanation names every candidate and why it lost (own stock short, dearer);
 *   3. raising the default rule's markup from 40 to 50 never lowers a price nor touches a
 *      compare-at price; an unrelated cheaper offer does not move an own-stock price; the rule's
 *      description follows its settings.
 */
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/catalog-import/job.js';
import { inTransaction } from '../../src/db/transaction.js';
import { seedDemo } from '../../src/demo/seed.js';
import { compareDecimal } from '../../src/money.js';
import { repriceProducts } from '../../src/catalog/prices.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { placeOrder } from '../support/dropship.js';

const TOY = 'JNE-TOY-0285';

for (const backend of backends) {
  describe(`the four loss cases on the demo shop, on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
      await inTransaction(t.database.db, (trx) =>
        seedDemo(trx, t.secrets.credentialsKey, { adminPassword: 'demo-password-123' }),
      );
      // These cases are about prices and routing: the demo suppliers' orders wait for an operator
      // here instead of going to the dispatch queue (which this test app does not run).
      await t.database.db.updateTable('suppliers').set({ auto_submit: false }).execute();
    });
    afterAll(async () => t?.close());

    const feed = (code: string, body: string, format: 'csv' | 'json', force = false) =>
      importCatalog(t.database, {
        supplier: { code },
        feed: { stream: Readable.from([Buffer.from(body)]), source: 'test feed', format },
        mode: 'delta',
        force,
        createDrafts: false,
        guard: { unavailableShare: 0.5, costFactor: 2, costShare: 0.5 },
      });
    const productId = async (sku: string) =>
      (await t.database.db.selectFrom('products').select('id').where('sku', '=', sku).executeTakeFirstOrThrow()).id;
    const pricing = async (sku: string) =>
      (await t.app.inject({ url: `/api/products/${await productId(sku)}/pricing`, headers: t.staff })).json();
    /** A full reprice now would change nothing: prices are in step with their cost basis. */
    const inStep = async () => {
      const sentinel = new Error('rolled back');
      let repriced = -1;
      await t.database.db
        .transaction()
        .execute(async (trx) => {
          repriced = (await repriceProducts(trx, { reason: 'check' })).repriced;
          throw sentinel;
        })
        .catch((e: unknown) => {
          if (e !== sentinel) throw e;
        });
      return repriced;
    };
    const routing = async (number: string) =>
      (await t.app.inject({ url: `/api/orders/${number}/routing`, headers: t.staff })).json().items;

    it('2. the quantity follows the sources that keep the margin: 99 refused naming the 20 that can be ordered', async () => {
      const report = await feed('VOLTIX', 'SKU,EAN13,Price,Qty\nVOLTIX-TOY-0285,4000000002857,5.00,25\n', 'csv');
      expect(report).toMatchObject({ status: 'completed', linked: 1 });
      const before = await pricing(TOY);
      // VOLTIX: 5.00 + 1.00 fee + 1.50 shipping = 7.50 landed, Low-cost items x2 -> 15.00 -> 15.99.
      expect(before).toMatchObject({ price: '15.99', availableQuantity: 20, basis: { source: 'supplier VOLTIX' } });
      const nordtex = before.sources.find((s: { source: string }) => s.source === 'NORDTEX');
      // NORDTEX: 12.17 + 4.90 shipping = 17.07 a unit; at 15.99 with 15 % margin a unit may cost 13.59.
      expect(nordtex).toMatchObject({ landedUnitCost: '17.0700', keepsMargin: false, offered: false, units: 164 });

      const tooMany = await placeOrder(t.app, [{ sku: TOY, quantity: 99 }]);
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json().error.message).toContain(
        `items/0: only 20 of 99 units of SKU "${TOY}" are available at the current price 15.99`,
      );
      expect(tooMany.json().error.details).toEqual([expect.objectContaining({ path: '/items/0', available: 20 })]);
      const storefront = (await t.app.inject({ url: `/api/products/${await productId(TOY)}` })).json();
      expect(storefront.inStock).toBe(true);

      const twenty = await placeOrder(t.app, [{ sku: TOY, quantity: 20 }]);
      expect(twenty.statusCode).toBe(201);
      const [line] = await routing(twenty.json().number);
      expect([line.source, line.quantity, line.unitCost]).toEqual(['VOLTIX', 20, '5.0000']);
      // Landed: (20 x 5.00 + 1.00 + 20 x 1.50) / 20 = 6.55 a unit against 15.99: the margin holds.
      expect(line.decision.candidates.find((c: { source: string }) => c.source === 'NORDTEX').lost).toMatch(
        /^margin broken: a unit costs 17.0700, at the price 15.99 it may cost at most 13.59/,
      );
      expect(await inStep()).toBe(0);
    });

    it('1. setting own stock reprices in the same request; the warehouse order keeps the margin', async () => {
      const report = await feed(
        'NORDTEX',
        '[{"articleNo":"NORDTEX-TOY-0285","ean":"4000000002857","netPrice":"5.00","stock":166}]',
        'json',
        true, // 12.17 -> 5.00 moves the only cost in the feed by more than the guard's factor 2
      );
      expect(report.status).toBe('completed');
      expect((await pricing(TOY)).price).toBe('15.99'); // VOLTIX stays the cheapest sellable offer
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/inventory/stock',
        headers: t.staff,
        payload: { sku: TOY, quantityOnHand: 5 },
      });
      expect(put.statusCode).toBe(200);
      const after = await pricing(TOY);
      // Own cost 12.17: Default margin +40 % = 17.04 -> 17.99, above the suppliers' 15.99: it wins.
      expect(after).toMatchObject({ price: '17.99', basis: { source: 'own stock', cost: '12.1700' } });
      expect(after.changes[0]).toMatchObject({
        oldPrice: '15.99',
        newPrice: '17.99',
        reason: `own stock of ${TOY} at MAIN set`,
        ruleName: 'Default margin',
      });
      expect(await inStep()).toBe(0);

      const order = await placeOrder(t.app, [{ sku: TOY, quantity: 5 }]);
      expect(order.statusCode).toBe(201);
      const [line] = await routing(order.json().number);
      expect([line.source, line.unitCost]).toEqual(['MAIN', '12.1700']);
      expect(compareDecimal('15.2915', line.unitCost)).toBe(1); // 17.99 x 0.85 = 15.2915 may be spent
    });

    it('4. the explanation names every candidate and the real reason each lost', async () => {
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/inventory/stock',
        headers: t.staff,
        payload: { sku: TOY, quantityOnHand: 9 }, // 5 reserved: 4 available
      });
      expect(put.statusCode).toBe(200);
      const five = await placeOrder(t.app, [{ sku: TOY, quantity: 5 }]);
      expect(five.statusCode).toBe(201);
      const [supplierLine] = await routing(five.json().number);
      expect(supplierLine.source).toBe('NORDTEX');
      expect(supplierLine.decision.reason).toBe(
        'supplier NORDTEX: lower landed cost (29.90 vs 33.50) than VOLTIX. ' +
          'Not chosen: MAIN: stock short: 4 of 5 units; VOLTIX: dearer (33.50 vs 29.90) than NORDTEX',
      );
      const two = await placeOrder(t.app, [{ sku: TOY, quantity: 2 }]);
      const [ownLine] = await routing(two.json().number);
      expect(ownLine.decision.reason).toBe(
        'own stock at MAIN: own stock goes first. Not chosen: NORDTEX: own stock goes first; VOLTIX: own stock goes first',
      );
      expect(ownLine.decision.candidates.map((c: { source: string; won: boolean }) => [c.source, c.won])).toEqual([
        ['MAIN', true],
        ['NORDTEX', false],
        ['VOLTIX', false],
      ]);
    });

    it('3. a higher markup never lowers a price, keeps every compare-at price, and rewrites the description', async () => {
      const aud155 = await productId('JNE-AUD-0155');
      // Own stock at 92.39: +40 % = 129.35 -> 129.99 (the demo is priced by the rules from the start).
      expect((await pricing('JNE-AUD-0155')).price).toBe('129.99');
      // An unrelated supplier offers it cheaper: the own-stock price stays (the higher price wins).
      const offer = await feed(
        'CASAVERDE',
        'Referencia,EAN,Precio neto,Stock\nCASAVERDE-AUD-0155,4000000001553,80.00,50\n',
        'csv',
      );
      expect(offer).toMatchObject({ status: 'completed', linked: 1 });
      expect((await pricing('JNE-AUD-0155')).price).toBe('129.99');

      const snapshot = async () =>
        (
          await sql<{ sku: string; price: string; compare_at_price: string | null }>`
            SELECT sku, price::text, compare_at_price::text FROM products ORDER BY sku`.execute(t.database.db)
        ).rows;
      const before = await snapshot();
      const discounted = before.filter((p) => p.compare_at_price !== null).length;
      expect(discounted).toBe(148);

      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/pricing-rules/1',
        headers: t.admin,
        payload: { markupValue: '50' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().rule.description).toBe('All products: cost + 50 %, at least 15 % margin, price ending .99.');
      const after = await snapshot();
      const lower = after.filter((p, i) => compareDecimal(p.price, before[i]!.price) < 0);
      expect(lower).toEqual([]);
      expect(after.map((p) => p.compare_at_price)).toEqual(before.map((p) => p.compare_at_price));
      expect(res.json().repriced).toBeGreaterThan(0);
      const aud164 = after.find((p) => p.sku === 'JNE-AUD-0164')!;
      // VOLTIX: 52.43 + 1.00 + 1.50 = 54.93 landed; +40 % was 76.99, +50 % = 82.40 -> 82.99.
      expect([before.find((p) => p.sku === 'JNE-AUD-0164')!.price, aud164.price]).toEqual(['76.99', '82.99']);
      const log = (await pricing('JNE-AUD-0155')).changes;
      expect(log[0]).toMatchObject({
        oldPrice: '129.99',
        newPrice: '138.99',
        reason: 'rule 1 "Default margin" changed',
      });
      expect(aud155).toBeGreaterThan(0);
      expect(await inStep()).toBe(0);

      const contradicting = await t.app.inject({
        method: 'PATCH',
        url: '/api/pricing-rules/1',
        headers: t.admin,
        payload: { description: 'cost + 40 %' },
      });
      expect(contradicting.statusCode).toBe(400);
      expect(contradicting.json().error.details).toEqual([
        expect.objectContaining({ path: '/description', message: expect.stringContaining('cost + 50 %') }),
      ]);
    });
  });
}
