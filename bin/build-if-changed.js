#!/usr/bin/env node
// `npm start` runs what `npm install` built: this rebuilds the server (dist/) or the web app
// (web/dist/) only when one of their sources is newer than the build, and says so. With nothing
// changed it reads file times and exits, in well under a second. `npm run dev` rebuilds on every change.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);

/** The newest modification time under the given files and folders (0 if none exists). */
function newest(paths, skip = new Set()) {
  let time = 0;
  for (const p of paths) {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      continue;
    }
    if (!stat.isDirectory()) {
      time = Math.max(time, stat.mtimeMs);
      continue;
    }
    for (const entry of fs.readdirSync(p)) {
      if (!skip.has(entry)) time = Math.max(time, newest([path.join(p, entry)], skip));
    }
  }
  return time;
}

function builtAt(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function run(what, args) {
  process.stdout.write(`jne: ${what}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// tsc's build info is written by every build that changes something; touched after each build
// here, so that a source touched without a change does not rebuild on every start.
const buildInfo = at('dist', '.tsbuildinfo');
const serverSources = [at('src'), at('tsconfig.json'), at('tsconfig.build.json')];
if (!fs.existsSync(at('dist', 'src', 'http', 'server.js')) || newest(serverSources) > builtAt(buildInfo)) {
  run('the server sources changed since the last build: compiling (tsc) ...', [
    at('node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    at('tsconfig.build.json'),
  ]);
  const now = new Date();
  fs.utimesSync(buildInfo, now, now);
}

const webIndex = at('web', 'dist', 'index.html');
if (newest([at('web')], new Set(['dist', 'node_modules'])) > builtAt(webIndex)) {
  run('the web app changed since the last build: building it (vite) ...', [
    at('node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    at('web', 'vite.config.ts'),
    '--logLevel',
    'warn',
  ]);
}
