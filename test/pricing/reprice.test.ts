/** Margin pricing: the cost basis, the rule that wins, the formula, and the minimum margin. */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { previewPrice } from '../../src/pricing/preview.js';
import { repriceProducts } from '../../src/catalog/prices.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';

for (const backend of backends) {
  describe(`pricing on ${backend}`, () => {
    let database: TestDatabase;
    afterEach(async () => database?.dispose());

    async function q<R = Record<string, unknown>>(text: string): Promise<R[]> {
      return (await sql<R>`${sql.raw(text)}`.execute(database.db)).rows;
    }
    /** Several statements at once (test data). */
    const exec = (script: string) => database.withSession((s) => s.exec(script));
    const prices = async () =>
      Object.fromEntries(
        (await q<{ sku: string; price: string }>('select sku, price from products order by sku')).map((r) => [
          r.sku,
          r.price,
        ]),
      );

    async function catalog() {
      database = await migratedDatabase(backend);
      await exec(`
        insert into categories (name, slug) values ('Home', 'home');
        insert into categories (name, slug, parent_id) select 'Kitchen', 'kitchen', id from categories where slug = 'home';
        insert into suppliers (code, name, status, is_dropship, stock_buffer) values ('SUP', 'Supplier', 'active', true, 2);
        insert into suppliers (code, name, status, is_dropship) values ('PAUSED', 'Paused', 'paused', true);
        insert into inventory_sources (type, code, name) values ('warehouse', 'MAIN', 'Main warehouse');
        insert into products (sku, slug, name, price, cost_price, category_id)
          select 'A-OWN', 'a-own', 'Own stock', 1, 10.00, id from categories where slug = 'kitchen';
        insert into products (sku, slug, name, price) values
          ('B-DROP', 'b-drop', 'Dropship cheap', 1), ('C-LOWSTOCK', 'c-lowstock', 'Low supplier stock', 1),
          ('E-NOCOST', 'e-nocost', 'No cost', 7.77), ('G-PAUSED', 'g-paused', 'Paused supplier only', 1);
        insert into products (sku, slug, name, price, cost_price) values ('F-BOTH', 'f-both', 'Own and dropship', 1, 12.00);
        insert into products (sku, slug, name, price, cost_price, price_locked) values ('D-LOCKED', 'd-locked', 'Locked', 99.00, 10, true);
        insert into fulfillment_inventory (source_id, product_id, quantity_on_hand)
          select s.id, p.id, 5 from inventory_sources s, products p where p.sku in ('A-OWN', 'F-BOTH', 'D-LOCKED');
        insert into supplier_catalogs (supplier_id, supplier_sku, product_id, cost_price, stock_quantity)
          select s.id, x.ssku, p.id, x.cost, x.stock
            from (values ('B-DROP', 'S-B', 3.20, 10), ('C-LOWSTOCK', 'S-C', 20.00, 2), ('F-BOTH', 'S-F', 15.00, 50),
                         ('B-DROP', 'S-B2', 3.50, 100)) x(sku, ssku, cost, stock)
            join products p on p.sku = x.sku cross join suppliers s where s.code = 'SUP';
        insert into supplier_catalogs (supplier_id, supplier_sku, product_id, cost_price, stock_quantity)
          select s.id, 'P-G', p.id, 40.00, 100 from suppliers s, products p where s.code = 'PAUSED' and p.sku = 'G-PAUSED';
      `);
    }

    it('prices each product from its cost basis by the seed rules, and is idempotent', async () => {
      await catalog();
      expect(await repriceProducts(database.db, { reason: 'test' })).toEqual({ repriced: 5 });
      expect(await prices()).toEqual({
        'A-OWN': '14.99', // own cost 10.00: Default margin (+40 % = 14.00), ending .99
        'B-DROP': '6.99', // cheapest sellable offer 3.20: Low-cost items (x2 = 6.40), ending .99
        'C-LOWSTOCK': '28.99', // offer at the buffer is not sellable, but still the basis: 20.00 + 40 %
        'D-LOCKED': '99.00', // set by hand: untouched
        'E-NOCOST': '7.77', // no cost at all: untouched
        'F-BOTH': '21.99', // own 12.00 and offer 15.00: the higher, 15.00 + 40 % = 21.00 -> 21.99
        'G-PAUSED': '56.99', // a paused supplier's offer is not sellable, still the basis: 40.00 + 40 %
      });
      expect(await repriceProducts(database.db, { reason: 'test' })).toEqual({ repriced: 0 });
    });

    it('a category rule covers subcategories; a supplier rule beats it by priority; compare-at prices', async () => {
      await catalog();
      await exec(`
        insert into pricing_rules (name, scope, category_id, priority, markup_type, markup_value, min_margin_percent, rounding, compare_at_markup_percent)
          select 'Home +5', 'category', id, 50, 'fixed', 5, 10, 'whole', 20 from categories where slug = 'home';
        insert into pricing_rules (name, scope, supplier_id, priority, markup_type, markup_value, min_margin_percent, rounding)
          select 'SUP x3', 'supplier', id, 10, 'multiplier', 3, 0, '0.99' from suppliers where code = 'SUP';
      `);
      await repriceProducts(database.db, { reason: 'test' });
      const rows = await q<{ sku: string; price: string; compare_at_price: string | null }>(
        `select sku, price, compare_at_price from products where sku in ('A-OWN', 'B-DROP') order by sku`,
      );
      expect(rows).toEqual([
        { sku: 'A-OWN', price: '15.00', compare_at_price: '18.00' }, // 10 + 5, whole; compare-at +20 %
        { sku: 'B-DROP', price: '9.99', compare_at_price: null }, // 3.20 x 3 = 9.60 -> 9.99
      ]);
    });

    it('only the products asked for are repriced', async () => {
      await catalog();
      const [b] = await q<{ id: number }>(`select id from products where sku = 'B-DROP'`);
      expect(await repriceProducts(database.db, { reason: 'test', productIds: [b!.id] })).toEqual({ repriced: 1 });
      expect((await prices())['A-OWN']).toBe('1.00');
      expect(await repriceProducts(database.db, { reason: 'test', productIds: [] })).toEqual({ repriced: 0 });
    });

    it('stamps updated_at on the products it reprices, and any other update of a product still gets it', async () => {
      await catalog();
      // A past stamp on every product, written as the statement's own value (the trigger keeps it).
      await q(`update products set updated_at = '2020-01-01T00:00:00Z'`);
      const stamped = async () =>
        Object.fromEntries(
          (
            await q<{ sku: string; fresh: boolean }>(
              `select sku, updated_at > '2020-01-01T00:00:00Z' as fresh from products`,
            )
          ).map((r) => [r.sku, r.fresh]),
        );
      expect(Object.values(await stamped()).some(Boolean)).toBe(false);
      await repriceProducts(database.db, { reason: 'test' });
      expect(await stamped()).toMatchObject({ 'A-OWN': true, 'B-DROP': true, 'D-LOCKED': false, 'E-NOCOST': false });
      // An update that leaves updated_at alone is stamped by the trigger.
      await q(`update products set name = 'Locked, renamed' where sku = 'D-LOCKED'`);
      expect(await stamped()).toMatchObject({ 'D-LOCKED': true, 'E-NOCOST': false });
    });

    it('never prices under cost plus the minimum margin, across random costs and rules', async () => {
      database = await migratedDatabase(backend);
      await exec(`
        insert into pricing_rules (name, scope, priority, markup_type, markup_value, min_margin_percent, rounding, min_cost, max_cost) values
          ('thin', 'cost_range', 5, 'percent', 1, 30, 'none', 50, 500),
          ('fixed', 'cost_range', 6, 'fixed', 0.5, 22.5, '0.95', 0, 50);
        insert into products (sku, slug, name, price, cost_price)
          select 'R' || i, 'r' || i, 'Random ' || i, 1, round((random() * 1000)::numeric, 4) from generate_series(1, 500) i;
      `);
      await repriceProducts(database.db, { reason: 'test' });
      const violations = await q(`
        select p.sku, p.cost_price, p.price from products p
         where p.price < p.cost_price / (1 - (case when p.cost_price >= 50 and p.cost_price < 500 then 30
                                                  when p.cost_price < 50 then 22.5
                                                  when p.cost_price < 10 then 25 else 15 end) / 100)`);
      expect(violations).toEqual([]);
      const unpriced = await q(`select sku from products where price = 1`);
      expect(unpriced).toEqual([]);
    });

    it('preview names the winning rule and every matching one', async () => {
      database = await migratedDatabase(backend);
      const preview = await previewPrice(database.db, { cost: '3.20' });
      expect(preview).toMatchObject({
        cost: '3.20',
        price: '6.99',
        marginPercent: '54.22',
        rule: { ruleName: 'Low-cost items', scope: 'cost_range', priority: 100 },
      });
      expect(preview.matchingRules.map((r) => [r.ruleName, r.price])).toEqual([
        ['Low-cost items', '6.99'],
        ['Default margin', '4.99'],
      ]);
      expect((await previewPrice(database.db, { cost: '10.00' })).rule.ruleName).toBe('Default margin');
      await q(`update pricing_rules set is_active = false`);
      await expect(previewPrice(database.db, { cost: '1' })).rejects.toThrow('No active pricing rule matches cost 1');
    });
  });
}
