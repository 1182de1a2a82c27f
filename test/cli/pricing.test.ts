/** `jne pricing ...` on the embedded database: reprice, preview, rules, usage errors. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jne, tempDir } from '../support/cli.js';
import { migratedDataDir } from '../support/databases.js';

describe('jne pricing', () => {
  it('previews a cost, lists the rules, reprices the catalog', async () => {
    const env = { DATA_DIR: path.join(tempDir(), 'data') };
    await migratedDataDir(env.DATA_DIR);

    const preview = await jne(['pricing', 'preview', '--cost', '3,20'], env);
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('Cost 3.20 -> price 6.99, margin 54.22 %, by rule "Low-cost items".');
    expect(preview.out).toMatch(/wins\s+priority\s+100\s+cost_range\s+6\.99\s+Low-cost items/);

    const rules = await jne(['pricing', 'rules'], env);
    expect(rules.out.split('\n')).toHaveLength(2);
    expect(rules.out).toContain('Default margin');

    const { loadConfig } = await import('../../src/config.js');
    const { openDatabase } = await import('../../src/db/database.js');
    const database = await openDatabase(loadConfig(env), { command: 'test' });
    await database.withSession((s) =>
      s.exec(
        `insert into products (sku, slug, name, price, cost_price) values ('A', 'a', 'A', 1, 10), ('B', 'b', 'B', 1, 3.20)`,
      ),
    );
    await database.close();
    const reprice = JSON.parse((await jne(['pricing', 'reprice', '--json'], env)).out);
    expect(reprice.repriced).toBe(2);
    expect((await jne(['pricing', 'reprice'], env)).out).toMatch(/^Repriced the catalog: 0 price\(s\) changed/);

    const explain = await jne(['pricing', 'explain', 'A'], env);
    expect(explain.code).toBe(0);
    expect(explain.out).toContain('A: price 14.99; 0 unit(s) for sale at this price.');
    expect(explain.out).toContain(
      'Cost basis: 10.0000 from own cost price (no stock); rule "Default margin" ' +
        '(All products: cost + 40 %, at least 15 % margin, price ending .99.) gives 14.99.',
    );
    expect(explain.out).toMatch(
      /1\.00 -> 14\.99 {2}basis 10\.0000 from own cost price \(no stock\), "Default margin": jne pricing reprice/,
    );
    expect(await jne(['pricing', 'explain', 'NOPE'], env)).toMatchObject({
      code: 1,
      err: expect.stringContaining('there is no product with SKU NOPE'),
    });
  });

  it('check-stale reprices the products whose supplier feed went stale', async () => {
    const env = { DATA_DIR: path.join(tempDir(), 'data') };
    await migratedDataDir(env.DATA_DIR);
    const { loadConfig } = await import('../../src/config.js');
    const { openDatabase } = await import('../../src/db/database.js');
    const database = await openDatabase(loadConfig(env), { command: 'test' });
    await database.withSession((s) =>
      s.exec(`
        insert into products (sku, slug, name, price, cost_price, status) values ('B', 'b', 'B', 1, 3.20, 'active');
        insert into inventory_sources (type, code, name) values ('warehouse', 'MAIN', 'Main');
        insert into fulfillment_inventory (source_id, product_id, quantity_on_hand) select s.id, p.id, 5 from inventory_sources s, products p;
        insert into suppliers (code, name, is_dropship, catalog_max_age_hours) values ('FEED', 'Feed', true, 1);
        insert into supplier_catalogs (supplier_id, supplier_sku, product_id, cost_price, stock_quantity)
          select s.id, 'F-B', p.id, 4.00, 50 from suppliers s, products p;`),
    );
    await database.close();
    expect(JSON.parse((await jne(['pricing', 'reprice', '--json'], env)).out).repriced).toBe(1);
    // Own 3.20 -> 6.99, the offer 4.00 -> 8.99: the higher price wins while the feed is fresh.
    expect((await jne(['pricing', 'explain', 'B'], env)).out).toContain('B: price 8.99; 55 unit(s) for sale');
    expect(JSON.parse((await jne(['pricing', 'check-stale', '--json'], env)).out)).toEqual({ repriced: 0 });

    const again = await openDatabase(loadConfig(env), { command: 'test' });
    await again.withSession((s) => s.exec(`update supplier_catalogs set last_seen_at = now() - interval '2 hours'`));
    await again.close();
    expect((await jne(['pricing', 'check-stale'], env)).out).toBe(
      'Checked the supplier feeds: 1 price(s) changed because a feed went stale.',
    );
    const explained = (await jne(['pricing', 'explain', 'B'], env)).out;
    expect(explained).toContain('B: price 6.99; 5 unit(s) for sale');
    expect(explained).toMatch(/8\.99 -> 6\.99 {2}basis 3\.2000 from own stock, "Low-cost items": supplier feed stale/);
  });

  it('usage errors exit 2 and say what was wrong', async () => {
    const env = { DATA_DIR: path.join(tempDir(), 'data') };
    expect(await jne(['pricing', 'preview'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('needs --cost'),
    });
    expect(await jne(['pricing', 'preview', '--cost', 'cheap'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--cost must be an amount like 12.50, got "cheap"'),
    });
    expect(await jne(['pricing', 'frobnicate'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('Usage: jne pricing reprice'),
    });
  });
});
