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
  },
});
