/**
 * The set-based reprice of 200,000 products next to one raw UPDATE of the same rows (the physical
 * floor: every row rewritten once), on the server. Each round changes the default rule's markup,
 * so every price really changes in both. Target ratio (raw time / reprice time): 0.5.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { repriceProducts, repriceStatement } from '../src/catalog/prices.js';
import type { DB } from '../src/db/types.js';
import { benchDatabase, ratioLine } from './support.js';

const PRODUCTS = Number(process.env.BENCH_REPRICE_PRODUCTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const bench = await benchDatabase('reprice');
try {
  const db = bench.database.db;
  await bench.database.withSession((s) =>
    s.exec(`
      INSERT INTO categories (name, slug) VALUES ('All', 'all');
      INSERT INTO suppliers (code, name, is_dropship) VALUES ('SUP', 'Supplier', true);
      INSERT INTO products (sku, slug, name, price, cost_price, status, category_id)
        SELECT 'P' || i, 'p-' || i, 'Product ' || i, 1, 5 + (i % 500), 'active', 1 FROM generate_series(1, ${PRODUCTS}) i;
      INSERT INTO supplier_catalogs (supplier_id, product_id, supplier_sku, cost_price, stock_quantity)
        SELECT 1, id, 'S' || id, 4 + (id % 450), 100 FROM products WHERE id % 2 = 0;`),
  );
  await bench.database.withSession((s) => s.exec('VACUUM ANALYZE')); // not in the script: VACUUM needs its own statement
  const raw: number[] = [];
  const reprice: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const markup = 40 + round;
    let started = performance.now();
    await sql`UPDATE products SET price = round(cost_price * ${1 + markup / 100}::numeric, 2)`.execute(db);
    raw.push(performance.now() - started);
    await sql`UPDATE pricing_rules SET markup_value = ${markup + 10} WHERE scope = 'all'`.execute(db);
    started = performance.now();
    const { repriced } = await repriceProducts(db, { reason: 'benchmark' });
    reprice.push(performance.now() - started);
    if (repriced !== PRODUCTS) throw new Error(`reprice changed ${repriced} of ${PRODUCTS} products`);
    await sql`VACUUM products`.execute(db);
  }
  await explainOnce(db);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const [rawMs, repriceMs] = [median(raw), median(reprice)];
  console.log(
    ratioLine(
      `reprice of ${PRODUCTS} products vs one raw UPDATE`,
      PRODUCTS / (repriceMs / 1000),
      PRODUCTS / (rawMs / 1000),
      0.5,
      'rows/s',
    ),
  );
} finally {
  await bench.dispose();
}

/**
 * The plan of one more reprice (rolled back), as repriceProducts runs it (no JIT): where a
 * regression's time goes, node by node.
 */
async function explainOnce(db: Kysely<DB>): Promise<void> {
  await sql`UPDATE pricing_rules SET markup_value = markup_value + 1 WHERE scope = 'all'`.execute(db);
  const plan = await db
    .transaction()
    .execute(async (trx) => {
      await sql`SET LOCAL jit = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${repriceStatement({
        reason: 'benchmark explain',
      })}`.execute(trx);
      throw Object.assign(new Error('rolled back'), { rows });
    })
    .catch((error: { rows?: { 'QUERY PLAN': string }[] }) => {
      if (!error.rows) throw error;
      return error.rows.map((r) => r['QUERY PLAN']);
    });
  console.log('EXPLAIN (ANALYZE, BUFFERS) of one more reprice, rolled back (nodes and totals):');
  for (const line of plan) {
    if (/->|^\S|Execution Time|Planning Time/.test(line)) console.log(`  ${line.slice(0, 170)}`);
  }
}
