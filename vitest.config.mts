import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    include: ['test/**/*.test.ts', 'lib/**/*.test.ts'],
    // Browser specs run under Playwright (npm test runs both), never under vitest.
    exclude: ['e2e/**', 'node_modules/**', '.next/**', 'lib/db/generated/**'],
    environment: 'node',
    // Two files at a time: most integration tests wait on child processes, timers and databases, not the CPU, and
    // vitest's default (CPUs - 1) runs them one by one on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
