/** Shared by the benchmarks: a database of their own on the server, pgbench, timing, ratios. */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import pg from 'pg';
import { loadMigrations } from '../src/db/migrations/files.js';
import { Migrator } from '../src/db/migrations/migrator.js';
import { openPostgres } from '../src/db/postgres.js';
import type { Database } from '../src/db/database.js';

const run = promisify(execFile);

export function serverUrl(): string {
  const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('The benchmarks run on a PostgreSQL server: set DATABASE_URL or TEST_DATABASE_URL');
  return url;
}

export interface BenchDatabase {
  url: string;
  database: Database;
  dispose(): Promise<void>;
}

/** A fresh, migrated database on the server, dropped by dispose(). */
export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `jne_bench_${prefix}_${randomBytes(3).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 'bench');
  await new Migrator(database, loadMigrations(), {
    lockTimeoutMs: 5_000,
    statementTimeoutMs: 600_000,
    retries: 0,
    retryBackoffMs: 0,
    advisoryLockWaitMs: 5_000,
  }).migrate();
  return {
    url: url.toString(),
    database,
    async dispose() {
      await database.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** pgbench -i: its tables at the given scale. */
export async function pgbenchInit(url: string, scale: number): Promise<void> {
  await run('pgbench', ['-i', '-s', String(scale), '-q', url], { maxBuffer: 16 * 1024 * 1024 });
}

/** Runs pgbench and returns its transactions per second (excluding connection time). */
export async function pgbench(url: string, args: string[]): Promise<number> {
  const { stdout } = await run('pgbench', [...args, url], { maxBuffer: 16 * 1024 * 1024 });
  const tps = /tps = ([\d.]+) \((without initial connection time|excluding connections establishing)\)/.exec(stdout);
  if (!tps) throw new Error(`could not read tps from pgbench:\n${stdout}`);
  return Number(tps[1]);
}

/** Runs `worker` on `clients` concurrent loops for `seconds`; returns completed calls per second. */
export async function throughput(clients: number, seconds: number, worker: (client: number) => Promise<void>) {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline) {
        await worker(client);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** One measured row of `npm run bench`, as bench/results/latest.json keeps it. */
export interface BenchResult {
  name: string;
  measured: number;
  /** The baseline measured in the same run; null for a figure with an absolute target. */
  baseline: number | null;
  unit: string;
  /** measured / baseline for rates (higher is better); null for an absolute target. */
  ratio: number | null;
  target: string;
  meets: boolean;
}

/**
 * Hands a result to bench/run.ts, which gathers them into bench/results/latest.json (and the README's
 * table). A bench started on its own, outside run.ts, only prints.
 */
export function record(result: BenchResult): void {
  const file = process.env.BENCH_RESULTS_FILE;
  if (!file) return;
  const loadAverage = Number(os.loadavg()[0]!.toFixed(2));
  fs.appendFileSync(file, `${JSON.stringify({ ...result, loadAverage })}\n`);
}

/** The printed line of a rate against its baseline (higher is better), recorded as a result. */
export function ratioLine(name: string, subject: number, baseline: number, target: number, unit: string): string {
  const ratio = subject / baseline;
  const meets = ratio >= target;
  record({ name, measured: subject, baseline, unit, ratio, target: `ratio >= ${target}`, meets });
  return (
    `${name}: ${subject.toFixed(1)} ${unit} vs baseline ${baseline.toFixed(1)} ${unit} -> ratio ${ratio.toFixed(2)} ` +
    `(target ${target}, ${meets ? 'meets' : 'BELOW'})`
  );
}
