import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests about concurrency (*.server.test.ts) need a real PostgreSQL server: PGlite is one session
// and cannot show a race. Without TEST_DATABASE_URL (or DATABASE_URL) they are left out, and said so.
const hasServer = Boolean(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL);
if (!hasServer) {
  console.log('No TEST_DATABASE_URL: the *.server.test.ts files (races, locks) are left out; the rest runs on PGlite.');
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: hasServer ? [] : ['test/**/*.server.test.ts'],
    // Each test file gets its own databases (an in-memory PGlite, a database of its own on the
    // server), so files run in parallel workers. A worker spends much of its time waiting for the
    // server or chromium, so there is one more worker than cores.
    pool: 'forks',
    // The files of a worker share its process: modules (the app, kysely, PGlite's compiled wasm)
    // load once per worker instead of once per file. Each file still makes its own databases;
    // shared-worker.ts fails a file that leaves the process changed (environment, directory, timers).
    isolate: false,
    // drop-databases.ts drops the server databases of a file's tests together when the file ends.
    setupFiles: ['test/support/drop-databases.ts', 'test/support/shared-worker.ts'],
    maxWorkers: os.availableParallelism() + 1,
    // Builds web/dist when it is missing or older than web/ (the browser tests serve it), and
    // makes the migrated templates the tests' databases are copied from.
    globalSetup: ['test/support/build-web.ts', 'test/support/build-server.ts', 'test/support/templates.ts'],
    // Nothing is timed in the tests; the limits only stop a hung test, also on a busy machine.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
