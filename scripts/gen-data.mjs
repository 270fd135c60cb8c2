// Generates the offline data tables under src/data/generated/ (gitignored). Cheap to call before every
// build and test run: an output is rebuilt only when missing, older than its generator, or older than
// one of its source packages (an `npm update` rewrites their package.json).
//   node scripts/gen-data.mjs            build what is stale
//   node scripts/gen-data.mjs --force    rebuild everything
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLACES_PATH, PLACES_SOURCES, writePlaces } from './gen-geo.mjs';
import { HOSTING_INPUTS, HOSTING_PATH, HOSTING_SOURCES, writeHosting } from './gen-hosting.mjs';
import { PROVIDERS_INPUTS, PROVIDERS_PATH, PROVIDERS_SOURCES, writeProviders } from './gen-providers.mjs';

export { HOSTING_PATH, PLACES_PATH, PROVIDERS_PATH };

const require = createRequire(import.meta.url);
const here = fileURLToPath(import.meta.url);

function mtime(path) {
  return statSync(path).mtimeMs;
}

/** Whether `output` is missing or older than any of `inputs`. */
export function isStale(output, inputs) {
  if (!existsSync(output)) return true;
  const built = mtime(output);
  return inputs.some((p) => mtime(p) > built);
}

const packageJsons = (names) => names.map((n) => require.resolve(`${n}/package.json`));

const TASKS = [
  {
    name: 'places',
    output: PLACES_PATH,
    // place-aliases.ts is an input: its tables are written into the file (the worker's code carries none of
    // them). place.ts is one too: its placeKey writes the index and the aliases' keys.
    inputs: () => [
      ...packageJsons(PLACES_SOURCES),
      resolve(here, '../gen-geo.mjs'),
      resolve(here, '../../src/core/place.ts'),
      resolve(here, '../../src/data/place-aliases.ts'),
    ],
    run: writePlaces,
  },
  {
    name: 'hosting',
    output: HOSTING_PATH,
    inputs: () => [...packageJsons(HOSTING_SOURCES), ...HOSTING_INPUTS],
    run: writeHosting,
  },
  {
    name: 'providers',
    output: PROVIDERS_PATH,
    inputs: () => [...packageJsons(PROVIDERS_SOURCES), ...PROVIDERS_INPUTS],
    run: writeProviders,
  },
];

/** Builds every stale table; returns what was built (empty when all were fresh). */
export async function generateData({ force = false, log = console.log } = {}) {
  const built = [];
  for (const task of TASKS) {
    if (!force && !isStale(task.output, task.inputs())) continue;
    const t0 = performance.now();
    const result = await task.run(task.output);
    log(`gen-data: ${task.name} → ${task.output} (${Math.round(performance.now() - t0)} ms)`);
    built.push({ name: task.name, ...result });
  }
  return built;
}

if (process.argv[1] && resolve(process.argv[1]) === here) {
  await generateData({ force: process.argv.includes('--force') });
}
