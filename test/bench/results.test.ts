/** bench/results.ts: a bench run on its own replaces its own rows of latest.json and nothing else. */
import { describe, expect, it } from 'vitest';
import { mergeResults, renderTable, type StoredResult } from '../../bench/results.js';

function row(bench: string, name: string, measured: number, date = '2026-12-01T08:00:00.000Z'): StoredResult {
  return {
    bench,
    name,
    measured,
    baseline: 100,
    unit: 'req/s',
    ratio: measured / 100,
    target: 'ratio >= 0.5',
    meets: measured >= 50,
    date,
    machine: '2 x Test CPU, 24 GiB, Node v20.20.2',
    loadAverage: 1.5,
  };
}

const order = ['products.ts', 'orders.ts', 'reprice.ts'];

describe('benchmark results', () => {
  it('replaces the rows of the benches that ran, keeps the others, in bench order', () => {
    const previous = [row('orders.ts', 'placement', 10), row('orders.ts', 'hot', 20), row('reprice.ts', 'reprice', 30)];
    const fresh = [row('orders.ts', 'placement', 40, '2026-12-02T08:00:00.000Z'), row('products.ts', 'list', 60)];
    const merged = mergeResults(previous, fresh, order);
    expect(merged.map((r) => [r.bench, r.name, r.measured])).toEqual([
      ['products.ts', 'list', 60],
      ['orders.ts', 'placement', 40],
      ['reprice.ts', 'reprice', 30],
    ]);
  });

  it('renders one table row per result with its date, machine and load, and marks a missed target', () => {
    const table = renderTable([
      row('products.ts', 'list', 4321.5),
      { ...row('restart.ts', 'restart', 1.234), ratio: null },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      '| list | 4,322 req/s | 100 req/s | 43.22 | ratio >= 0.5 | yes | 2026-12-01, 2 x Test CPU, 24 GiB, Node v20.20.2 (load 1.5) |',
    );
    expect(lines[3]).toContain('| restart | 1.23 req/s | 100 req/s |  | ratio >= 0.5 | **no** |');
  });
});
