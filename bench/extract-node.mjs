// `node bench/extract-node.mjs [rows…] [--unique] [--runs=N]`: the worker's reading of a page copy beside the bare
// walk of the same copy, in Node, interleaved (what bench/browser.mjs benchExtraction times in the worker, for quick
// iteration). Runs the minified bundle, as shipped. --unique gives every row its own device and place text, so a
// reader that gains by repeated texts is seen on a page without them too.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSDOM } from 'jsdom';
import { bundleExtractor } from './bundle.mjs';
import { pageHtml, tableHtml } from './pages.mjs';
import { summarise } from './stats.mjs';

const args = process.argv.slice(2);
const unique = args.includes('--unique');
const runsArg = args.find((a) => a.startsWith('--runs='));
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const SIZES = sizes.length ? sizes : [100, 1000, 10000];
const RUNS = runsArg ? Number(runsArg.slice(7)) : 21;

const file = join(tmpdir(), `sw-extract-node-${process.pid}.cjs`);
writeFileSync(file, `${await bundleExtractor()}\nmodule.exports = __swBench;`);
const { extractScan, fromSnapshot, parseSnapshot, SnapDoc, snapshotDom } = (await import(pathToFileURL(file).href))
  .default;

const opts = { url: 'https://extract-bench.test/en/my/security/device-management', now: Date.UTC(2026, 3, 15, 12) };
const read = (tree) => {
  if (!parseSnapshot(tree).ok) throw new Error('snapshot refused');
  const doc = fromSnapshot(tree);
  return extractScan(doc instanceof SnapDoc ? (doc.body ?? doc) : doc, opts);
};
// The floor of bench/browser.mjs: every node visited, every character of its text read.
const walk = (tree) => {
  let h = 0;
  const stack = [tree];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node === 'string') {
      for (let c = 0; c < node.length; c++) h = (h * 31 + node.charCodeAt(c)) | 0;
      continue;
    }
    h = (h + node[0].length) | 0;
    for (let i = node.length - 1; i >= 2; i--) stack.push(node[i]);
  }
  return h;
};

function uniqueRows(html) {
  let i = 0;
  // Each device and place cell gets the row's number: no text repeats.
  return html
    .replace(/<tr><td>([^<]*)/g, (_, d) => `<tr><td>${d} #${i}`)
    .replace(/, (HK|DE|GB|SG|JP|US|FR|AU|BR)</g, (_, cc) => `, ${cc} ${i++}<`);
}

/** The page copy as JSON; the page itself is closed and let go, so its heap does not weigh on the readings' GC. */
function copyOf(html) {
  const { window } = new JSDOM(pageHtml(html));
  const json = JSON.stringify(snapshotDom(window.document));
  window.close();
  return json;
}

const repeatsFor = (fn) => {
  const t0 = performance.now();
  fn();
  return Math.min(20_000, Math.max(1, Math.ceil(5 / Math.max(performance.now() - t0, 0.01))));
};

let sink = 0;
for (const rows of SIZES) {
  let html = tableHtml(rows);
  if (unique) html = uniqueRows(html);
  const json = copyOf(html);
  const sessions = read(JSON.parse(json)).sessions.length;
  // Warm: the JIT settles on the reader before anything is timed.
  for (const t0 = performance.now(); performance.now() - t0 < 1500; ) read(JSON.parse(json));
  const parsed = JSON.parse(json);
  const walkRepeats =
    repeatsFor(() => {
      for (let k = 0; k < 10; k++) sink += walk(parsed);
    }) * 10;
  const readRepeats = repeatsFor(() => read(JSON.parse(json)));
  const ratio = [];
  const ex = [];
  const fl = [];
  for (let i = 0; i < RUNS; i++) {
    const copies = Array.from({ length: readRepeats }, () => JSON.parse(json));
    let floor = 0;
    const timeFloor = () => {
      const t0 = performance.now();
      for (let k = 0; k < walkRepeats; k++) sink += walk(parsed);
      floor = (performance.now() - t0) / walkRepeats;
    };
    if (i % 2 === 0) timeFloor();
    const t0 = performance.now();
    for (const copy of copies) read(copy);
    const t = (performance.now() - t0) / readRepeats;
    if (i % 2 === 1) timeFloor();
    ex.push(t);
    fl.push(floor);
    ratio.push(t / floor);
  }
  const r = summarise(ratio);
  const e = summarise(ex);
  const f = summarise(fl);
  console.log(
    `${String(rows).padStart(6)} rows${unique ? ' (unique)' : ''}: read ${e.median.toFixed(3)} ms, floor ${f.median.toFixed(3)} ms, ` +
      `ratio ${r.median.toFixed(1)}x (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)}), ${sessions} sessions`,
  );
}
if (sink === 0.5) console.log(sink);
