// Gzipped size of every entry of a build, following its imports through dist/<target>/assets, checked against
// the size budgets. Deterministic, so it runs in `npm test`; timing budgets live in `npm run bench`.
// Usage: node scripts/check-size.mjs [dist/chrome] [--json]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The worker's main file, as src/shared/worker-files.ts names it (read from there: this script runs without tsx). */
const WORKER_MAIN_FILE = /WORKER_MAIN_FILE = '([^']+)'/.exec(
  readFileSync(join(ROOT, 'src', 'shared', 'worker-files.ts'), 'utf8'),
)?.[1];
const KB = 1024;

/** Budgets in gzipped bytes; entries without one are reported only. */
export const SIZE_BUDGETS = {
  'content script': 12 * KB,
  'popup (initial JS)': 25 * KB,
  // Its code only: the data tables are files of their own under data/, read on the first judging.
  'service worker': 150 * KB,
  // What every start of the worker compiles and runs (src/background/front.ts): the rest loads when an event needs it.
  'service worker (first script)': 10 * KB,
  'options (initial JS)': 60 * KB,
};

/** Budgets of the data tables shipped under data/, gzipped bytes; tables without one are listed only. */
export const TABLE_BUDGETS = {
  'providers.bin': 1.5 * 1024 * KB,
};

/** Budgets missed today, each capped at its current gzip size in bytes (none: the content script sends a page snapshot and the worker extracts). */
const KNOWN_OVER = {};

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/**
 * Files a built JS file pulls in: static `import … from "./x.js"`, bare `import "./x.js"`, `import("./x.js")`, and
 * crxjs's content-script loader `chrome.runtime.getURL("assets/x.js")`. `initialOnly` leaves dynamic imports out.
 */
function importsOf(dist, file, initialOnly) {
  const code = readFileSync(join(dist, file), 'utf8');
  const dir = posix.dirname(file);
  const found = new Set();
  const add = (spec, base) => {
    if (/^[a-z]+:/i.test(spec)) return;
    const path = spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(base, spec));
    if (existsSync(join(dist, path))) found.add(path);
  };
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.m?js)["']/g)) add(m[1], dir);
  if (!initialOnly) {
    for (const m of code.matchAll(/\bimport\(\s*["']([^"']+\.m?js)["']\s*\)/g)) add(m[1], dir);
    for (const m of code.matchAll(/getURL\(\s*["']([^"']+\.(?:m?js|json))["']\s*\)/g)) add(m[1], '.');
  }
  return [...found];
}

function closure(dist, roots, initialOnly = false) {
  const seen = new Set();
  const stack = [...roots];
  for (let i = 0; stack.length && i < 10_000; i++) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (/\.m?js$/.test(file)) stack.push(...importsOf(dist, file, initialOnly));
  }
  return [...seen].sort();
}

function scriptsOfHtml(dist, htmlPath) {
  const html = readFileSync(join(dist, htmlPath), 'utf8');
  const dir = posix.dirname(htmlPath);
  return [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) =>
    m[1].startsWith('/') ? m[1].slice(1) : posix.normalize(posix.join(dir, m[1])),
  );
}

/** A string that appears in any bundle that inlined the table: the first row of its first array. */
function tableSignature(data) {
  for (const value of Object.values(data ?? {})) {
    if (Array.isArray(value) && value.length && typeof value[0] === 'object') return JSON.stringify(value[0]);
  }
  return undefined;
}

export function measureSizes(distArg = 'dist/chrome') {
  const dist = resolve(ROOT, distArg);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  const entries = [];
  const contentRoots = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
  entries.push({ name: 'content script', files: closure(dist, contentRoots) });
  // The worker's files: the first script the manifest names, and the main file it loads (src/shared/worker-files.ts).
  const bgFirst = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  const bgAll = [...new Set([...(manifest.background?.scripts ?? [bgFirst]), WORKER_MAIN_FILE])].filter(
    (f) => f && existsSync(join(dist, f)),
  );
  if (bgFirst) {
    entries.push({ name: 'service worker', files: closure(dist, bgAll) });
    entries.push({ name: 'service worker (first script)', files: closure(dist, [bgFirst]) });
  }
  const popup = manifest.action?.default_popup;
  if (popup) entries.push({ name: 'popup (initial JS)', files: closure(dist, scriptsOfHtml(dist, popup), true) });
  const options = manifest.options_ui?.page ?? manifest.options_page;
  if (options) entries.push({ name: 'options (initial JS)', files: closure(dist, scriptsOfHtml(dist, options), true) });

  // What ships: the tables the build copied under data/ (vite.config.ts), each read by the worker when it first judges.
  const tablesDir = join(dist, 'data');
  const tables = existsSync(tablesDir)
    ? readdirSync(tablesDir)
        .filter((f) => /\.(?:json|bin)$/.test(f))
        .sort()
        .map((f) => {
          const buf = readFileSync(join(tablesDir, f));
          let signature;
          try {
            signature = f.endsWith('.json') ? tableSignature(JSON.parse(buf.toString('utf8'))) : undefined;
          } catch {
            signature = undefined;
          }
          const gzip = gz(buf);
          const budget = TABLE_BUDGETS[f];
          return { name: f, raw: buf.length, gzip, budget, isOver: budget !== undefined && gzip > budget, signature };
        })
    : [];
  const generatedDir = join(ROOT, 'src', 'data', 'generated');
  const generated = existsSync(generatedDir) ? readdirSync(generatedDir).filter((f) => /\.(?:json|bin)$/.test(f)) : [];
  const missingTables = generated.filter((f) => !tables.some((t) => t.name === f));

  const rows = entries.map((e) => {
    const files = e.files.map((f) => {
      const buf = readFileSync(join(dist, f));
      return { file: f, raw: buf.length, gzip: gz(buf) };
    });
    const code = e.files.map((f) => readFileSync(join(dist, f), 'utf8')).join('\n');
    // A table inlined in the code (a static import) instead of read from data/ when needed.
    const dataTables = tables
      .filter(
        (t) => e.files.some((f) => f.endsWith('.json')) || (t.signature !== undefined && code.includes(t.signature)),
      )
      .map((t) => t.name);
    const gzip = files.reduce((n, f) => n + f.gzip, 0);
    const budget = SIZE_BUDGETS[e.name];
    const isOver = (budget !== undefined && gzip > budget) || dataTables.length > 0;
    return {
      name: e.name,
      raw: files.reduce((n, f) => n + f.raw, 0),
      gzip,
      budget,
      dataTables,
      isOver,
      files,
    };
  });
  return {
    dist: relative(ROOT, dist),
    entries: rows,
    tables: tables.map(({ signature: _s, ...t }) => t),
    missingTables,
  };
}

