import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };
import { popupMessages } from './scripts/popup-messages.ts';
import { WORKER_FILE, WORKER_MAIN_FILE } from './src/shared/worker-files.ts';

type Target = 'chrome' | 'firefox';
type Manifest = typeof baseManifest & Record<string, unknown>;

/** The content script's one built file, at the root of each build. */
export const CONTENT_SCRIPT_FILE = 'content.js';

/**
 * One manifest.json, two builds: Chrome gets a service worker, Firefox an event page and its gecko settings. The
 * worker is two classic scripts built in passes of their own (src/shared/worker-files.ts): Chrome starts the first
 * and imports the second when needed; Firefox's event page lists both.
 */
export function manifestFor(target: Target): Manifest {
  const manifest = structuredClone(baseManifest) as Manifest;
  if (target === 'firefox') {
    return { ...manifest, background: { scripts: [WORKER_FILE, WORKER_MAIN_FILE] } } as unknown as Manifest;
  }
  const { browser_specific_settings: _gecko, ...chrome } = manifest;
  return { ...chrome, background: { service_worker: WORKER_FILE } } as Manifest;
}

/**
 * crxjs would ship the content script as a loader that `import()`s its chunk, which only works where that chunk is
 * web-accessible (the manifest's own hosts). Custom sites and "Scan this page" inject the same file anywhere, so
 * crxjs never sees the content script: a second pass builds it as one classic script and puts it in the manifest.
 */
function withoutScripts(manifest: Manifest): ManifestV3Export {
  const { content_scripts: _c, background: _b, ...rest } = manifest;
  return rest as unknown as ManifestV3Export;
}

/** The worker's and the content script's files, which crxjs did not see, go into the built manifest. */
function scriptsInManifest(outDir: string): Plugin {
  return {
    name: 'session-watchdog:scripts-in-manifest',
    apply: 'build',
    writeBundle() {
      const path = join(outDir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      manifest.background = manifestFor(target).background;
      manifest.content_scripts = baseManifest.content_scripts.map((c) => ({ ...c, js: [CONTENT_SCRIPT_FILE] }));
      writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/**
 * The place, hosting and provider tables (src/data/generated/, `npm run gen-data`) go into the package as files
 * under data/, not into the worker's code: the worker reads them on its first judging (src/background/geo-data.ts).
 */
function dataTables(dir: string): Plugin {
  return {
    name: 'session-watchdog:data-tables',
    apply: 'build',
    generateBundle() {
      for (const file of readdirSync(dir).filter((f) => /\.(?:json|bin)$/.test(f))) {
        this.emitFile({ type: 'asset', fileName: `data/${file}`, source: readFileSync(join(dir, file)) });
      }
    },
  };
}

const target = (process.env.TARGET ?? 'chrome') as Target;
if (target !== 'chrome' && target !== 'firefox') throw new Error(`TARGET must be chrome or firefox, not ${target}`);
const outDir = `dist/${target}`;
const browserTarget = target === 'firefox' ? 'firefox128' : 'chrome120';

/** A pass after the extension build: one entry as one self-contained classic script (IIFE: no import()). */
function scriptConfig(entry: string, fileName: string, name: string, plugins: Plugin[] = []): UserConfig {
  return {
    publicDir: false,
    plugins,
    build: {
      outDir,
      emptyOutDir: false,
      target: browserTarget,
      sourcemap: false,
      minify: true,
      copyPublicDir: false,
      lib: { entry, formats: ['iife'], name, fileName: () => fileName },
    },
  };
}

/** PART=worker-front and PART=worker-main: the worker's two files (src/shared/worker-files.ts). */
const workerConfigs: Record<string, UserConfig> = {
  'worker-front': scriptConfig(baseManifest.background.service_worker, WORKER_FILE, 'sessionWatchdogWorker'),
  'worker-main': scriptConfig('src/background/main.ts', WORKER_MAIN_FILE, 'sessionWatchdogWorkerMain'),
};

/**
 * PART=content (the last pass): the content script as a self-contained IIFE (no import(), no
 * web_accessible_resources needed), and the manifest completed.
 */
const contentConfig = scriptConfig(
  baseManifest.content_scripts[0]?.js[0] ?? 'src/content/index.ts',
  CONTENT_SCRIPT_FILE,
  'sessionWatchdogContent',
  [scriptsInManifest(outDir)],
);

const extensionConfig: UserConfig = {
  plugins: [
    preact(),
    popupMessages(import.meta.dirname),
    dataTables(join(import.meta.dirname, 'src/data/generated')),
    crx({ manifest: withoutScripts(manifestFor(target)), browser: target }),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    target: browserTarget,
    // The popup's shared chunks are asked for with its entry, not after it has been parsed (no polyfill needed).
    modulePreload: { polyfill: false },
    sourcemap: false,
    minify: true,
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
};

const part = process.env.PART ?? 'extension';
export default defineConfig(part === 'content' ? contentConfig : (workerConfigs[part] ?? extensionConfig));
