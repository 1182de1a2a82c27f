/**
 * vitest globalSetup: makes sure web/dist is a build of the current web/ sources, so the browser
 * tests serve what is in the checkout. Builds only when dist is missing or older than a source
 * file (about a second); the tests themselves build nothing. The build goes to a folder of its
 * own and is then swapped in, so a test run next to this one never sees a half-written dist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  const index = path.join(dist, 'index.html');
  return fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
}

export default async function buildWeb(): Promise<void> {
  if (builtAt() >= newestSource(web)) return;
  const { build } = await import('vite');
  // Under node_modules/.cache: same file system (rename works), ignored by git and eslint if left over.
  const cache = path.join(root, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const temporary = path.join(cache, `jne-web-build-${process.pid}`);
  try {
    await build({
      configFile: path.join(web, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: temporary, emptyOutDir: true },
    });
    if (!fs.existsSync(path.join(temporary, 'index.html'))) throw new Error('vite build did not produce index.html');
    const old = path.join(cache, `jne-web-old-${process.pid}`);
    try {
      fs.renameSync(dist, old);
    } catch {
      // No dist yet, or another run just moved it: either way the place is free or soon filled.
    }
    try {
      fs.renameSync(temporary, dist);
    } catch (error) {
      // Another run swapped its build in first: that one is as fresh as ours.
      if (builtAt() === 0) throw error;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}
