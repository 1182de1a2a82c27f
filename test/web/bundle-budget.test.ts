/**
 * The JavaScript a first visit downloads stays under 300 KB gzipped, for the storefront's first
 * page and for /admin: read from the build's manifest (web/dist, built by the globalSetup).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUDGET_BYTES, measurePages } from '../../web/bundle-size.js';

const dist = path.resolve('web', 'dist');

describe('bundle budget', () => {
  const weights = measurePages(dist);

  it.each(weights.map((w) => [w.page, w] as const))('%s loads under 300 KB of JavaScript gzipped', (_, weight) => {
    expect(weight.files.length).toBeGreaterThan(0);
    for (const file of weight.files) expect(fs.existsSync(path.join(dist, file))).toBe(true);
    expect(weight.gzipBytes).toBeGreaterThan(10_000);
    expect(weight.gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('keeps the back office out of the storefront’s first page', () => {
    const storefront = weights.find((w) => w.page.startsWith('storefront'));
    const admin = weights.find((w) => w.page.includes('/admin'));
    expect(storefront?.files.some((f) => /Shell|OrdersPage|DashboardPage/.test(f))).toBe(false);
    expect(admin?.files.some((f) => /Shell/.test(f))).toBe(true);
  });
});
