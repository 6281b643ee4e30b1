import { defineConfig } from 'vitest/config';

// Every test file runs on embedded PGlite; with TEST_DATABASE_URL set, the whole suite runs a second
// time against that PostgreSQL server. Each file gets its own database (see test/helpers).
const backends = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Low on purpose, so a slow test shows: the CLI runs in-process (test/helpers/run-cli.ts) and a
    // file's database is a copy of a migrated template; a test that needs more says so itself.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: backends.map((backend) => ({
      extends: true,
      test: {
        name: backend,
        include: ['test/**/*.test.ts'],
        env: { TEST_DB_KIND: backend },
      },
    })),
  },
});
