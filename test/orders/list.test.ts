/**
 * The staff's orders list for the console: filters by customer and supplier, sorting, and the
 * routing decision of each line as a typed document; on every backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { offer, placeOrder, product, stock, supplier, warehouse } from '../support/dropship.js';

interface ListedOrder {
  number: string;
  email: string;
  total: string;
}

for (const backend of backends) {
  describe(`orders list for the console on ${backend}`, () => {
    let t: TestApp;
    let alpha: number;
    let beta: number;
    const numbers: Record<'own' | 'alpha' | 'mixed', string> = { own: '', alpha: '', mixed: '' };

    beforeAll(async () => {
      t = await testApp(backend);
      const db = t.database.db;
      const main = await warehouse(db, 'MAIN');
      await stock(db, main, await product(db, 'OWN-1', '30.00'), 10);
      alpha = await supplier(db, 'ALPHA');
      beta = await supplier(db, 'BETA');
      await offer(db, alpha, await product(db, 'ALPHA-1', '12.00'), '5.00', 50);
      const shared = await product(db, 'BOTH-1', '25.00');
      await offer(db, alpha, shared, '11.00', 50);
      await offer(db, beta, shared, '9.00', 50);
      const place = async (items: { sku: string; quantity: number }[], email: string) => {
        const res = await placeOrder(t.app, items, email);
        expect(res.statusCode).toBe(201);
        return res.json().number as string;
      };
      numbers.own = await place([{ sku: 'OWN-1', quantity: 1 }], 'anna.own@example.com');
      numbers.alpha = await place([{ sku: 'ALPHA-1', quantity: 2 }], 'bert@shop.test');
      numbers.mixed = await place(
        [
          { sku: 'OWN-1', quantity: 2 },
          { sku: 'BOTH-1', quantity: 1 },
        ],
        'carla_x@example.com',
      );
    }, 180_000);
    afterAll(() => t?.close());

    const list = async (query: string) => {
      const res = await t.app.inject({ url: `/api/orders?${query}`, headers: t.staff });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: ListedOrder[]; total: number };
    };
    const numbersOf = (page: { items: ListedOrder[] }) => page.items.map((o) => o.number);

    it('filters by supplier: orders with a supplier order to it', async () => {
      expect(numbersOf(await list(`supplierId=${alpha}`))).toEqual([numbers.alpha]);
      // The shared product went to the cheaper supplier.
      expect(numbersOf(await list(`supplierId=${beta}`))).toEqual([numbers.mixed]);
      expect(await list('supplierId=999999')).toEqual({ items: [], total: 0 });
    });

    it('filters by part of the customer e-mail or name, any case, with % and _ taken literally', async () => {
      expect(numbersOf(await list('customer=ANNA'))).toEqual([numbers.own]);
      expect((await list('customer=test%20buyer')).total).toBe(3);
      expect(numbersOf(await list('customer=_'))).toEqual([numbers.mixed]);
      expect((await list('customer=%25')).total).toBe(0);
      const blank = await t.app.inject({ url: '/api/orders?customer=%20%20', headers: t.staff });
      expect(blank.statusCode).toBe(400);
      expect(blank.json().error.details[0].path).toBe('/customer');
    });

    it('sorts by a column in either direction, and names a sort it does not know', async () => {
      const byTotal = (await list('sort=total')).items.map((o) => Number(o.total));
      expect(byTotal).toEqual([...byTotal].sort((a, b) => a - b));
      expect(new Set(byTotal).size).toBe(3);
      const descending = numbersOf(await list('sort=total_desc'));
      expect(descending).toEqual(numbersOf(await list('sort=total')).reverse());
      expect(numbersOf(await list('sort=email'))).toEqual([numbers.own, numbers.alpha, numbers.mixed]);
      expect(numbersOf(await list('sort=placed_at'))).toEqual([numbers.own, numbers.alpha, numbers.mixed]);
      // Order numbers are random: the second by number is whichever sorts second.
      const byNumber = Object.values(numbers).sort();
      expect(numbersOf(await list('sort=number'))).toEqual(byNumber);
      const paged = await list('sort=number_desc&limit=1&offset=1');
      expect(paged).toMatchObject({ total: 3, items: [{ number: byNumber[1] }] });
      const unknown = await t.app.inject({ url: '/api/orders?sort=price', headers: t.staff });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details[0].path).toBe('/sort');
    });

    it("shows each line's decision: the rule, the reason, every candidate and which won", async () => {
      const res = await t.app.inject({ url: `/api/orders/${numbers.mixed}/routing`, headers: t.staff });
      expect(res.statusCode).toBe(200);
      const lines = res.json().items as {
        id: number;
        orderItemId: number;
        sku: string;
        sourceType: string;
        status: string;
        decision: { rule: string; reason: string; candidates: { source: string; won?: boolean; lost?: string }[] };
      }[];
      const order = (await t.app.inject({ url: `/api/orders/${numbers.mixed}`, headers: t.staff })).json();
      const itemOf = new Map((order.items as { id: number; sku: string }[]).map((i) => [i.sku, i.id]));
      for (const line of lines) expect(line.orderItemId).toBe(itemOf.get(line.sku));
      expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
      const own = lines.find((l) => l.sku === 'OWN-1')!;
      expect(own).toMatchObject({ sourceType: 'warehouse', status: 'reserved', decision: { rule: 'own_stock' } });
      const shared = lines.find((l) => l.sku === 'BOTH-1')!;
      expect(shared.decision.rule).toBe('supplier');
      expect(shared.decision.reason).toContain('BETA');
      const bySource = new Map(shared.decision.candidates.map((c) => [c.source, c]));
      expect(bySource.get('BETA')).toMatchObject({ won: true });
      expect(bySource.get('ALPHA')).toMatchObject({ won: false, lost: expect.any(String) });
    });
  });
}
