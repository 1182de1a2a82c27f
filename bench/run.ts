/**
 * npm run bench: every benchmark, one after the other, on the PostgreSQL server in DATABASE_URL
 * or TEST_DATABASE_URL. Each prints its ratio against a baseline measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { serverUrl } from './support.js';

const benches = [
  'products.ts',
  'orders.ts',
  'catalog-import.ts',
  'reprice.ts',
  'dispatch.ts',
  'restart.ts',
  'performance.ts',
];
const only = process.argv.slice(2);
serverUrl();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Machine: ${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
for (const bench of benches.filter((b) => only.length === 0 || only.some((o) => b.startsWith(o)))) {
  console.log(`\n== ${bench}`);
  execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, bench)], { stdio: 'inherit' });
}
