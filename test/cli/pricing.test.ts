/** `jne pricing ...` on the embedded database: reprice, preview, rules, usage errors. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jne, tempDir } from '../support/cli.js';

describe('jne pricing', () => {
  it('previews a cost, lists the rules, reprices the catalog', async () => {
    const env = { DATA_DIR: path.join(tempDir(), 'data') };
    expect((await jne(['db', 'migrate'], env)).code).toBe(0);

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
