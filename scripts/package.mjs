// Store-ready zips of both builds in artifacts/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('manifest.json', 'utf8'));
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
};

run('node', ['scripts/build.mjs']);
mkdirSync('artifacts', { recursive: true });
for (const target of ['chrome', 'firefox']) {
  const name = `session-watchdog-${version}-${target}.zip`;
  rmSync(`artifacts/${name}`, { force: true });
  // web-ext build only zips the folder (no Firefox-specific checks), so it serves both stores.
  run('npx', [
    'web-ext',
    'build',
    '--source-dir',
    `dist/${target}`,
    '--artifacts-dir',
    'artifacts',
    '--filename',
    name,
  ]);
}
console.log(`wrote artifacts/session-watchdog-${version}-{chrome,firefox}.zip`);
