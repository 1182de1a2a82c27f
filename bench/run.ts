/**
 * npm run bench: every benchmark, one after the other, on the PostgreSQL server in DATABASE_URL
 * or TEST_DATABASE_URL. Each prints its ratio against a baseline measured in the same run; the
 * rows go to bench/results/latest.json and the README's table. `npm run bench -- products orders`
 * runs some of them and replaces only their rows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mergeResults, readLatest, updateReadme, writeLatest, type StoredResult } from './results.js';
import { serverUrl } from './support.js';

const benches = [
  'products.ts',
  'orders.ts',
  'catalog-import.ts',
  'reprice.ts',
  'dispatch.ts',
  'restart.ts',
  'memory.ts',
  'performance.ts',
];
const only = process.argv.slice(2);
serverUrl();
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const machine = `${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`Machine: ${machine}`);
const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jne-bench-')), 'results.jsonl');
const fresh: StoredResult[] = [];
let failed: unknown;
try {
  for (const bench of benches.filter((b) => only.length === 0 || only.some((o) => b.startsWith(o)))) {
    console.log(`\n== ${bench}`);
    fs.writeFileSync(resultsFile, '');
    execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, bench)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS_FILE: resultsFile },
    });
    const date = new Date().toISOString();
    for (const line of fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)) {
      fresh.push({ ...(JSON.parse(line) as Omit<StoredResult, 'bench' | 'date' | 'machine'>), bench, date, machine });
    }
  }
} catch (error) {
  failed = error; // what ran before the failure is still written
} finally {
  fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
}
const results = mergeResults(readLatest(), fresh, benches);
writeLatest(results);
updateReadme(results);
console.log(`\n${fresh.length} results written to bench/results/latest.json and the README's table.`);
if (failed) throw failed;
