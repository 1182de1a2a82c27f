/**
 * Own stock through the API: set and adjust the quantity on hand, the audit trail (who, why,
 * before/after), the refusal below what is reserved, the default source, list filters, roles.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser, login } from '../../src/auth/service.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { adjustments, product, quantities, source, stockRow } from './helpers.js';

for (const backend of backends) {
  describe(`own stock API on ${backend}`, () => {
    // Most tests share one app whose only warehouse is MAIN, each on a SKU of its own; a test about
    // the whole database (no warehouse yet, a trigger, the full list) makes an app of its own.
    let shared: TestApp;
    let mainSource: number;
    beforeAll(async () => {
      shared = await testApp(backend);
      mainSource = await source(shared.database.db, 'MAIN');
    });
    afterAll(async () => shared?.close());
    let t: TestApp;
    let own: TestApp | undefined;
    const ownApp = async () => (own = await testApp(backend));
    beforeEach(() => {
      t = shared;
    });
    afterEach(async () => {
      await own?.close();
      own = undefined;
    });

    const put = (payload: object, headers: Record<string, string> = t.staff) =>
      t.app.inject({ method: 'PUT', url: '/api/inventory/stock', headers, payload });
    const adjust = (payload: object, headers: Record<string, string> = t.staff) =>
      t.app.inject({ method: 'POST', url: '/api/inventory/adjustments', headers, payload });
    const trail = (id: number, headers: Record<string, string> = t.staff) =>
      t.app.inject({ url: `/api/inventory/${id}/adjustments`, headers });

    it('the first set creates the row at the only warehouse and is audited with the token name', async () => {
      await product(t.database.db, 'MUG1');
      const res = await put({ sku: 'MUG1', quantityOnHand: 12, lowStockThreshold: 3, binLocation: 'A-1-3' });
      expect(res.statusCode).toBe(200);
      expect(res.json().stock).toMatchObject({
        sourceCode: 'MAIN',
        sku: 'MUG1',
        productName: 'Product MUG1',
        quantityOnHand: 12,
        quantityReserved: 0,
        quantityAvailable: 12,
        lowStockThreshold: 3,
        isLowStock: false,
        binLocation: 'A-1-3',
      });
      expect(res.json().adjustment).toMatchObject({
        quantityChange: 12,
        quantityOnHandBefore: 0,
        quantityOnHandAfter: 12,
        reason: 'set',
        note: null,
        actor: 'test staff',
      });
    });

    it('set and adjust keep an audit trail: who, why, before and after, newest first', async () => {
      await product(t.database.db, 'MUG2');
      await createUser(t.database.db, { email: 'anna@jne.example', password: 'correct horse 1', role: 'staff' });
      const { token } = await login(t.database.db, t.secrets.authSecret, 3600, {
        email: 'anna@jne.example',
        password: 'correct horse 1',
      });
      const anna = { authorization: `Bearer ${token}` };

      const first = await put({ sku: 'MUG2', quantityOnHand: 10, note: 'stocktake' }, t.admin);
      const id = first.json().stock.id;
      const received = await adjust({ sku: 'MUG2', change: 5, reason: 'received', note: 'PO 17' }, anna);
      expect(received.statusCode).toBe(201);
      expect(received.json().stock.quantityOnHand).toBe(15);
      const damaged = await adjust({ sku: 'MUG2', sourceCode: 'main', change: -2, reason: 'damaged' });
      expect(damaged.json().adjustment).toMatchObject({ quantityOnHandBefore: 15, quantityOnHandAfter: 13 });
      const recount = await put({ sku: 'MUG2', quantityOnHand: 11, reason: 'correction', note: 'two missing' }, anna);
      expect(recount.json().adjustment).toMatchObject({ quantityChange: -2, quantityOnHandBefore: 13 });
      // Bin and threshold stay unless given.
      expect(recount.json().stock).toMatchObject({ quantityOnHand: 11, binLocation: null, lowStockThreshold: 0 });

      const res = await trail(id);
      expect(res.statusCode).toBe(200);
      expect(
        res
          .json()
          .items.map((a: Record<string, unknown>) => [
            a.reason,
            a.quantityChange,
            a.quantityOnHandBefore,
            a.quantityOnHandAfter,
            a.actor,
            a.note,
          ]),
      ).toEqual([
        ['correction', -2, 13, 11, 'anna@jne.example', 'two missing'],
        ['damaged', -2, 15, 13, 'test staff', null],
        ['received', 5, 10, 15, 'anna@jne.example', 'PO 17'],
        ['set', 10, 0, 10, 'test admin', 'stocktake'],
      ]);
      // Every change of on hand is one audit row whose "after" is the stock now.
      expect((await adjustments(t.database.db, id)).at(-1)?.quantity_on_hand_after).toBe(11);

      // The same quantity again: a stock count that agrees is recorded as a confirmed count; a
      // correction that changes nothing is refused with the reason, and writes nothing.
      const agrees = await put({ sku: 'MUG2', quantityOnHand: 11, note: 'cycle count' }, anna);
      expect(agrees.statusCode).toBe(200);
      expect(agrees.json().adjustment).toMatchObject({ reason: 'set', quantityChange: 0, quantityOnHandAfter: 11 });
      const noChange = await put({ sku: 'MUG2', quantityOnHand: 11, reason: 'correction' }, anna);
      expect(noChange.statusCode).toBe(400);
      expect(noChange.json().error.message).toMatch(/already has 11 on hand: a 'correction' that changes nothing/);
      expect((await adjustments(t.database.db, id)).length).toBe(5);
    });

    it('refuses to go below what is reserved (409) and below zero (400), changing nothing', async () => {
      const productId = await product(t.database.db, 'MUG3');
      const id = await stockRow(t.database.db, mainSource, productId, 8, 5);

      const set = await put({ sku: 'MUG3', quantityOnHand: 3 });
      expect(set.statusCode).toBe(409);
      expect(set.json().error.message).toBe('cannot set SKU MUG3 at MAIN to 3: 5 units are reserved for open orders');

      const down = await adjust({ sku: 'MUG3', change: -4, reason: 'damaged' });
      expect(down.statusCode).toBe(409);
      expect(down.json().error.message).toBe(
        'cannot adjust SKU MUG3 at MAIN by -4 to 4: 5 units are reserved for open orders',
      );

      const negative = await adjust({ sku: 'MUG3', change: -9, reason: 'correction' });
      expect(negative.statusCode).toBe(400);
      expect(negative.json().error.message).toContain('cannot go below 0');
      expect((await put({ sku: 'MUG3', quantityOnHand: -1 })).statusCode).toBe(400);

      expect(await quantities(t.database.db, id)).toEqual({ on_hand: 8, reserved: 5 });
      expect(await adjustments(t.database.db, id)).toEqual([]);

      // Exactly the reserved units is allowed: nothing left to sell.
      const exact = await put({ sku: 'MUG3', quantityOnHand: 5 });
      expect(exact.statusCode).toBe(200);
      expect(exact.json().stock).toMatchObject({ quantityOnHand: 5, quantityAvailable: 0, isLowStock: true });
    });

    it('no stock change without its audit row: a failing audit insert rolls the change back', async () => {
      t = await ownApp();
      const productId = await product(t.database.db, 'MUG');
      const id = await stockRow(t.database.db, await source(t.database.db, 'MAIN'), productId, 8);
      await sql`create function refuse_audit() returns trigger language plpgsql as $$
                begin raise exception 'audit refused (test)'; end $$`.execute(t.database.db);
      await sql`create trigger refuse_audit before insert on inventory_adjustments
                for each row execute function refuse_audit()`.execute(t.database.db);

      expect((await put({ sku: 'MUG', quantityOnHand: 3 })).statusCode).toBe(500);
      expect((await adjust({ sku: 'MUG', change: 4, reason: 'received' })).statusCode).toBe(500);
      expect((await adjust({ sku: 'MUG', change: -4, reason: 'damaged' })).statusCode).toBe(500);
      expect(await quantities(t.database.db, id)).toEqual({ on_hand: 8, reserved: 0 });
      // The first count of a new row is rolled back too: no row without its audit entry.
      await product(t.database.db, 'CUP');
      expect((await put({ sku: 'CUP', quantityOnHand: 3 })).statusCode).toBe(500);
      const cup = await t.app.inject({ url: '/api/inventory?sku=CUP', headers: t.staff });
      expect(cup.json().items).toEqual([]);
    });

    it('removing from a SKU without stock at the source is a 400', async () => {
      await product(t.database.db, 'MUG5');
      const res = await adjust({ sku: 'MUG5', change: -1, reason: 'damaged' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('only 0 units on hand');
    });

    it('the default source: the only active warehouse, else a 400 asking for one', async () => {
      t = await ownApp();
      await product(t.database.db, 'MUG');
      const none = await put({ sku: 'MUG', quantityOnHand: 1 });
      expect(none.statusCode).toBe(400);
      expect(none.json().error.message).toContain('there is no active warehouse: give a sourceCode');

      await source(t.database.db, 'EAST');
      await source(t.database.db, 'WEST');
      await source(t.database.db, 'PARTNER', '3pl');
      const two = await put({ sku: 'MUG', quantityOnHand: 1 });
      expect(two.statusCode).toBe(400);
      expect(two.json().error.message).toContain('there are 2 active warehouses (EAST, WEST): name one');

      const at3pl = await put({ sku: 'MUG', quantityOnHand: 4, sourceCode: 'partner' });
      expect(at3pl.statusCode).toBe(200);
      expect(at3pl.json().stock.sourceCode).toBe('PARTNER');
    });

    it('unknown SKU or source, a supplier source, bad bodies: 400', async () => {
      await product(t.database.db, 'MUG7');
      const noSku = await put({ sku: 'NOPE', quantityOnHand: 1 });
      expect(noSku.statusCode).toBe(400);
      expect(noSku.json().error.details).toEqual([{ path: '/sku', message: 'there is no product with the SKU NOPE' }]);
      const noSource = await adjust({ sku: 'MUG7', sourceCode: 'NOWHERE', change: 1, reason: 'received' });
      expect(noSource.statusCode).toBe(400);
      expect(noSource.json().error.message).toContain('there is no inventory source NOWHERE');

      await sql`insert into suppliers (code, name) values ('ACME', 'Acme')`.execute(t.database.db);
      await sql`insert into inventory_sources (type, code, name, supplier_id)
                select 'supplier', 'SUP-ACME', 'Acme', id from suppliers where code = 'ACME'`.execute(t.database.db);
      const atSupplier = await put({ sku: 'MUG7', sourceCode: 'SUP-ACME', quantityOnHand: 1 });
      expect(atSupplier.statusCode).toBe(400);
      expect(atSupplier.json().error.message).toContain('is a supplier source');

      expect((await adjust({ sku: 'MUG7', change: 0, reason: 'received' })).statusCode).toBe(400);
      expect((await adjust({ sku: 'MUG7', change: 1.5, reason: 'received' })).statusCode).toBe(400);
      const shipped = await adjust({ sku: 'MUG7', change: -1, reason: 'shipped' });
      expect(shipped.statusCode).toBe(400);
      expect(shipped.json().error.details[0].path).toBe('/reason');
      expect((await adjust({ sku: 'MUG7', change: 1 })).statusCode).toBe(400);
      expect((await put({ sku: 'MUG7', quantityOnHand: 1, extra: true })).statusCode).toBe(400);
    });

    it('lists stock with filters: sku, productId, sourceId, lowStock', async () => {
      t = await ownApp();
      const mug = await product(t.database.db, 'MUG');
      const cup = await product(t.database.db, 'CUP');
      const main = await source(t.database.db, 'MAIN');
      const east = await source(t.database.db, 'EAST', '3pl');
      await stockRow(t.database.db, main, mug, 20);
      await stockRow(t.database.db, east, mug, 2, 2);
      await stockRow(t.database.db, main, cup, 1);
      await put({ sku: 'CUP', quantityOnHand: 1, lowStockThreshold: 5 });

      const all = await t.app.inject({ url: '/api/inventory', headers: t.staff });
      expect(all.statusCode).toBe(200);
      expect(all.json().total).toBe(3);
      expect(all.json().items.map((r: { sku: string; sourceCode: string }) => `${r.sku}@${r.sourceCode}`)).toEqual([
        'CUP@MAIN',
        'MUG@EAST',
        'MUG@MAIN',
      ]);
      const codes = async (qs: string) =>
        (await t.app.inject({ url: `/api/inventory?${qs}`, headers: t.staff }))
          .json()
          .items.map((r: { sku: string; sourceCode: string }) => `${r.sku}@${r.sourceCode}`);
      expect(await codes('sku=MUG')).toEqual(['MUG@EAST', 'MUG@MAIN']);
      expect(await codes(`productId=${cup}`)).toEqual(['CUP@MAIN']);
      expect(await codes(`sourceId=${east}`)).toEqual(['MUG@EAST']);
      // Low: available (2 - 2 = 0) <= 0, and 1 <= 5.
      expect(await codes('lowStock=true')).toEqual(['CUP@MAIN', 'MUG@EAST']);
      expect(await codes('lowStock=false')).toEqual(['MUG@MAIN']);
      expect((await t.app.inject({ url: '/api/inventory?lowStock=maybe', headers: t.staff })).statusCode).toBe(400);
      expect((await t.app.inject({ url: '/api/inventory?colour=red', headers: t.staff })).statusCode).toBe(400);
    });

    it('every inventory route is in the OpenAPI document with its error responses', async () => {
      const doc = (await t.app.inject('/docs/json')).json() as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      const routes: [string, string, string[]][] = [
        ['get', '/api/inventory/sources', ['200', '401', '403']],
        ['post', '/api/inventory/sources', ['201', '400', '401', '403', '409']],
        ['patch', '/api/inventory/sources/{id}', ['200', '400', '401', '403', '404', '409']],
        ['get', '/api/inventory', ['200', '400', '401', '403']],
        ['put', '/api/inventory/stock', ['200', '400', '401', '403', '409']],
        ['post', '/api/inventory/adjustments', ['201', '400', '401', '403', '409']],
        ['get', '/api/inventory/{id}/adjustments', ['200', '400', '401', '403', '404']],
      ];
      for (const [method, path, statuses] of routes) {
        expect(Object.keys(doc.paths[path]?.[method]?.responses ?? {}), `${method} ${path}`).toEqual(
          expect.arrayContaining(statuses),
        );
      }
    });

    it('the audit trail of an unknown row is a 404; roles: 401 without a token, staff may change stock', async () => {
      expect((await trail(999_999)).statusCode).toBe(404);
      expect((await trail(0)).statusCode).toBe(400);
      expect((await t.app.inject({ url: '/api/inventory' })).statusCode).toBe(401);
      expect((await put({ sku: 'MUG', quantityOnHand: 1 }, {})).statusCode).toBe(401);
      expect((await adjust({ sku: 'MUG', change: 1, reason: 'received' }, {})).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/inventory/1/adjustments' })).statusCode).toBe(401);
      const bad = await t.app.inject({ url: '/api/inventory', headers: { authorization: 'Bearer nonsense' } });
      expect(bad.statusCode).toBe(401);
    });
  });
}
