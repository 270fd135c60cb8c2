// Bundles the real sources the benchmark runs: the extractor for a page, the rules for Node.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export const ROOT = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'sw-bench-'));

/**
 * The extractor and the page snapshot as a classic script defining `globalThis.__swBench` (`extractScan`,
 * `snapshotDom`, `parseSnapshot`, `fromSnapshot`), minified as shipped.
 */
export async function bundleExtractor() {
  const result = await build({
    stdin: {
      contents: [
        "export { extractScan } from './src/core/extract/extract-scan';",
        "export { fromSnapshot, parseSnapshot, SnapDoc, snapshotDom } from './src/core/extract/snapshot';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: '__swBench',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/**
 * `runRules`, `judge`, `allRules`, the default thresholds, `withAddressValue` and the data-table loaders as an ES module
 * for Node.
 */
export async function bundleRules() {
  const outfile = join(out, 'rules.mjs');
  await build({
    stdin: {
      contents: [
        "export { runRules } from './src/core/evaluate';",
        // What the worker runs: every rule, then one incident per intruder.
        "export { judge } from './src/core/incident';",
        "export { allRules } from './src/core/rules';",
        "export { defaultThresholds } from './src/core/rules/rule';",
        // A login row as the worker stores it (its address value beside the text, storage version 11).
        "export { withAddressValue } from './src/core/ingest';",
        // The worker's real lookups over the generated tables, read from disk: rules judge places and networks
        // through them; bench/tables.mjs times their load.
        "export { createGeoLoader, DATA_FILES, getGeo, useDataFiles } from './src/background/geo-data';",
        "export { diskDataReader } from './scripts/data-files';",
        "export { loadHostingTable } from './src/core/hosting';",
        "export { decodeNetworkTable } from './src/core/network-table';",
        "export { loadGazetteer } from './src/core/place';",
        // The settings a user who never opened the options page has (the bench's retention saves them with a limit).
        "export { defaultSettings } from './src/shared/settings';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return import(outfile);
}
