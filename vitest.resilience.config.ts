import { defineConfig } from 'vitest/config';

/**
 * `npm run test:resilience`: the real server on PostgreSQL (TEST_DATABASE_URL) under failure —
 * its database connections cut during a write burst, the database unreachable for a while.
 * One file at a time: each starts the server and loads the machine.
 */
export default defineConfig({
  test: {
    include: ['tests/resilience/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['tests/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
