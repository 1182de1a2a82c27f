/**
 * vitest globalSetup: dist/ (the compiled server and jne command, which the tests that start
 * real processes run) is brought up to date once, before any test file runs: the same check
 * `npm start` makes (bin/build-if-changed.js). No test builds while others read dist/.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function buildServer(): void {
  execFileSync(process.execPath, [path.join(root, 'bin/build-if-changed.js')], { cwd: root, stdio: 'inherit' });
}
