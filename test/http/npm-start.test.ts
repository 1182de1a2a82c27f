/**
 * `npm start` twice on one data folder, as an operator restarts the shop: the second start runs
 * what is built (no file under dist/ or web/dist/ is written) and serves the shop it left.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStart, root } from '../support/npm-start.js';

/** Every file under the build outputs with its modification time and size. */
function buildOutputs(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = fs.statSync(full);
        files.set(path.relative(root, full), `${stat.mtimeMs} ${stat.size}`);
      }
    }
  };
  walk(path.join(root, 'dist'));
  walk(path.join(root, 'web', 'dist'));
  return files;
}

async function lockReleased(dataDir: string): Promise<void> {
  const lock = path.join(dataDir, 'jne.lock');
  for (let i = 0; i < 200 && fs.existsSync(lock); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(fs.existsSync(lock), 'the stopped shop released the data folder').toBe(false);
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-npm-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('a restart with nothing changed rebuilds nothing and serves the same shop', async () => {
    const env = { DATA_DIR: dataDir };
    const first = await npmStart(env);
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    const products = ((await (await fetch(`${first.url}/api/products?limit=1&offset=0`)).json()) as { total: number })
      .total;
    expect(products).toBeGreaterThan(0); // the demo shop, seeded on the first start
    await first.stop();
    await lockReleased(dataDir);

    const before = buildOutputs();
    expect(before.size).toBeGreaterThan(0);
    const second = await npmStart(env);
    try {
      expect((await fetch(`${second.url}/health`)).status).toBe(200);
      const again = (await (await fetch(`${second.url}/api/products?limit=1&offset=0`)).json()) as { total: number };
      expect(again.total).toBe(products);
      expect(second.output()).not.toMatch(/jne: .*changed since the last build/);
      expect(second.output()).not.toContain('First start');
    } finally {
      await second.stop();
    }
    expect(buildOutputs()).toEqual(before);
  }, 600_000);
});
