// Builds dist/chrome and dist/firefox from the one manifest.json: the extension (crxjs), then the worker's two files
// and the content script, each one classic file (see vite.config.ts for why they are passes of their own).
import { tsImport } from 'tsx/esm/api';
import { build } from 'vite';
import { generateData } from './gen-data.mjs';

// The place and hosting tables are generated (gitignored): a fresh clone has none, and the bundle imports them.
await generateData();

// The backup's JSON Schema is generated from its zod definition, so the published file never drifts.
const { writeExportSchema } = await tsImport('./gen-schema.ts', import.meta.url);
if (writeExportSchema()) console.log('wrote docs/export.schema.json');

const targets = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const target of targets.length ? targets : ['chrome', 'firefox']) {
  process.env.TARGET = target;
  for (const part of ['extension', 'worker-front', 'worker-main', 'content']) {
    process.env.PART = part;
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production' });
  }
  console.log(`built dist/${target}`);
}
