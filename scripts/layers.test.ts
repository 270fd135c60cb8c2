import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers, held by a test rather than by memory (Bitwarden forbids imports across its layers in lint; this reads
 * the sources, type-only imports included, since a type import still ties one room's shape to another's).
 * Layers point down: core ← shared ← platform ← the entry points (background, content, popup, options), and the
 * pages' own helpers in src/ui. Entry points never import each other.
 */
const ROOT = join(import.meta.dirname, '..');

type Layer =
  | 'core'
  | 'data'
  | 'shared'
  | 'platform'
  | 'ui'
  | 'background'
  | 'content'
  | 'popup'
  | 'options'
  | 'catalogs';

/** Where a project file lives; first match wins. */
const LAYER_OF: [string, Layer][] = [
  ['src/core/', 'core'],
  ['src/data/', 'data'],
  ['src/shared/', 'shared'],
  ['src/platform/', 'platform'],
  ['src/ui/', 'ui'],
  ['src/background/', 'background'],
  ['src/content/', 'content'],
  ['popup/', 'popup'],
  ['options/', 'options'],
  ['public/_locales/', 'catalogs'],
];

/** What each layer may import of the project's own files. */
export const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  core: ['core', 'data'],
  data: ['data'],
  catalogs: [],
  shared: ['shared', 'core', 'data', 'catalogs'],
  platform: ['platform', 'shared', 'core', 'data'],
  ui: ['ui', 'platform', 'shared', 'core', 'data', 'catalogs'],
  background: ['background', 'platform', 'shared', 'core', 'data'],
  content: ['content', 'platform', 'shared', 'core', 'data'],
  popup: ['popup', 'ui', 'platform', 'shared', 'core', 'data', 'catalogs'],
  options: ['options', 'ui', 'platform', 'shared', 'core', 'data', 'catalogs'],
};

/** Packages that tie a module to a browser API or to the pages' rendering: only these layers may import them. */
const PACKAGE_OWNERS: [RegExp, readonly Layer[]][] = [
  [/^webextension-polyfill$/, ['platform']],
  [/^idb$/, ['background']],
  [/^(?:preact|@preact\/)/, ['ui', 'popup', 'options']],
  [/^node:/, []],
];

export function layerOf(file: string): Layer | undefined {
  return LAYER_OF.find(([prefix]) => file.startsWith(prefix))?.[1];
}

/** Every module specifier a source imports or re-exports, statically or dynamically, types included. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs = [
    ...code.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"\n]+)['"]/gm),
    ...code.matchAll(/^\s*import\s*['"]([^'"\n]+)['"]/gm),
    ...code.matchAll(/\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return [...new Set(specs)];
}

/** What is wrong with one file's imports, one sentence per offending import, naming it. */
export function violations(file: string, source: string): string[] {
  const from = layerOf(file);
  if (!from) return [`${file} lies in no layer: add its folder to LAYER_OF in scripts/layers.test.ts`];
  const found: string[] = [];
  for (const spec of importsOf(source)) {
    const path = spec.split('?')[0]!;
    if (path.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), path)).replaceAll('\\', '/');
      const to = layerOf(`${target}/`) ?? layerOf(target);
      if (to === from) continue;
      if (!to || !MAY_IMPORT[from].includes(to)) {
        found.push(
          `${file} imports '${spec}' (${to ?? 'outside the layers'}): ${from} may import only ${MAY_IMPORT[from].join(', ')}`,
        );
      }
      continue;
    }
    const owner = PACKAGE_OWNERS.find(([pattern]) => pattern.test(path));
    if (owner && !owner[1].includes(from)) {
      const who = owner[1].length ? `only ${owner[1].join(', ')} may` : 'no shipped module may';
      found.push(`${file} imports the package '${spec}': ${who} import it`);
    }
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).replaceAll('\\', '/'))
    .filter((f) => !f.includes('/generated/'))
    .sort();
}

/** Test helpers run under Node (fast-check, node:fs) and never ship; they still keep the project's layers. */
const isTestHelper = (file: string) => /(?:test-helpers|dom-test-helpers)\.ts$/.test(file);

describe('layers', () => {
  const files = ['src', 'popup', 'options'].flatMap(sources);

  it('finds the sources it holds', () => {
    expect(files.length).toBeGreaterThan(150);
    for (const layer of ['core', 'shared', 'platform', 'ui', 'background', 'content', 'popup', 'options']) {
      expect(files.some((f) => layerOf(f) === layer)).toBe(true);
    }
  });

  it('every import points down (no layer reaches into one above it, entry points never into each other)', () => {
    const found = files.flatMap((file) =>
      violations(file, readFileSync(join(ROOT, file), 'utf8')).filter(
        (v) => !(isTestHelper(file) && /the package '(?:node:|fast-check)/.test(v)),
      ),
    );
    expect(found).toEqual([]);
  });
});

/**
 * One owner per browser API: each `browser.<namespace>` is called from one module of src/platform. runtime's
 * getURL/getManifest/id are read-only facts any platform module may ask; messaging is split by sender (the content
 * script's sender carries no listener); storage's change signal lives apart from its schemas for the popup's size,
 * and the raw read behind the kept overview's print for the size of the worker's first script.
 */
const API_OWNERS: Record<string, readonly string[]> = {
  action: ['src/platform/action.ts'],
  alarms: ['src/platform/alarms.ts', 'src/platform/worker-events.ts'],
  i18n: ['src/platform/i18n.ts'],
  idle: ['src/platform/idle.ts'],
  notifications: ['src/platform/notifications.ts', 'src/platform/worker-events.ts'],
  permissions: ['src/platform/permissions.ts'],
  scripting: ['src/platform/scripting.ts'],
  tabs: ['src/platform/tabs.ts'],
  windows: ['src/platform/tabs.ts'],
  storage: ['src/platform/storage.ts', 'src/platform/data-changed.ts', 'src/platform/overview-inputs.ts'],
  'runtime.onInstalled': ['src/platform/worker-events.ts'],
  'runtime.onStartup': ['src/platform/worker-events.ts'],
  'runtime.onMessage': ['src/platform/worker-events.ts'],
  'runtime.sendMessage': ['src/platform/messaging.ts'],
  'runtime.openOptionsPage': ['src/platform/tabs.ts'],
};

/** Which browser namespaces a source calls through the polyfill's `browser`, the global `chrome` or `nativeApi()`. */
export function browserApisOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const apis = new Set<string>();
  for (const [, ns, member] of code.matchAll(
    /\b(?:browser|chrome|nativeApi\(\))\.([a-zA-Z]{1,40})(?:\.([a-zA-Z]{1,40}))?/g,
  )) {
    if (ns === 'runtime') {
      if (member && `runtime.${member}` in API_OWNERS) apis.add(`runtime.${member}`);
    } else if (ns && ns in API_OWNERS) apis.add(ns);
  }
  return [...apis];
}

