// Store-ready zips of both builds in artifacts/: Chrome with the system zip, Firefox with web-ext build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('manifest.json', 'utf8'));
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status || 1);
};

run('node', ['scripts/build.mjs']);
mkdirSync('artifacts', { recursive: true });
const chromeZip = `artifacts/session-watchdog-${version}-chrome.zip`;
rmSync(chromeZip, { force: true });
run('zip', ['-qr', `../../${chromeZip}`, '.'], { cwd: 'dist/chrome' });
run('npx', [
  'web-ext',
  'build',
  '--source-dir',
  'dist/firefox',
  '--artifacts-dir',
  'artifacts',
  '--filename',
  `session-watchdog-${version}-firefox.zip`,
  '--overwrite-dest',
]);
console.log(`wrote ${chromeZip} and artifacts/session-watchdog-${version}-firefox.zip`);