const kb = (n) => `${(n / KB).toFixed(1)} KB`;

export function formatSizes(result) {
  const lines = [['entry', 'gzip', 'raw', 'budget', 'verdict']];
  for (const e of result.entries) {
    const notes = e.dataTables.length ? ` (inlines ${e.dataTables.join(', ')})` : '';
    lines.push([
      e.name,
      kb(e.gzip),
      kb(e.raw),
      e.budget === undefined ? '—' : `≤ ${kb(e.budget)}`,
      (e.budget === undefined && !e.isOver ? '—' : e.isOver ? 'OVER' : 'within') + notes,
    ]);
  }
  for (const t of result.tables) {
    lines.push([
      `data table ${t.name} (lazy)`,
      kb(t.gzip),
      kb(t.raw),
      t.budget === undefined ? '—' : `≤ ${kb(t.budget)}`,
      t.budget === undefined ? '—' : t.isOver ? 'OVER' : 'within',
    ]);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dist = args.find((a) => !a.startsWith('-')) ?? 'dist/chrome';
  if (!existsSync(resolve(ROOT, dist, 'manifest.json'))) {
    console.error(`${dist}/manifest.json not found: build first (node scripts/build.mjs chrome)`);
    process.exit(2);
  }
  const result = measureSizes(dist);
  if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`Bundle sizes of ${result.dist} (gzip -9, each file of an entry's import graph summed)\n`);
    console.log(formatSizes(result));
    for (const e of result.entries) console.log(`\n${e.name}: ${e.files.map((f) => f.file).join(', ')}`);
  }
  // A budget already missed is tracked in KNOWN_OVER with the size it may not exceed (a ratchet): the
  // miss stays loud in the table, an open issue owns bringing it under budget, and any growth fails.
  const over = result.entries.filter((e) => e.isOver);
  let failed = false;
  for (const e of over) {
    const by = e.budget !== undefined && e.gzip > e.budget ? ` by ${kb(e.gzip - e.budget)}` : '';
    const why = e.dataTables.length
      ? ` (inlines data table ${e.dataTables.join(', ')}: read it from data/ instead)`
      : '';
    const cap = KNOWN_OVER[e.name];
    if (cap !== undefined && e.gzip <= cap && !e.dataTables.length) {
      console.error(`! ${e.name} over budget${by} — known, may not grow past ${kb(cap)}`);
    } else {
      console.error(`✖ ${e.name} over budget${by}${why}`);
      failed = true;
    }
  }
  for (const t of result.tables.filter((t) => t.isOver)) {
    console.error(`✖ data table ${t.name} over budget by ${kb(t.gzip - t.budget)}`);
    failed = true;
  }
  if (result.missingTables.length) {
    console.error(`✖ data tables not in ${dist}/data/: ${result.missingTables.join(', ')}`);
    failed = true;
  }
  // Custom sites and "Scan this page" inject the manifest's content script on any host: it must be one classic
  // file that loads nothing (a chunk it imports is fetchable only where it is web-accessible).
  const content = result.entries.find((e) => e.name === 'content script');
  const roots = JSON.parse(readFileSync(resolve(ROOT, dist, 'manifest.json'), 'utf8')).content_scripts ?? [];
  const files = new Set(roots.flatMap((c) => c.js ?? []));
  const loads = content?.files.filter((f) => !files.has(f.file)) ?? [];
  const isModule = [...files].some((f) =>
    /\bimport\s*[("'{*]|\bimport\s+[\w$]+\s+from\b|\bexport\s*[{*]|\bexport\s+(?:default|const|let|var|function|class)\b/.test(
      readFileSync(resolve(ROOT, dist, f), 'utf8'),
    ),
  );
  if (files.size !== 1 || loads.length || isModule) {
    console.error(
      `✖ the content script must be one self-contained classic file (${[...files, ...loads.map((f) => f.file)].join(', ')})`,
    );
    failed = true;
  }
  if (failed) process.exit(1);
}
