// Writes src/data/generated/providers.bin: the network (AS number, name, kind) announcing every public IPv4 and
// IPv6 range, read from @ip-location-db/asn (RouteViews + NRO + DB-IP, CC BY 4.0) at build time, never at run
// time. The format and its decoder live in src/core/network-table.ts; the kinds in network-kinds.mjs.
import { createReadStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tsImport } from 'tsx/esm/api';
import { mergeRanges } from './gen-hosting.mjs';
import { listedKinds } from './network-kinds.mjs';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PROVIDERS_PATH = resolve(root, 'src/data/generated/providers.bin');
export const PROVIDERS_SOURCES = ['@ip-location-db/asn'];
export const PROVIDERS_INPUTS = [
  fileURLToPath(import.meta.url),
  resolve(root, 'scripts/network-kinds.mjs'),
  resolve(root, 'src/core/network-table.ts'),
];

/** What the package may weigh gzipped (issue: at most 1.5 MB); the generator fails rather than ship more. */
export const PROVIDERS_BUDGET_GZ = 1.5 * 1024 * 1024;

/**
 * Names are most of the weight (91k ASes, about 0.9 MB gzipped alone): the table keeps the names of the ASes
 * announcing the most address space, and of every listed (hosting, Tor, mobile) one. Every other AS is still in
 * the table with its number and kind, shown as "AS<number>". Rules compare numbers, never names.
 */
export const NAMES_KEPT = 15_000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: registry names are text for the UI; controls go
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** [start, end, asn, name] of each row of one of the package's `*-num.csv` files. */
async function* rows(file) {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const m = /^(\d+),(\d+),(\d+),(.*)$/.exec(line);
    if (!m) continue;
    const quoted = m[4].startsWith('"') && m[4].endsWith('"') && m[4].length >= 2;
    const name = (quoted ? m[4].slice(1, -1).replaceAll('""', '"') : m[4]).replace(CONTROLS, ' ').trim();
    yield [BigInt(m[1]), BigInt(m[2]), Number(m[3]), name];
  }
}

const SHIFT_64 = 64n;
const LOW_32 = 0xffffffffn;
const prefix64 = (v) => ({ hi: Number(v >> 96n), lo: Number((v >> SHIFT_64) & LOW_32) });

export async function buildProviders(dir = dirname(require.resolve('@ip-location-db/asn/package.json'))) {
  const names = new Map();
  const v4 = [];
  for await (const [s, e, asn, name] of rows(resolve(dir, 'asn-ipv4-num.csv'))) {
    if (!names.has(asn)) names.set(asn, name);
    v4.push([s, e, asn]);
  }
  const v6 = [];
  let widened = 0;
  for await (const [s, e, asn, name] of rows(resolve(dir, 'asn-ipv6-num.csv'))) {
    if (!names.has(asn)) names.set(asn, name);
    // Kept in /64s, as the hosting table: a sub-/64 row (rare) becomes its /64s.
    const [s64, e64] = [s >> SHIFT_64, e >> SHIFT_64];
    if (s64 << SHIFT_64 !== s || ((e64 + 1n) << SHIFT_64) - 1n !== e) widened++;
    v6.push([s64, e64, asn]);
  }
  // Adjacent rows of one AS merge; where rows of two ASes overlap (feed errors, widened /64s) the earlier keeps it.
  const v4Merged = mergeRanges(v4);
  const v6Merged = mergeRanges(v6);

  // Address share per AS: v4 addresses over all announced, plus v6 /64s over all announced.
  const share = new Map();
  const addShare = (merged, total) => {
    for (const [s, e, asn] of merged) share.set(asn, (share.get(asn) ?? 0) + Number(e - s + 1n) / total);
  };
  const total = (merged) => merged.reduce((n, [s, e]) => n + Number(e - s + 1n), 0);
  addShare(v4Merged, total(v4Merged));
  addShare(v6Merged, total(v6Merged));
  const kinds = listedKinds();
  const used = [...new Set([...v4Merged, ...v6Merged].map((r) => r[2]))];
  const ranked = [...used].sort((a, b) => (share.get(b) ?? 0) - (share.get(a) ?? 0) || a - b);
  const named = new Set([...ranked.slice(0, NAMES_KEPT), ...used.filter((a) => kinds.has(a))]);

  const networks = used.map((asn) => ({
    asn,
    name: named.has(asn) ? (names.get(asn) ?? '') : '',
    kind: kinds.get(asn) ?? 'isp',
  }));
  const version = require('@ip-location-db/asn/package.json').version;
  const { encodeNetworkTable } = await tsImport('../src/core/network-table.ts', import.meta.url);
  const bytes = encodeNetworkTable({
    source: `@ip-location-db/asn ${version}`,
    networks,
    v4: v4Merged.map(([s, e, asn]) => ({ start: Number(s), end: Number(e), asn })),
    v6: v6Merged.map(([s, e, asn]) => ({ start: prefix64(s << SHIFT_64), end: prefix64(e << SHIFT_64), asn })),
  });
  const v4Named = v4Merged.reduce((n, [s, e, asn]) => n + (named.has(asn) ? Number(e - s + 1n) : 0), 0);
  return {
    bytes,
    stats: {
      networks: networks.length,
      named: named.size,
      v4NamedShare: v4Named / total(v4Merged),
      v4Rows: v4Merged.length,
      v6Rows: v6Merged.length,
      v6Widened: widened,
      byKind: Object.fromEntries(
        ['hosting', 'tor', 'mobile'].map((k) => [k, networks.filter((n) => n.kind === k).length]),
      ),
    },
  };
}

export async function writeProviders(path = PROVIDERS_PATH) {
  const { bytes, stats } = await buildProviders();
  const gz = gzipSync(bytes, { level: 9 }).length;
  if (gz > PROVIDERS_BUDGET_GZ) {
    throw new Error(`provider table is ${gz} bytes gzipped, over its budget of ${PROVIDERS_BUDGET_GZ}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so a test run reading the file never sees half of it.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return { path, bytes: bytes.length, gzip: gz, ...stats };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const r = await writeProviders();
  console.log(
    `wrote ${r.path}: ${r.networks} networks (${r.named} named, ${(r.v4NamedShare * 100).toFixed(1)} % of v4 space), ` +
      `${r.v4Rows} v4 and ${r.v6Rows} v6 ranges, ${r.bytes} bytes, ${r.gzip} gzipped, ` +
      `${Math.round(performance.now() - t0)} ms; kinds ${JSON.stringify(r.byKind)}`,
  );
}
