import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'test/**/*.test.ts'],
    // Timing comparisons run alone afterwards: vitest.timing.config.ts (npm test runs both).
    exclude: ['**/node_modules/**', '**/*.timing.*.test.ts'],
    globalSetup: ['test/support/global-postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: process-spawning failure tests and the PostgreSQL server share them.
    maxWorkers: 2,
  },
});
