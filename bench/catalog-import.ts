/**
 * Catalog import next to its physical baseline, on the real server (DATABASE_URL or
 * TEST_DATABASE_URL), in a database of its own that is dropped afterwards:
 *   baseline  raw `COPY supplier_catalogs_bench_raw FROM STDIN` of the feed file into a plain table
 *   fresh     `importCatalog` of the same file into an empty supplier catalog
 *   unchanged the same file imported again
 * Each is run ROUNDS times; the medians are printed with the ratios baseline / import
 * (issue 4's targets: 0.2 or better fresh, 0.45 or better unchanged).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openFeed } from '../src/catalog-import/feed-source.js';
import { importCatalog } from '../src/catalog-import/job.js';
import type { ImportReport } from '../src/catalog-import/types.js';
import type { Database } from '../src/db/database.js';
import { benchDatabase, record } from './support.js';

const ROWS = Number(process.env.BENCH_CATALOG_ROWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET = { fresh: 0.2, unchanged: 0.45 };
const MAPPING = {
  supplier_sku: 'Art.-Nr.',
  cost_price: 'EK netto',
  stock_quantity: 'Bestand',
  gtin: 'EAN',
  name: 'Bezeichnung',
  lead_time_days: 'Lieferzeit',
};

async function main(): Promise<void> {
  const bench = await benchDatabase('catalog');
  const { database, url } = bench;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jne-bench-')), 'feed.csv');
  try {
    await database.db
      .insertInto('suppliers')
      .values({
        code: 'BENCH',
        name: 'Bench supplier',
        catalog_column_mapping: JSON.stringify(MAPPING),
        stock_buffer: 2,
      })
      .execute();
    writeFeed(file, ROWS);
    const size = fs.statSync(file).size;
    console.log(`catalog import bench: ${ROWS} rows, ${(size / 1_048_576).toFixed(1)} MB CSV, ${ROUNDS} rounds`);

    const times = { baseline: [] as number[], floor: [] as number[], fresh: [] as number[], unchanged: [] as number[] };
    for (let round = 1; round <= ROUNDS; round++) {
      await database.withSession(async (s) => {
        await s.exec('TRUNCATE supplier_catalogs, catalog_imports CASCADE');
        await s.exec('VACUUM ANALYZE supplier_catalogs');
      });
      times.baseline.push(await rawCopy(url, file));
      times.floor.push(await tableWrite(database));
      const fresh = await timed(() => runImport(database, file));
      check(fresh.result, { inserted: ROWS });
      times.fresh.push(fresh.ms);
      const unchanged = await timed(() => runImport(database, file));
      check(unchanged.result, { unchanged: ROWS });
      times.unchanged.push(unchanged.ms);
      console.log(
        `  round ${round}: raw COPY ${fmt(times.baseline.at(-1)!)}, table write ${fmt(times.floor.at(-1)!)}, ` +
          `fresh ${fmt(fresh.ms)}, unchanged ${fmt(unchanged.ms)}`,
      );
    }
    await statementTimes(() => runImport(database, file));
    const baseline = median(times.baseline);
    const floor = median(times.floor);
    console.log(
      `table write alone (INSERT ... SELECT of the raw rows into supplier_catalogs: its foreign keys and ` +
        `6 indexes, no parsing or upsert) ${fmt(floor)}: caps the fresh ratio at ${(baseline / floor).toFixed(2)}`,
    );
    for (const kind of ['fresh', 'unchanged'] as const) {
      const ms = median(times[kind]);
      const ratio = baseline / ms;
      record({
        name: `catalog import, ${ROWS} rows, ${kind === 'fresh' ? 'fresh' : 'same feed again'}`,
        measured: ms / 1000,
        baseline: baseline / 1000,
        unit: 's',
        ratio,
        target: `ratio >= ${TARGET[kind]}`,
        meets: ratio >= TARGET[kind],
      });
      console.log(
        `${kind.padEnd(9)} import ${fmt(ms)} vs raw COPY ${fmt(baseline)}: ratio ${ratio.toFixed(2)} ` +
          `(target ${TARGET[kind]} or better: ${ratio >= TARGET[kind] ? 'met' : 'NOT met'})`,
      );
    }
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    await bench.dispose();
  }
}

/** A supplier's export: semicolons, decimal commas, German column names, EANs, quoted names. */
function writeFeed(file: string, rows: number): void {
  const out = fs.openSync(file, 'w');
  let chunk = 'Art.-Nr.;EK netto;Bestand;EAN;Bezeichnung;Lieferzeit\n';
  for (let i = 1; i <= rows; i++) {
    const cents = 100 + ((i * 7919) % 99_900);
    const ean = String(4_000_000_000_000 + i);
    chunk += `SKU-${i};${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')};${i % 50};${ean};"Artikel ${i}; Größe ${i % 7}";${1 + (i % 5)}\n`;
    if (chunk.length > 1_000_000) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

async function rawCopy(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS supplier_catalogs_bench_raw;
      CREATE TABLE supplier_catalogs_bench_raw (sku text, cost text, stock text, ean text, name text, lead text)`);
    const start = performance.now();
    await pipeline(
      fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
      client.query(copyFrom(`COPY supplier_catalogs_bench_raw FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')`)),
    );
    return performance.now() - start;
  } finally {
    await client.end();
  }
}

