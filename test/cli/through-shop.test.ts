/**
 * `jne` commands while `npm start` holds the embedded database: they run through the shop (and
 * say so in one line), give the results they give alone, and the shop keeps serving. Commands that
 * need the database alone refuse with the reason. Embedded only: a server has no such lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jne, tempDir } from '../support/cli.js';
import { migratedDataDir } from '../support/databases.js';
import { npmStart, type StartedShop } from '../support/npm-start.js';

const THROUGH = /^jne: the shop \(process \d+\) holds the embedded database in .*: running through it\.$/m;

describe('jne beside a running embedded shop', () => {
  const dataDir = path.join(tempDir('jne-through-'), 'data');
  const env = { DATA_DIR: dataDir };
  let shop: StartedShop;
  let sku: string;

  beforeAll(async () => {
    // A migrated data folder (initdb and the migrations are npm-start.test.ts's first start): the
    // shop seeds the demo shop into it as on a first start.
    await migratedDataDir(dataDir);
    shop = await npmStart({ ...env, WORKERS: '0' });
    const list = (await (await fetch(`${shop.url}/api/products?limit=1`)).json()) as { items: { sku: string }[] };
    sku = list.items[0]!.sku;
  }, 300_000);
  afterAll(async () => {
    await shop?.stop();
    expect(fs.existsSync(path.join(dataDir, 'jne.sock')), 'the stopped shop removed its socket').toBe(false);
  });

  it('jne db status runs through the shop', async () => {
    const run = await jne(['db', 'status'], env);
    expect(run.err).toMatch(THROUGH);
    expect(run.out).toContain('Up to date.');
    expect(run.code).toBe(0);
  });

  it('jne stock set changes the stock the shop serves', async () => {
    const set = await jne(['stock', 'set', sku, '37', '--source', 'MAIN', '--reason', 'recount'], env);
    expect(set.err).toMatch(THROUGH);
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/on hand \d+ -> 37/);
    const shown = await jne(['stock', 'show', sku], env);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/MAIN +on hand 37, reserved 0, available 37/);
    // The shop serves what the command wrote.
    const product = await fetch(`${shop.url}/api/products/${encodeURIComponent(sku)}`);
    expect(((await product.json()) as { inStock: boolean }).inStock).toBe(true);
  });

  it('jne catalog import imports a feed through the shop', async () => {
    const feed = path.join(tempDir(), 'nordtex.json');
    fs.writeFileSync(
      feed,
      JSON.stringify([{ articleNo: 'NT-NEW-1', ean: '4006381333931', netPrice: '5.10', stock: 40 }]),
    );
    const run = await jne(['catalog', 'import', '--supplier', 'NORDTEX', feed, '--mode', 'delta', '--json'], env);
    expect(run.err).toMatch(THROUGH);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ status: 'completed', inserted: 1 });
    const unlinked = await jne(['catalog', 'unlinked', '--supplier', 'NORDTEX', '--json'], env);
    expect(unlinked.out).toContain('NT-NEW-1');
  });

  it('jne db restore and jne db rollback refuse while the shop runs, and say why', async () => {
    const backup = await jne(['db', 'backup'], env, tempDir());
    expect(backup.code).toBe(0);
    const file = /written to (\S+) /.exec(backup.out)?.[1];
    expect(file && fs.existsSync(file)).toBeTruthy();
    const restore = await jne(['db', 'restore', file!, '--yes'], env);
    expect(restore.code).toBe(75);
    expect(restore.err).toMatch(
      /jne db restore needs the embedded database alone .*stop the shop \(process \d+\) first/,
    );
    const rollback = await jne(['db', 'rollback'], env);
    expect(rollback.code).toBe(75);
    expect(rollback.err).toMatch(/jne db rollback needs the embedded database alone/);
    expect((await fetch(`${shop.url}/health`)).status).toBe(200);
  });
});
