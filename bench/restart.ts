/**
 * Restart of the shop on the embedded database with nothing changed: `npm start` (the build
 * check, then the server opening its data folder) until GET /health answers 200. Baseline in the
 * same run: a bare Node process that listens and answers, started the same way. Target: under 3 s.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { record } from './support.js';

const root = path.resolve(import.meta.dirname, '..');
const ROUNDS = 3;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Spawns the command, waits for 200 on /health, stops it; returns the seconds until healthy. */
async function timeToHealthy(command: string, args: string[], env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([n]) => n !== 'DATABASE_URL'));
  const child = spawn(command, args, {
    cwd: root,
    env: { ...inherited, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return (performance.now() - started) / 1000;
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-bench-restart-'));
try {
  const env = { DATA_DIR: dataDir };
  const first = await timeToHealthy('npm', ['start'], env);
  console.log(`first start (creates, migrates and seeds the data folder): ${first.toFixed(2)} s`);
  const restarts: number[] = [];
  const bare: number[] = [];
  const bareServer =
    "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";
  for (let round = 0; round < ROUNDS; round++) {
    // Wait until the previous process has let go of the data folder.
    while (fs.existsSync(path.join(dataDir, 'jne.lock'))) await new Promise((resolve) => setTimeout(resolve, 20));
    restarts.push(await timeToHealthy('npm', ['start'], env));
    bare.push(await timeToHealthy(process.execPath, ['-e', bareServer], {}));
  }
  const restart = median(restarts);
  const baseline = median(bare);
  console.log(`restart with nothing changed, npm start to /health 200: ${restart.toFixed(2)} s (median of ${ROUNDS})`);
  console.log(`baseline, a bare node HTTP server to its first answer: ${baseline.toFixed(2)} s`);
  console.log(
    `ratio ${(baseline / restart).toFixed(2)}; target: restart under 3 s: ${restart < 3 ? 'met' : 'NOT met'}`,
  );
  record({
    name: `restart of the shop with nothing changed: npm start to /health 200 on the embedded database (median of ${ROUNDS}; the first start took ${first.toFixed(1)} s); baseline a bare Node HTTP server`,
    measured: restart,
    baseline,
    unit: 's',
    ratio: null,
    target: 'under 3 s',
    meets: restart < 3,
  });
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
