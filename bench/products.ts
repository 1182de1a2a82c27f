/**
 * GET /api/products (20 active products, newest first, a keyset page) next to a bare Fastify route
 * that runs one SELECT of 20 rows, and the same request repeated with the ETag it gave
 * (If-None-Match, answered 304) next to a bare Fastify hello route; all on the server, over real
 * HTTP with 16 connections (autocannon), in 3 rounds of half the load time each, alternating with
 * the baseline. Reported as requests per second (medians); the ratios are the list's cost. After the loads: a price and a stock change must each end the 304s at once (a
 * stale list fails the bench), and the list query's plan is printed (EXPLAIN ANALYZE, BUFFERS).
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { listProductsQuery } from '../src/catalog/products-repository.js';
import { loadMigrations } from '../src/db/migrations/files.js';
import { buildApp } from '../src/http/app.js';
import { benchDatabase, ratioLine } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Each pair runs in rounds, subject and baseline alternating, so that a change of load on the shared machine hits both. */
const ROUNDS = 3;
const TARGET = 0.5;
const LIST = '/api/products?limit=20';

async function load(url: string, expect: { status: 200 | 304; ifNoneMatch?: string } = { status: 200 }) {
  const result = await autocannon({
    url,
    connections: 16,
    duration: SECONDS / 2,
    headers: expect.ifNoneMatch ? { 'if-none-match': expect.ifNoneMatch } : {},
  });
  const answered = expect.status === 200 ? result['2xx'] : result['3xx'];
  const other = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'] - answered;
  if (other > 0 || result.errors > 0 || answered === 0)
    throw new Error(`${url}: ${other} answers other than ${expect.status}, ${result.errors} errors`);
  return result.requests.average;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Medians of alternating rounds; each round's ratio is printed too. */
async function compare(subject: () => Promise<number>, baseline: () => Promise<number>) {
  const subjects: number[] = [];
  const baselines: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    baselines.push(await baseline());
    subjects.push(await subject());
  }
  console.log(`  rounds: ${subjects.map((s, i) => (s / baselines[i]!).toFixed(2)).join(', ')}`);
  return { subject: median(subjects), baseline: median(baselines) };
}

interface Page {
  items: { id: number; price: string; availability: { state: string } }[];
}

const bench = await benchDatabase('products');
try {
  const db = bench.database.db;
  await bench.database.withSession((s) =>
    s.exec(`
      INSERT INTO categories (name, slug) VALUES ('All', 'all');
      INSERT INTO products (sku, slug, name, price, status, category_id, images)
        SELECT 'P' || i, 'p-' || i, 'Product number ' || i, 10 + (i % 90), 'active', 1, '["https://img.example/p.jpg"]'
          FROM generate_series(1, 20000) i;
      INSERT INTO inventory_sources (code, name, type) VALUES ('WH', 'Warehouse', 'warehouse');`),
  );
  await bench.database.withSession((s) => s.exec('VACUUM ANALYZE')); // not in the script: VACUUM needs its own statement
  const bare = Fastify({ logger: false });
  bare.get('/products', async () => {
    const { rows } = await sql`SELECT id, sku, name, price FROM products WHERE status = 'active'
                                ORDER BY created_at DESC, id DESC LIMIT 20`.execute(db);
    return { items: rows };
  });
  bare.get('/hello', async () => ({ hello: 'world' }));
  const app = await buildApp({
    config: { logLevel: 'silent' },
    database: bench.database,
    migrations: loadMigrations(),
    secrets: { authSecret: randomBytes(32), credentialsKey: randomBytes(32) },
  });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });

  const listed = await compare(
    () => load(`${appUrl}${LIST}`),
    () => load(`${bareUrl}/products`),
  );
  console.log(
    ratioLine(
      'GET /api/products?limit=20 vs a bare Fastify route with one SELECT',
      listed.subject,
      listed.baseline,
      TARGET,
      'req/s',
    ),
  );

  const first = await fetch(`${appUrl}${LIST}`);
  const etag = first.headers.get('etag');
  if (!etag) throw new Error(`${LIST} gave no ETag`);
  const repeated = await compare(
    () => load(`${appUrl}${LIST}`, { status: 304, ifNoneMatch: etag }),
    () => load(`${bareUrl}/hello`),
  );
  console.log(
    ratioLine(
      'GET /api/products?limit=20 repeated with If-None-Match (304) vs a bare Fastify hello route',
      repeated.subject,
      repeated.baseline,
      TARGET,
      'req/s',
    ),
  );

  // A write from outside the app (another process) must end the 304s at once.
  const page = (await first.json()) as Page;
  const product = page.items[0]!;
  const conditional = () => fetch(`${appUrl}${LIST}`, { headers: { 'if-none-match': etag } });
  await sql`update products set price = price + 1 where id = ${product.id}`.execute(db);
  const afterPrice = await conditional();
  const repriced = afterPrice.status === 200 ? ((await afterPrice.json()) as Page).items[0] : undefined;
  if (repriced?.price !== (Number(product.price) + 1).toFixed(2))
    throw new Error(`stale list after a price change: ${afterPrice.status}, price ${repriced?.price}`);
  const priceEtag = afterPrice.headers.get('etag')!;
  await sql`insert into fulfillment_inventory (source_id, product_id, quantity_on_hand)
            select id, ${product.id}, 5 from inventory_sources where code = 'WH'`.execute(db);
  const afterStock = await fetch(`${appUrl}${LIST}`, { headers: { 'if-none-match': priceEtag } });
  const stocked = afterStock.status === 200 ? ((await afterStock.json()) as Page).items[0] : undefined;
  if (stocked?.availability.state !== 'in_stock')
    throw new Error(`stale list after a stock change: ${afterStock.status}, ${stocked?.availability.state}`);
  console.log('After a price change and a stock change the next conditional request got the new list (200).');

  const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${listProductsQuery(
    { limit: 20, sort: 'newest', status: 'active' },
    undefined,
    false,
  )}`.execute(db);
  console.log(`\nPlan of the list query (${LIST}):\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  await bare.close();
  await app.close();
} finally {
  await bench.dispose();
}
