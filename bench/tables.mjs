// Load time of each data table as the worker's first judging loads it (read the file, decode it into the lookup's
// arrays), beside a floor measured in the same run, interleaved with it: reading a file of the same size and
// JSON-parsing it, with no decoding. For a JSON table the floor is the table itself parsed; for the binary provider
// table it is a plain JSON array of numbers of the same byte size (what shipping it as JSON would cost at least).
// Run in Node on the files the build copies into the package (the extension fetches them from its own package).
//   node bench/tables.mjs [--runs 9]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleRules, ROOT } from './bundle.mjs';
import { summarise } from './stats.mjs';

/** A JSON array of numbers exactly `bytes` long. */
function numbersJson(bytes) {
  const parts = ['['];
  let size = 2;
  for (let i = 0; size + 8 <= bytes - 1; i++) {
    const n = String(1_000_000 + (i % 8_999_999));
    parts.push(i ? `,${n}` : n);
    size += n.length + (i ? 1 : 0);
  }
  parts.push(' '.repeat(Math.max(0, bytes - size)), ']');
  return parts.join('');
}

export async function benchTables(log, { runs = 9 } = {}) {
  const m = await bundleRules();
  const decoders = {
    places: (bytes) => m.loadGazetteer(JSON.parse(new TextDecoder().decode(bytes))),
    hosting: (bytes) => m.loadHostingTable(JSON.parse(new TextDecoder().decode(bytes))),
    providers: (bytes) => m.decodeNetworkTable(bytes),
  };
  // The bundle lives in a temporary folder: the tables are found from the project's root, not from it.
  const dir = join(ROOT, 'src', 'data', 'generated');
  const tmp = mkdtempSync(join(tmpdir(), 'sw-tables-'));
  const tables = Object.entries(m.DATA_FILES).map(([name, file]) => {
    const path = join(dir, file);
    const bytes = readFileSync(path).length;
    let floorPath = path;
    let floorKind = 'read + JSON.parse of the same file';
    if (!file.endsWith('.json')) {
      floorPath = join(tmp, `${name}-floor.json`);
      writeFileSync(floorPath, numbersJson(bytes));
      floorKind = 'read + JSON.parse of a JSON array of numbers of the same size';
    }
    return { name, file, path, bytes, floorPath, floorKind, load: [], floor: [] };
  });
  const all = [];
  log(`data tables: ${runs} interleaved runs`);
  for (let i = 0; i < runs; i++) {
    for (const t of tables) {
      let t0 = performance.now();
      decoders[t.name](await readFile(t.path));
      t.load.push(performance.now() - t0);
      t0 = performance.now();
      JSON.parse(await readFile(t.floorPath, 'utf8'));
      t.floor.push(performance.now() - t0);
    }
    // The worker's whole first load, the three tables read at once (geo-data.ts).
    const t0 = performance.now();
    await m.createGeoLoader(m.diskDataReader(dir)).load();
    all.push(performance.now() - t0);
  }
  const out = {};
  for (const t of tables) {
    const load = summarise(t.load);
    const floor = summarise(t.floor);
    out[t.name] = {
      file: t.file,
      bytes: t.bytes,
      floorKind: t.floorKind,
      load,
      floor,
      ratio: load.median / floor.median,
    };
  }
  return { tables: out, all: summarise(all) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--runs');
  const r = await benchTables(
    (w) => process.stderr.write(`… ${w}\n`),
    at > 0 ? { runs: Number(process.argv[at + 1]) } : {},
  );
  for (const t of Object.values(r.tables)) {
    console.log(
      `${t.file.padEnd(14)} ${(t.bytes / 1024).toFixed(0).padStart(5)} KB  load ${t.load.median.toFixed(1)} ms (${t.load.min.toFixed(1)}–${t.load.max.toFixed(1)})  floor ${t.floor.median.toFixed(1)} ms  ${t.ratio.toFixed(2)}×`,
    );
  }
  console.log(`all three at once (the worker's first judging): ${r.all.median.toFixed(1)} ms`);
}
