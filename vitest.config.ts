import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    // One migrated PGlite and one migrated Postgres template per run; test databases are copies.
    globalSetup: ['./test/support/global-setup.ts'],
    // Fixed fast-check seed (FC_SEED overrides it).
    setupFiles: ['./test/support/fast-check-seed.ts'],
    // PGlite instances are heavy (WASM heap); two workers match the two cores we have.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
