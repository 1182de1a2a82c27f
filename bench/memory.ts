/**
 * Memory of the API process under mixed load: the shop as `npm start` runs it (dist/, WORKERS
 * default) on a server database holding the demo shop, 16 clients browsing the list (pages,
 * sorts, categories, searches), opening products and categories and placing orders for
 * BENCH_MEMORY_SECONDS (default 300). Its resident set size (VmRSS) is read from /proc while it
 * runs; the figure is the RSS at the end of the load. Target: under 200 MB.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { seedDemo } from '../src/demo/seed.js';
import { inTransaction } from '../src/db/transaction.js';
import { benchDatabase, record } from './support.js';

const SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 300);
const CLIENTS = 16;
const TARGET_MB = 200;
const root = path.resolve(import.meta.dirname, '..');

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) / 1024;
}

const entry = path.join(root, 'dist', 'src', 'http', 'server.js');
if (!fs.existsSync(entry)) throw new Error('dist/ is missing: run `npm run build` first');

const bench = await benchDatabase('memory');
const credentialsKey = randomBytes(32);
try {
  const db = bench.database.db;
  await inTransaction(db, (trx) => seedDemo(trx, credentialsKey));
  const { rows: products } = await sql<{ sku: string; slug: string }>`
    select sku, slug from products where status = 'active' order by id`.execute(db);
  const { rows: categories } = await sql<{ slug: string }>`select slug from categories`.execute(db);

  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: bench.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      AUTH_SECRET: randomBytes(32).toString('hex'),
      CREDENTIALS_KEY: credentialsKey.toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const running = /JNE Outlet is running on [^"]*: (http:\/\/[^/"]+)\//.exec(output);
      if (running) resolve(running[1]!);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => reject(new Error(`the shop exited (${code}) before running:\n${output}`)));
  });
  // The log goes on being read (the process's own cost), not kept.
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.resume();
  const started = rssMb(child.pid!);

  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const sorts = ['newest', 'price', 'price_desc', 'name'];
  const words = ['shirt', 'blue', 'lamp', 'mug', 'sock', 'bag'];
  let requests = 0;
  let failures = 0;
  let orders = 0;
  const call = async (pathAndQuery: string, init?: RequestInit) => {
    const response = await fetch(`${url}${pathAndQuery}`, init);
    await response.arrayBuffer();
    requests += 1;
    // 409: an order for a product that sold out meanwhile; 404: none. Anything else is a failure.
    if (response.status >= 500 || response.status === 400) failures += 1;
    return response.status;
  };
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMb(child.pid!)), 5_000);
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < deadline) {
        const roll = Math.random();
        if (roll < 0.35)
          await call(`/api/products?limit=20&sort=${pick(sorts)}&offset=${20 * Math.floor(Math.random() * 10)}`);
        else if (roll < 0.5) await call(`/api/products?limit=20&category=${pick(categories).slug}`);
        else if (roll < 0.6) await call(`/api/products?limit=20&q=${pick(words)}`);
        else if (roll < 0.8) await call(`/api/products/${pick(products).slug}`);
        else if (roll < 0.9) await call('/api/categories');
        else {
          const items = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({
            sku: pick(products).sku,
            quantity: 1,
          }));
          const status = await call('/api/orders', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              items,
              customer: { email: `memory${client}@example.com`, name: 'Memory Bench' },
              shippingAddress: {
                name: 'Memory Bench',
                line1: 'Hauptstr. 1',
                city: 'Berlin',
                postalCode: '10115',
                country: 'DE',
              },
            }),
          });
          if (status === 201) orders += 1;
        }
      }
    }),
  );
  clearInterval(sampler);
  const end = rssMb(child.pid!);
  const peak = Math.max(end, ...samples);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  if (failures > 0) throw new Error(`${failures} of ${requests} requests failed (400 or 5xx)`);
  console.log(
    `${requests} requests (${orders} orders placed) in ${SECONDS} s by ${CLIENTS} clients; RSS after start ` +
      `${started.toFixed(0)} MB, at the end ${end.toFixed(0)} MB, peak ${peak.toFixed(0)} MB ` +
      `(target under ${TARGET_MB} MB: ${end < TARGET_MB ? 'met' : 'NOT met'})`,
  );
  record({
    name: `API RSS after ${SECONDS / 60} minutes of mixed load (16 clients: lists, products, categories, ${orders} orders; peak ${peak.toFixed(0)} MB); baseline its RSS after start`,
    measured: end,
    baseline: started,
    unit: 'MB',
    ratio: null,
    target: `under ${TARGET_MB} MB`,
    meets: end < TARGET_MB,
  });
} finally {
  await bench.dispose();
}
