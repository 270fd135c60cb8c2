import { defineConfig } from 'vitest/config';

// The Firefox suite runs under vitest rather than node --test + tsx: tsx compiles with keepNames, which
// puts `__name(...)` calls into functions that puppeteer then ships to the page, where they do not exist.
export default defineConfig({
  test: {
    include: ['e2e/firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
