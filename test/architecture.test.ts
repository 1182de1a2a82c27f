/**
 * The boundaries of DESIGN §6, checked on the source so they stay true:
 * - every table is written by the module that owns it; others call that module (the folders that
 *   write many tables on purpose are listed, with why);
 * - the domain folders of src/ import each other without a cycle (the composition roots, which
 *   wire everything together, are left out: src/http/app.ts, start.ts, server.ts and src/cli/).
 * What each folder may import is also an ESLint rule (eslint.config.js), so editors show it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** table -> the folder of src/ that writes it. */
const OWNER: Record<string, string> = {
  schema_migrations: 'db',
  categories: 'catalog',
  products: 'catalog',
  product_price_changes: 'catalog',
  users: 'auth',
  api_tokens: 'auth',
  customers: 'orders',
  orders: 'orders',
  order_items: 'orders',
  order_item_allocations: 'orders',
  order_status_events: 'orders',
  suppliers: 'suppliers',
  inventory_sources: 'inventory',
  fulfillment_inventory: 'inventory',
  inventory_adjustments: 'inventory',
  supplier_catalogs: 'catalog-import',
  catalog_imports: 'catalog-import',
  supplier_orders: 'fulfillment',
  supplier_order_items: 'fulfillment',
  supplier_order_events: 'fulfillment',
  supplier_webhook_receipts: 'fulfillment',
  supplier_shipments: 'fulfillment',
  pricing_rules: 'pricing',
  supplier_performance: 'performance',
  alerts: 'alerts',
  rate_limit_hits: 'rate-limits',
};

/** Folders that write many tables on purpose. */
const EVERYWHERE: Record<string, string> = {
  demo: 'fills an empty shop with the demo data, in one transaction',
  db: 'the migrator, backup and restore work on the whole schema',
};

const WRITE =
  /\b(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*'([a-z_]+)'|\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s+([a-z_]+)\b/g;
const NOT_TABLES = new Set(['set', 'of', 'on', 'the', 'to', 'a', 'an', 'it', 'is', 'per', 'until', 'waits', 'reads']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;
/** Code only: comments say "update" and "insert into" in prose. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('every table is written only by the module that owns it', () => {
    const violations: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const folder = folderOf(file);
      if (folder in EVERYWHERE) continue;
      for (const m of code(fs.readFileSync(file, 'utf8')).matchAll(WRITE)) {
        const table = (m[1] ?? m[2])!;
        if (NOT_TABLES.has(table) || table.startsWith('staging') || table.startsWith('pg_')) continue;
        seen.add(table);
        const owner = OWNER[table];
        if (owner === undefined) {
          violations.push(`${path.relative(SRC, file)} writes ${table}, which has no owner in this test`);
        } else if (owner !== folder) {
          violations.push(`${path.relative(SRC, file)} writes ${table}, which belongs to src/${owner}/`);
        }
      }
    }
    expect(violations).toEqual([]);
    // The check sees the writes it is about (a broken pattern would pass everything).
    expect([...seen]).toEqual(expect.arrayContaining(['orders', 'order_status_events', 'fulfillment_inventory']));
  });

  it('the domain folders import each other without a cycle', () => {
    const roots = new Set(['http/app.ts', 'http/start.ts', 'http/server.ts']);
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      const rel = path.relative(SRC, file);
      const from = folderOf(file);
      if (roots.has(rel) || from === 'cli' || !rel.includes(path.sep)) continue;
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)) {
        const target = path.relative(SRC, path.resolve(path.dirname(file), m[1]!));
        const to = target.split(path.sep)[0]!;
        if (to === from || !target.includes(path.sep)) continue;
        // Route and schema files use the HTTP helpers (auth, schemas): that edge is the web layer's.
        if (to === 'http' && /(routes|schemas)\.ts$/.test(rel)) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (trail.includes(node)) {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    expect([...new Set(cycles)]).toEqual([]);
    // The graph is built (a broken pattern would find no edge and no cycle).
    expect([...(edges.get('orders') ?? [])]).toEqual(expect.arrayContaining(['inventory', 'routing']));
  });
});
