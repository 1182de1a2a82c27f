/**
 * The supplier loop, on the server, next to its physical baselines in the same run:
 * - dispatch: N supplier orders enqueued (one transaction each, 16 at a time) and sent by 16
 *   dispatch workers to the supplier simulator (a separate process on loopback) until every one
 *   is submitted, next to N bare pg-boss jobs sent, fetched and completed by 16 workers that do
 *   nothing. Supplier orders submitted per second against jobs per second.
 * - webhook intake: N signed `order.accepted` events posted by 16 clients to the shop's webhook
 *   route and applied, next to a bare Fastify route running one UPDATE per request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { loadMigrations } from '../src/db/migrations/files.js';
import { enqueueDispatch, installDispatchQueue, openJobQueue } from '../src/fulfillment/dispatch/job-queue.js';
import { startDispatchWorkers } from '../src/fulfillment/dispatch/worker.js';
import { buildApp } from '../src/http/app.js';
import { rollUpOrderStatus } from '../src/orders/roll-up.js';
import { encryptSecret } from '../src/suppliers/crypto.js';
import { newEvent, signature } from '../src/supplier-sim/webhooks.js';
import { benchDatabase, ratioLine } from './support.js';

const ORDERS = Number(process.env.BENCH_DISPATCH_ORDERS ?? 3000);
const ROUNDS = 3;
const WORKERS = 16;
const CLIENTS = 16;
const DISPATCH_TARGET = 0.3;
const WEBHOOK_TARGET = 0.5;
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const settings = {
  workers: WORKERS,
  timeoutMs: 10_000,
  maxAttempts: 5,
  retryBaseMs: 100,
  retryMaxMs: 1_000,
  pollSeconds: 0.5,
  recoverySeconds: 60,
};

/** Runs `task(i)` for i in [0, n) on `clients` concurrent loops; returns tasks per second. */
async function perSecond(n: number, clients: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < n; i = next++) await task(i);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

