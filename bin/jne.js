#!/usr/bin/env node
// The jne command runs the compiled code in dist/ (built by `npm install` and `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('jne: dist/ is missing: run `npm run build` first.\n');
  process.exit(2);
}
await import(entry.href);
