import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file gets its own databases (an in-memory PGlite, a fresh database on the server).
    pool: 'forks',
    // Builds web/dist when it is missing or older than web/ (the browser tests serve it).
    globalSetup: ['test/support/build-web.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