/** The physical cost of writing the rows into supplier_catalogs itself, then emptied again. */
async function tableWrite(database: Database): Promise<number> {
  return database.withSession(async (s) => {
    const start = performance.now();
    await s.exec(`INSERT INTO supplier_catalogs (supplier_id, supplier_sku, cost_price, stock_quantity, gtin, name, lead_time_days)
      SELECT (SELECT id FROM suppliers WHERE code = 'BENCH'), sku, replace(cost, ',', '.')::numeric, stock::int, ean,
             name, lead::int FROM supplier_catalogs_bench_raw`);
    const ms = performance.now() - start;
    await s.exec('TRUNCATE supplier_catalogs CASCADE');
    await s.exec('VACUUM ANALYZE supplier_catalogs');
    return ms;
  });
}

async function runImport(database: Database, file: string): Promise<ImportReport> {
  return importCatalog(database, {
    supplier: { code: 'BENCH' },
    feed: await openFeed(file, 'csv', {
      connectTimeoutMs: 10_000,
      totalTimeoutMs: 60_000,
      maxBytes: 1 << 30,
      allowPrivateHosts: false,
    }),
    mode: 'full',
    force: false,
    createDrafts: false,
    guard: { unavailableShare: 0.5, costFactor: 2, costShare: 0.5 },
  });
}

function check(report: ImportReport, expected: Partial<ImportReport>): void {
  for (const [key, value] of Object.entries(expected)) {
    if (report[key as keyof ImportReport] !== value) {
      throw new Error(`bench import: expected ${key} = ${String(value)}, got ${JSON.stringify(report)}`);
    }
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

await main();

/**
 * One more import of the same feed (unchanged) with the time of each statement it sends that
 * takes 5 ms or more (COPY until its data is in): where a regression's time goes.
 */
async function statementTimes(run: () => Promise<ImportReport>): Promise<void> {
  const query = pg.Client.prototype.query;
  const times: { ms: number; text: string }[] = [];
  const timedQuery = function (this: pg.Client, ...args: unknown[]): unknown {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first.text ?? first.constructor.name))
      .replace(/\s+/g, ' ')
      .trim();
    const start = performance.now();
    const result = (query as (...a: unknown[]) => unknown).apply(this, args) as {
      then?: (f: () => void) => void;
      on?: (event: string, f: () => void) => void;
    };
    const done = () => times.push({ ms: performance.now() - start, text });
    if (typeof result?.then === 'function') result.then(done);
    else result?.on?.('finish', done);
    return result;
  };
  pg.Client.prototype.query = timedQuery as typeof query;
  const started = performance.now();
  try {
    await run();
  } finally {
    pg.Client.prototype.query = query;
  }
  console.log(`statements of one more unchanged import (${fmt(performance.now() - started)} in all), 5 ms or more:`);
  for (const t of times.filter((t) => t.ms >= 5))
    console.log(`  ${t.ms.toFixed(0).padStart(6)} ms  ${t.text.slice(0, 120)}`);
}
