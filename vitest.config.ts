import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// Separate from vite.config.ts so the crx plugin never runs under vitest.
export default defineConfig({
  plugins: [preact()],
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'popup/**/*.test.{ts,tsx}',
      'options/**/*.test.{ts,tsx}',
      'scripts/**/*.test.{ts,mjs}',
    ],
    environment: 'node',
    setupFiles: ['./vitest.setup.ts'],
    globalSetup: ['./scripts/vitest-global-setup.mjs'],
    // Property tests build thousands of DOMs; on a loaded 2-CPU machine some take over the 5 s default.
    // A timeout is a safety net for hangs, not a performance assertion (those live in `npm run bench`).
    testTimeout: 30_000,
  },
});
