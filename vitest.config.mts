import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    include: ['test/**/*.test.ts', 'lib/**/*.test.ts'],
    // Browser specs run under Playwright (npm test runs both), never under vitest.
    exclude: ['e2e/**', 'node_modules/**', '.next/**', 'lib/db/generated/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