/** The round whose subject/baseline ratio is the median: its two rates. */
function median(rounds: [number, number][]): [number, number] {
  const sorted = [...rounds].sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function until(done: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** `jne supplier-sim` in a process of its own; resolves with its URL. */
async function startSimProcess(): Promise<{ url: string; child: ChildProcess }> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/run.ts', 'supplier-sim', '--port', '0', '--ship-after', 'never'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // The simulator's output is read for as long as it runs: a pipe nobody reads (or one closed by
  // leaving a for-await loop) would block or break its later log lines.
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const url = /Supplier simulator on (http:\/\/\S+?): orders/.exec(output)?.[1];
      if (!url) return;
      child.stdout!.off('data', onData).resume();
      child.off('exit', onExit);
      resolve({ url, child });
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the simulator exited (${code}) before it started:\n${output}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

const bench = await benchDatabase('dispatch');
const sim = await startSimProcess();
const key = randomBytes(32);
const webhookSecret = 'bench-webhook-secret';
try {
  const db = bench.database.db;
  await sql`
    WITH s AS (
      INSERT INTO suppliers (code, name, order_method, api_endpoint, is_dropship, webhook_secret_encrypted)
      VALUES ('SIMB', 'Simulated bench supplier', 'api', ${`${sim.url}/orders`}, true,
              ${encryptSecret(key, 'webhook_secret_encrypted', webhookSecret)})
      RETURNING id),
    p AS (INSERT INTO products (sku, slug, name, price, status) VALUES ('B-1', 'b-1', 'Bench item', 10, 'active')
          RETURNING id),
    o AS (INSERT INTO orders (order_number, email, shipping_address)
          SELECT 'BENCH-' || i, 'bench@example.com',
                 '{"name":"Ada","line1":"Main 1","city":"Berlin","postalCode":"10115","country":"DE"}'
            FROM generate_series(1, ${ORDERS}) i
          RETURNING id),
    oi AS (INSERT INTO order_items (order_id, product_id, sku, name, quantity, unit_price, line_total)
           SELECT o.id, p.id, 'B-1', 'Bench item', 1, 10, 10 FROM o, p
           RETURNING id, order_id, product_id),
    so AS (INSERT INTO supplier_orders (order_id, supplier_id, method, idempotency_key, units_ordered)
           SELECT oi.order_id, s.id, 'api', 'so_bench_' || oi.order_id, 1 FROM oi, s
           RETURNING id, order_id)
    INSERT INTO supplier_order_items (supplier_order_id, order_item_id, product_id, supplier_sku, quantity, unit_cost)
    SELECT so.id, oi.id, oi.product_id, 'SIM-0001', 1, 6 FROM so JOIN oi USING (order_id)`.execute(db);
  await sql`ANALYZE`.execute(db);
  const ids = (await db.selectFrom('supplier_orders').select('id').orderBy('id').execute()).map((r) => r.id);

  // Rounds alternate baseline and subject, each on its own share of the rows, so a busy moment
  // of the machine weighs on both; the ratio reported is the median of the rounds' ratios.
  const share = Math.floor(ORDERS / ROUNDS);
  const rounds = Array.from({ length: ROUNDS }, (_, r) => ids.slice(r * share, (r + 1) * share));

  // Baseline: bare pg-boss jobs, sent one by one and completed by workers that do nothing.
  const bare = new PgBoss({ connectionString: bench.url, max: WORKERS + CLIENTS + 2, schedule: false });
  bare.on('error', () => {});
  await bare.start();
  await bare.createQueue('bare');
  let completed = 0;
  // Like the dispatch workers, a worker that finished a job fetches the next one at once.
  for (let i = 0; i < WORKERS; i += 1) {
    let workerId = '';
    workerId = await bare.work('bare', { batchSize: 1, pollingIntervalSeconds: settings.pollSeconds }, async () => {
      completed += 1;
      bare.notifyWorker(workerId);
    });
  }
  // The shop: one transaction per enqueue, as placement does, and 16 dispatch workers.
  const boss = openJobQueue(bench.database, bench.url, settings);
  boss.on('error', () => {});
  await installDispatchQueue(boss, settings);
  await startDispatchWorkers(
    boss,
    { db, credentialsKey: key, settings, syncOrder: rollUpOrderStatus },
    { ...settings, log: silent },
  );
  const sent = () =>
    db
      .selectFrom('supplier_orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '!=', 'pending')
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  const dispatchRounds: [number, number][] = [];
  for (const round of rounds) {
    const bareStarted = performance.now();
    const target = completed + round.length;
    await perSecond(round.length, CLIENTS, async (i) => {
      await bare.send('bare', { supplierOrderId: round[i] });
    });
    await until(() => completed >= target);
    const bareRate = round.length / ((performance.now() - bareStarted) / 1000);
    const before = await sent();
    const started = performance.now();
    await perSecond(round.length, CLIENTS, async (i) => {
      await db.transaction().execute((trx) => enqueueDispatch(trx, round[i]!));
    });
    await until(async () => (await sent()) >= before + round.length);
    dispatchRounds.push([round.length / ((performance.now() - started) / 1000), bareRate]);
  }
  await bare.stop({ graceful: false, wait: true, timeout: 5000 });
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  const notSubmitted = await db
    .selectFrom('supplier_orders')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '!=', 'submitted')
    .where('id', 'in', rounds.flat())
    .groupBy('status')
    .execute();
  if (notSubmitted.length > 0) {
    throw new Error(`not every supplier order was submitted: ${JSON.stringify(notSubmitted)}`);
  }
  const [dispatchRate, bareRate] = median(dispatchRounds);
  console.log(
    ratioLine(
      `dispatch of ${ORDERS} supplier orders to the simulator, ${WORKERS} workers, vs bare pg-boss send+fetch+complete (median of ${ROUNDS} rounds)`,
      dispatchRate,
      bareRate,
      DISPATCH_TARGET,
      'orders/s',
    ),
  );

  // Webhook intake: a bare route with one UPDATE, then the shop's signed route, same clients.
  const bareHook = Fastify({ logger: false });
  bareHook.post<{ Body: { reference: string } }>('/hook', async (request) => {
    await sql`UPDATE supplier_orders SET acknowledged_at = now() WHERE idempotency_key = ${request.body.reference}`.execute(
      db,
    );
    return { applied: true };
  });
  const app = await buildApp({
    config: { logLevel: 'silent' },
    database: bench.database,
    migrations: loadMigrations(),
    secrets: { authSecret: randomBytes(32), credentialsKey: key },
  });
  const bareUrl = await bareHook.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const post = async (url: string, rawBody: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: rawBody,
    });
    const answer = await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${answer}`);
    return answer;
  };
  let applied = 0;
  const hookRounds: [number, number][] = [];
  for (const round of rounds) {
    const references = round.map((id) => `so_bench_${id}`);
    const baseline = await perSecond(references.length, CLIENTS, async (i) => {
      await post(`${bareUrl}/hook`, JSON.stringify(newEvent('order.accepted', references[i]!)));
    });
    const subject = await perSecond(references.length, CLIENTS, async (i) => {
      const rawBody = JSON.stringify(newEvent('order.accepted', references[i]!));
      const t = Math.floor(Date.now() / 1000);
      const answer = await post(`${appUrl}/api/webhooks/suppliers/SIMB`, rawBody, {
        'x-jne-signature': signature(webhookSecret, t, rawBody),
      });
      if ((JSON.parse(answer) as { applied: boolean }).applied) applied += 1;
    });
    hookRounds.push([subject, baseline]);
  }
  if (applied !== share * ROUNDS) throw new Error(`only ${applied} of ${share * ROUNDS} webhook events were applied`);
  const [hookRate, bareHookRate] = median(hookRounds);
  console.log(
    ratioLine(
      `webhook intake, ${share * ROUNDS} signed events applied by ${CLIENTS} clients, vs a bare Fastify route with one UPDATE (median of ${ROUNDS} rounds)`,
      hookRate,
      bareHookRate,
      WEBHOOK_TARGET,
      'events/s',
    ),
  );
  await bareHook.close();
  await app.close();
} finally {
  // A simulator that has already exited never emits 'exit' again: waiting for it would leave the
  // top-level await unsettled (exit code 13) and hide the error that ended the bench.
  if (sim.child.exitCode === null && sim.child.signalCode === null) {
    const exited = once(sim.child, 'exit');
    sim.child.kill('SIGTERM');
    await exited;
  }
  await bench.dispose();
}
