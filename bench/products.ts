/**
 * GET /api/products (20 active products, newest first, with total and cursor) next to a bare
 * Fastify route that runs one SELECT of 20 rows, both on the server, both over real HTTP with
 * 16 connections (autocannon). Reported as requests per second; the ratio is the list's cost.
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadMigrations } from '../src/db/migrations/files.js';
import { buildApp } from '../src/http/app.js';
import { benchDatabase, ratioLine } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TARGET = 0.5;

async function load(url: string): Promise<number> {
  const result = await autocannon({ url, connections: 16, duration: SECONDS });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const bench = await benchDatabase('products');
try {
  const db = bench.database.db;
  await bench.database.withSession((s) =>
    s.exec(`
      INSERT INTO categories (name, slug) VALUES ('All', 'all');
      INSERT INTO products (sku, slug, name, price, status, category_id, images)
        SELECT 'P' || i, 'p-' || i, 'Product number ' || i, 10 + (i % 90), 'active', 1, '["https://img.example/p.jpg"]'
          FROM generate_series(1, 20000) i;`),
  );
  await bench.database.withSession((s) => s.exec('VACUUM ANALYZE')); // not in the script: VACUUM needs its own statement
  const bare = Fastify({ logger: false });
  bare.get('/products', async () => {
    const { rows } = await sql`SELECT id, sku, name, price FROM products WHERE status = 'active'
                                ORDER BY created_at DESC, id DESC LIMIT 20`.execute(db);
    return { items: rows };
  });
  const app = await buildApp({
    config: { logLevel: 'silent' },
    database: bench.database,
    migrations: loadMigrations(),
    secrets: { authSecret: randomBytes(32), credentialsKey: randomBytes(32) },
  });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseline = await load(`${bareUrl}/products`);
  const list = await load(`${appUrl}/api/products?limit=20`);
  console.log(
    ratioLine('GET /api/products?limit=20 vs a bare Fastify route with one SELECT', list, baseline, TARGET, 'req/s'),
  );
  await bare.close();
  await app.close();
} finally {
  await bench.dispose();
}
