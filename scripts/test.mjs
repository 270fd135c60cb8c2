// `npm test`: every check the project has, in the order CI runs them. Stops at the first failure.
import { spawnSync } from 'node:child_process';

const steps = [
  ['generate data tables', 'node', ['scripts/gen-data.mjs']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['biome', 'check', '.']],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['build', 'node', ['scripts/build.mjs']],
  ['bundle sizes', 'node', ['scripts/check-size.mjs', 'dist/chrome']],
  [
    'web-ext lint (Firefox build)',
    'npx',
    ['web-ext', 'lint', '--source-dir', 'dist/firefox', '--self-hosted=false', '--warnings-as-errors=false'],
  ],
  ['e2e Chromium', 'npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts']],
  ['e2e Firefox', 'npx', ['vitest', 'run', '-c', 'e2e/firefox/vitest.config.ts']],
];

const only = process.argv.slice(2);
const started = Date.now();
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.toLowerCase().includes(o.toLowerCase()))) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
  });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${r.status ?? r.signal}) after ${secs}s`);
    process.exit(r.status || 1);
  }
  console.log(`✔ ${name} (${secs}s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
