/** The pricing API: rules CRUD with reprice, preview, validation, roles. */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

for (const backend of backends) {
  describe(`pricing API on ${backend}`, () => {
    // The tests that leave the rules as the migration seeded them share one app; the one that
    // creates and changes a rule makes an app of its own.
    let shared: TestApp;
    beforeAll(async () => {
      shared = await testApp(backend);
    });
    afterAll(async () => shared?.close());
    let t: TestApp;
    let own: TestApp | undefined;
    beforeEach(() => {
      t = shared;
    });
    afterEach(async () => {
      await own?.close();
      own = undefined;
    });

    async function productAtCost(sku: string, cost: string) {
      await sql`insert into products (sku, slug, name, price, cost_price, status)
                values (${sku}, ${sku.toLowerCase()}, ${sku}, 1, ${cost}, 'active')`.execute(t.database.db);
    }
    const priceOf = async (sku: string) =>
      (await sql<{ price: string }>`select price from products where sku = ${sku}`.execute(t.database.db)).rows[0]!
        .price;

    it('lists the two seed rules in precedence order', async () => {
      const res = await t.app.inject({ url: '/api/pricing-rules', headers: t.staff });
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((r: { name: string }) => r.name)).toEqual(['Low-cost items', 'Default margin']);
    });

    it('creating, changing and deleting a rule reprices the catalog in the same request', async () => {
      t = own = await testApp(backend);
      await productAtCost('MUG', '20.00');
      await t.app.inject({ method: 'POST', url: '/api/pricing/reprice', headers: t.admin });
      expect(await priceOf('MUG')).toBe('28.99');

      const created = await t.app.inject({
        method: 'POST',
        url: '/api/pricing-rules',
        headers: t.admin,
        payload: {
          name: 'Mid range',
          scope: 'cost_range',
          minCost: '10',
          maxCost: '50',
          priority: 50,
          markupType: 'percent',
          markupValue: '60',
          rounding: 'whole',
        },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        repriced: 1,
        rule: { name: 'Mid range', minMarginPercent: '0.00', isActive: true },
      });
      expect(await priceOf('MUG')).toBe('32.00');
      const id = created.json().rule.id;

      const changed = await t.app.inject({
        method: 'PATCH',
        url: `/api/pricing-rules/${id}`,
        headers: t.admin,
        payload: { markupValue: '50' },
      });
      expect(changed.statusCode).toBe(200);
      expect(await priceOf('MUG')).toBe('30.00');

      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/pricing-rules/${id}`, headers: t.admin });
      expect(deleted.json()).toEqual({ repriced: 1 });
      expect(await priceOf('MUG')).toBe('28.99');
    });

    it('preview names the rule that wins', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/pricing-rules/preview',
        headers: t.staff,
        payload: { cost: '10.00' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        price: '14.99',
        rule: { ruleName: 'Default margin' },
        marginPercent: '33.29',
      });
    });

    it('bad rules get a 400 naming each field; nothing is written', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/pricing-rules',
        headers: t.admin,
        payload: {
          name: 'Broken',
          scope: 'category',
          minCost: '5',
          maxCost: '50',
          markupType: 'multiplier',
          markupValue: '0',
          minMarginPercent: '100',
        },
      });
      expect(res.statusCode).toBe(400);
      const paths = res.json().error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(
        expect.arrayContaining(['/minCost', '/maxCost', '/categoryId', '/markupValue', '/minMarginPercent']),
      );
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/api/pricing-rules',
        headers: t.admin,
        payload: { name: 'x', scope: 'all', markupType: 'percent', markupValue: '12.5%' },
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.message).toContain('markupValue');
      const rules = await t.app.inject({ url: '/api/pricing-rules', headers: t.staff });
      expect(rules.json().items).toHaveLength(2);
    });

    it('the last active fallback rule cannot be deleted or deactivated', async () => {
      const rules = (await t.app.inject({ url: '/api/pricing-rules', headers: t.staff })).json().items;
      const fallback = rules.find((r: { scope: string }) => r.scope === 'all');
      const del = await t.app.inject({ method: 'DELETE', url: `/api/pricing-rules/${fallback.id}`, headers: t.admin });
      expect(del.statusCode).toBe(409);
      expect(del.json().error.message).toContain('only active rule of scope "all"');
      const off = await t.app.inject({
        method: 'PATCH',
        url: `/api/pricing-rules/${fallback.id}`,
        headers: t.admin,
        payload: { isActive: false },
      });
      expect(off.statusCode).toBe(409);
    });

    it('401 without a token, 403 for staff writing, 404 for an unknown rule', async () => {
      expect((await t.app.inject({ url: '/api/pricing-rules' })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/pricing/reprice', headers: t.staff })).statusCode).toBe(
        403,
      );
      expect((await t.app.inject({ url: '/api/pricing-rules/999999', headers: t.staff })).statusCode).toBe(404);
    });
  });
}
