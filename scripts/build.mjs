// Builds dist/chrome and dist/firefox from the one manifest.json: the extension (crxjs), then its content script
// as one classic file (see vite.config.ts for why it is a pass of its own).
import { build } from 'vite';

const targets = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const target of targets.length ? targets : ['chrome', 'firefox']) {
  process.env.TARGET = target;
  for (const part of ['extension', 'content']) {
    process.env.PART = part;
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production' });
  }
  console.log(`built dist/${target}`);
}
