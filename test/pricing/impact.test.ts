/** The "what changes" count and the preview of a rule change before it is saved, on each backend. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

const MID_RANGE = {
  name: 'Mid range',
  scope: 'cost_range',
  minCost: '10',
  maxCost: '50',
  priority: 50,
  markupType: 'percent',
  markupValue: '60',
  rounding: 'whole',
};

for (const backend of backends) {
  describe(`pricing rule impact on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
      for (const [sku, cost, locked] of [
        ['MUG', '20.00', false],
        ['CUP', '30.00', false],
        ['PEN', '2.00', false],
        ['VASE', '25.00', true],
      ] as const) {
        await sql`insert into products (sku, slug, name, price, cost_price, status, price_locked)
                  values (${sku}, ${sku.toLowerCase()}, ${`A ${sku}`}, 1, ${cost}, 'active', ${locked})`.execute(
          t.database.db,
        );
      }
      await t.app.inject({ method: 'POST', url: '/api/pricing/reprice', headers: t.admin });
    });
    afterAll(async () => t?.close());

    const prices = async () =>
      Object.fromEntries(
        (
          await sql<{ sku: string; price: string }>`select sku, price from products order by sku`.execute(t.database.db)
        ).rows.map((r) => [r.sku, r.price]),
      );
    const impact = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/pricing-rules/impact', headers: t.staff, payload });

    it('counts the products a new rule moves and by how much, writes nothing, and saving moves exactly those', async () => {
      const before = await prices();
      expect(before).toMatchObject({ MUG: '28.99', CUP: '42.99', VASE: '1.00' });
      const res = await impact({ rule: MID_RANGE });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        priced: 3,
        moved: 2,
        raised: 2,
        lowered: 0,
        largestRise: '5.01',
        largestDrop: null,
        meanChangePercent: expect.stringMatching(/^\d+\.\d{2}$/),
        examples: [
          {
            productId: expect.any(Number),
            sku: 'CUP',
            name: 'A CUP',
            oldPrice: '42.99',
            newPrice: '48.00',
            ruleName: 'Mid range',
          },
          {
            productId: expect.any(Number),
            sku: 'MUG',
            name: 'A MUG',
            oldPrice: '28.99',
            newPrice: '32.00',
            ruleName: 'Mid range',
          },
        ],
      });
      expect(await prices()).toEqual(before);

      const preview = await t.app.inject({
        method: 'POST',
        url: '/api/pricing-rules/preview',
        headers: t.staff,
        payload: { cost: '20.00', proposal: { rule: MID_RANGE } },
      });
      expect(preview.json()).toMatchObject({ price: '32.00', rule: { ruleName: 'Mid range', priority: 50 } });
      const stored = await t.app.inject({
        method: 'POST',
        url: '/api/pricing-rules/preview',
        headers: t.staff,
        payload: { cost: '20.00' },
      });
      expect(stored.json()).toMatchObject({ price: '28.99' });

      const saved = await t.app.inject({
        method: 'POST',
        url: '/api/pricing-rules',
        headers: t.admin,
        payload: MID_RANGE,
      });
      expect(saved.json().repriced).toBe(res.json().moved);
      const id = saved.json().rule.id;

      const changed = await impact({ ruleId: id, rule: { ...MID_RANGE, markupValue: '50' } });
      expect(changed.json()).toMatchObject({ moved: 2, raised: 0, lowered: 2, largestDrop: '3.00' });
      const removed = await impact({ ruleId: id });
      expect(removed.json()).toMatchObject({ moved: 2, lowered: 2, largestDrop: '5.01' });
      expect(await prices()).toMatchObject({ MUG: '32.00', CUP: '48.00' });
    });

    it('checks the proposed rule as saving would, naming the field where it sits in the body', async () => {
      const bad = await impact({ rule: { ...MID_RANGE, scope: 'category' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details).toEqual(
        expect.arrayContaining([{ path: '/rule/categoryId', message: 'required with scope "category"' }]),
      );
      const preview = await t.app.inject({
        method: 'POST',
        url: '/api/pricing-rules/preview',
        headers: t.staff,
        payload: { cost: '1', proposal: { rule: { ...MID_RANGE, minCost: '60' } } },
      });
      expect(preview.statusCode).toBe(400);
      expect(preview.json().error.details).toEqual([
        { path: '/proposal/rule/maxCost', message: 'must be above minCost (60)' },
      ]);
      expect((await impact({})).json().error.details).toEqual([
        { path: '/rule', message: 'required unless ruleId names a rule to remove' },
      ]);
      expect((await impact({ ruleId: 999999 })).statusCode).toBe(404);
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/pricing-rules/impact', payload: {} });
      expect(anonymous.statusCode).toBe(401);
    });
  });
}
