#!/usr/bin/env node
// `npm run dev`: builds what changed, then keeps rebuilding on every change (tsc --watch for the
// server, vite build --watch for the web app) and restarts the shop when its compiled code
// changes (node --watch). Ctrl-C stops all three.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);

const first = spawnSync(process.execPath, [at('bin', 'build-if-changed.js')], { cwd: root, stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [
  [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', at('tsconfig.build.json'), '--watch', '--preserveWatchOutput'],
  [at('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--watch', '--config', at('web', 'vite.config.ts')],
  ['--watch', at('dist', 'src', 'http', 'server.js')],
].map((args) => spawn(process.execPath, args, { cwd: root, stdio: 'inherit' }));

let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
for (const child of children) child.on('exit', (code) => stop(code ?? 1));
