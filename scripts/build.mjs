// Builds dist/chrome and dist/firefox from the one manifest.json.
import { build } from 'vite';

const targets = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const target of targets.length ? targets : ['chrome', 'firefox']) {
  process.env.TARGET = target;
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production' });
  console.log(`built dist/${target}`);
}