describe('one owner per browser API', () => {
  const files = ['src', 'popup', 'options'].flatMap(sources).filter((f) => !f.startsWith('src/core/'));

  it('each browser namespace is called from its owner only', () => {
    const found = files.flatMap((file) =>
      browserApisOf(readFileSync(join(ROOT, file), 'utf8'))
        .filter((api) => !API_OWNERS[api]!.includes(file))
        .map((api) => `${file} calls browser.${api}: its owner is ${API_OWNERS[api]!.join(' or ')}`),
    );
    expect(found).toEqual([]);
  });

  it('reads the namespaces a source calls', () => {
    expect(browserApisOf('await browser.tabs.query({});\nconst s = (browser.storage as X).session;')).toEqual([
      'tabs',
      'storage',
    ]);
    expect(browserApisOf('browser.runtime.getURL(x); chrome.runtime.sendMessage(m)')).toEqual(['runtime.sendMessage']);
    expect(browserApisOf('nativeApi().alarms.onAlarm.addListener(f); nativeApi().runtime.getURL(x)')).toEqual([
      'alarms',
    ]);
  });
});

/**
 * Views go through their models, which take their transport and browser calls injected: in the pages only the
 * wiring (each page's entry, the options page's settings chunk and its store) imports src/platform.
 */
const PAGE_WIRING = ['popup/main.tsx', 'options/main.tsx', 'options/settings-panels.tsx', 'options/settings-store.ts'];
/** Still calling the platform from the view: the Data section, rebuilt in another change. */
const NOT_YET_THROUGH_A_MODEL = ['options/data.tsx'];

describe('views through models', () => {
  it("only the pages' wiring imports src/platform", () => {
    const found = ['popup', 'options']
      .flatMap(sources)
      .filter((file) => importsOf(readFileSync(join(ROOT, file), 'utf8')).some((spec) => spec.includes('/platform/')))
      .filter((file) => !PAGE_WIRING.includes(file) && !NOT_YET_THROUGH_A_MODEL.includes(file));
    expect(found).toEqual([]);
  });
});

describe('the layer check itself', () => {
  it.each([
    ['src/core/a.ts', "import { x } from '../platform/storage';", 'core may import only core, data'],
    ['src/core/a.ts', "import type { Settings } from '../shared/settings';", 'core may import only'],
    ['src/shared/a.ts', "import { t } from '../ui/i18n';", 'shared may import only'],
    ['src/shared/a.ts', "export { t } from '../background/handlers';", 'shared may import only'],
    ['src/platform/a.ts', "import type {\n  Guidance,\n} from '../background/handlers';", 'platform may import only'],
    ['src/platform/a.ts', "import { guidePage } from '../content/guide';", 'platform may import only'],
    ['src/background/a.ts', "import { pickLocale } from '../ui/i18n';", 'background may import only'],
    ['popup/a.ts', "import { x } from '../options/model';", 'popup may import only'],
    ['options/a.tsx', "const m = () => import('../popup/model');", 'options may import only'],
    ['src/content/a.ts', "import { x } from '../background/db';", 'content may import only'],
    ['src/background/a.ts', "import { x } from '../content/page-gate';", 'background may import only'],
    ['src/core/a.ts', "import { browser } from 'webextension-polyfill';", "package 'webextension-polyfill'"],
    ['src/shared/a.ts', "import { openDB } from 'idb';", "package 'idb'"],
    ['src/background/a.ts', "import { signal } from '@preact/signals';", "package '@preact/signals'"],
  ])('%s: %s is refused', (file, source, message) => {
    const found = violations(file, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
    expect(found[0]).toContain(file);
  });

  it.each([
    ['src/core/a.ts', "import { x } from './b';\nimport { y } from '../data/place-aliases';"],
    ['src/platform/a.ts', "import type { Envelope } from '../shared/contract';"],
    ['popup/a.tsx', "import { t } from '../src/ui/i18n';\nimport { signal } from '@preact/signals';"],
    ['src/core/a.ts', "// import { x } from '../platform/storage';\n/* import '../ui/i18n'; */"],
  ])('%s: %s is allowed', (file, source) => {
    expect(violations(file, source)).toEqual([]);
  });

  it('a file outside every layer is named', () => {
    expect(violations('lib/a.ts', '')).toEqual([expect.stringContaining('lies in no layer')]);
  });
});
