import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Tests about concurrency (*.server.test.ts) need a real PostgreSQL server: PGlite is one session
// and cannot show a race. Without TEST_DATABASE_URL (or DATABASE_URL) they are left out, and said so.
const hasServer = Boolean(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL);
if (!hasServer) {
  console.log('No TEST_DATABASE_URL: the *.server.test.ts files (races, locks) are left out; the rest runs on PGlite.');
}

/**
 * Files that take far longer than their size suggests (they start the shop, run the CLI against
 * it, replay migration histories, or walk random shops). Without cached timings, as on a clean
 * clone, Vitest starts the largest files first, so these came last and ran while the other
 * workers had nothing left: they go first.
 */
const LONG_SHORT_FILES = [
  'test/cli/through-shop.test.ts',
  'test/db/migrations/history-drift.test.ts',
  'test/http/npm-start.test.ts',
  'test/pricing/margin-property.test.ts',
  'test/db/migrations/runbook.test.ts',
  'test/http/start.test.ts',
  'test/db/queues.server.test.ts',
];

class LongShortFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const early = (file: TestSpecification) => LONG_SHORT_FILES.some((name) => file.moduleId.endsWith(name));
    return [...sorted.filter(early), ...sorted.filter((file) => !early(file))];
  }
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
    sequence: { sequencer: LongShortFilesFirst },
    // Builds web/dist when it is missing or older than web/ (the browser tests serve it), and
    // makes the migrated templates the tests' databases are copied from.
    globalSetup: ['test/support/build-web.ts', 'test/support/build-server.ts', 'test/support/templates.ts'],
    // Nothing is timed in the tests; the limits only stop a hung test, also on a busy machine.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
