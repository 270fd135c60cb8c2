import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from '../support/fixtures';

// `npm run demo` without a display: it must find the stranger, write both screenshots and exit cleanly.
test('npm run demo (headless) prints the stranger’s warnings and writes the page and popup screenshots', () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'demo.mjs'), '--no-build', '--headless'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 90_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/Toolbar badge: [1-9]\d*/);
  expect(run.stdout).toMatch(/\[HIGH\s*\] Chrome 120 on Linux .*DigitalOcean/);
  // The user's own Mac and iPhone raise nothing high or medium, also the Mac behind its VPN's exit abroad (a
  // provider its trusted device names: a low note at most).
  expect(run.stdout).not.toMatch(/\[(?:HIGH|MEDIUM)\s*\] (?:Chrome 131 on macOS|iPhone 15 Pro)/);
  for (const file of ['page.png', 'popup.png']) {
    const path = join(ROOT, 'artifacts', 'demo', file);
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).size).toBeGreaterThan(10_000);
  }
});
