/**
 * Order placement next to pgbench on the same server:
 *   spread: 3-line orders over a 2,000-product catalog (own stock and dropship offers), 16 clients,
 *           vs pgbench's TPC-B with 16 clients (target ratio 0.35);
 *   hot:    1-unit orders of one product, 8 clients, vs pgbench updating one row with 8 clients
 *           (target 0.5), then a check that no unit was oversold.
 * Orders go through the same placement code as POST /api/orders (validation, pricing, routing,
 * reservation, supplier orders), without HTTP.
 */
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { placeOrder } from '../src/orders/placement.js';
import { inTransaction } from '../src/db/transaction.js';
import { benchDatabase, pgbench, pgbenchInit, ratioLine, throughput } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PRODUCTS = 2_000;
const shipping = { flatFee: '4.95', freeOver: '50.00' };

function order(skus: string[], n: number) {
  return {
    items: skus.map((sku) => ({ sku, quantity: 1 })),
    customer: { email: `bench${n}@example.com`, name: 'Bench Buyer' },
    shippingAddress: { name: 'Bench Buyer', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  };
}

async function spread(): Promise<string> {
  const bench = await benchDatabase('orders');
  try {
    const db = bench.database.db;
    await sql`
      INSERT INTO products (sku, slug, name, price, cost_price, status)
        SELECT 'P' || i, 'p-' || i, 'Product ' || i, 19.99, 8, 'active' FROM generate_series(1, ${PRODUCTS}) i;
      `.execute(db);
    await bench.database.withSession((s) =>
      s.exec(`
        INSERT INTO inventory_sources (type, code, name) VALUES ('warehouse', 'MAIN', 'Main');
        INSERT INTO suppliers (code, name, is_dropship) VALUES ('SUP', 'Supplier', true);
        -- own stock for every other product, a dropship offer for all
        INSERT INTO fulfillment_inventory (source_id, product_id, quantity_on_hand)
          SELECT s.id, p.id, 1000000 FROM inventory_sources s, products p WHERE p.id % 2 = 0;
        INSERT INTO supplier_catalogs (supplier_id, product_id, supplier_sku, cost_price, stock_quantity)
          SELECT s.id, p.id, 'S-' || p.sku, 7.5, 1000000 FROM suppliers s, products p;
        ANALYZE;`),
    );
    let n = 0;
    const orders = await throughput(16, SECONDS, async () => {
      n += 1;
      const pick = () => `P${1 + Math.floor(Math.random() * PRODUCTS)}`;
      await inTransaction(db, (trx) => placeOrder(trx, order([pick(), pick(), pick()], n), { shipping }));
    });
    await pgbenchInit(bench.url, 10);
    const tpcb = await pgbench(bench.url, ['-c', '16', '-j', '2', '-T', String(SECONDS), '-n']);
    return ratioLine('order placement, 3 lines, 16 clients vs pgbench TPC-B', orders, tpcb, 0.35, 'tx/s');
  } finally {
    await bench.dispose();
  }
}

async function hot(): Promise<string[]> {
  const bench = await benchDatabase('hot');
  try {
    const db = bench.database.db;
    await bench.database.withSession((s) =>
      s.exec(`
        INSERT INTO products (sku, slug, name, price, cost_price, status) VALUES ('HOT', 'hot', 'Hot product', 9.99, 4, 'active');
        INSERT INTO inventory_sources (type, code, name) VALUES ('warehouse', 'MAIN', 'Main');
        INSERT INTO fulfillment_inventory (source_id, product_id, quantity_on_hand)
          SELECT s.id, p.id, 1000000 FROM inventory_sources s, products p;
        CREATE TABLE bench_counter (id int PRIMARY KEY, n bigint NOT NULL);
        INSERT INTO bench_counter VALUES (1, 0);`),
    );
    let n = 0;
    const orders = await throughput(8, SECONDS, async () => {
      n += 1;
      await inTransaction(db, (trx) => placeOrder(trx, order(['HOT'], n), { shipping }));
    });
    const script = path.join(os.tmpdir(), `jne-bench-hot-${process.pid}.sql`);
    fs.writeFileSync(script, 'UPDATE bench_counter SET n = n + 1 WHERE id = 1;\n');
    const updates = await pgbench(bench.url, ['-c', '8', '-j', '2', '-T', String(SECONDS), '-n', '-f', script]);
    fs.rmSync(script, { force: true });
    const { rows } = await sql<{ on_hand: number; reserved: number; sold: number }>`
      SELECT fi.quantity_on_hand AS on_hand, fi.quantity_reserved AS reserved,
             (SELECT coalesce(sum(quantity), 0)::int FROM order_items) AS sold
        FROM fulfillment_inventory fi`.execute(db);
    const ledger = rows[0]!;
    const oversold = Math.max(0, ledger.reserved - ledger.on_hand) + Math.abs(ledger.sold - ledger.reserved);
    return [
      ratioLine('one hot product, 8 clients vs pgbench updating one row', orders, updates, 0.5, 'tx/s'),
      `  hot product: ${ledger.sold} units sold, ${ledger.reserved} reserved, ${oversold} oversold or unaccounted`,
    ];
  } finally {
    await bench.dispose();
  }
}

console.log(await spread());
for (const line of await hot()) console.log(line);
