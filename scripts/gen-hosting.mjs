// Writes src/data/generated/hosting.json: the address ranges of hand-picked cloud and datacenter networks,
// read from @ip-location-db/asn (RouteViews + NRO + DB-IP, CC BY 4.0) at build time, never at run time.
// A login from these networks is a server, a VPN or a proxy, rarely a person at home. The package's own
// README says its npm copy is frozen and may hold errors, so a match is a signal, not proof.
import { createReadStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HOSTING_PROVIDERS, TOR_NETWORKS } from './network-kinds.mjs';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HOSTING_PATH = resolve(root, 'src/data/generated/hosting.json');
export const HOSTING_SOURCES = ['@ip-location-db/asn'];
export const HOSTING_INPUTS = [fileURLToPath(import.meta.url), resolve(root, 'scripts/network-kinds.mjs')];

/** Hosting providers, then the networks that exist to run Tor exits (both judged as hosting by this table). */
export const PROVIDERS = [...HOSTING_PROVIDERS, ...TOR_NETWORKS];

async function* rows(file) {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const m = /^(\d+),(\d+),(\d+),/.exec(line);
    if (m) yield [BigInt(m[1]), BigInt(m[2]), Number(m[3])];
  }
}

/**
 * Sorted, merged [start, end, providerIndex] ranges. Adjacent or overlapping rows of the same
 * provider and ASN merge; where providers overlap (rare; feed errors) the earlier range keeps its part.
 */
export function mergeRanges(ranges) {
  const sorted = [...ranges].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2],
  );
  const out = [];
  for (const [s0, e, p] of sorted) {
    const last = out[out.length - 1];
    let s = s0;
    if (last && s <= last[1]) {
      if (last[2] === p) {
        if (e > last[1]) last[1] = e;
        continue;
      }
      s = last[1] + 1n;
      if (s > e) continue;
    }
    if (last && last[2] === p && s === last[1] + 1n) last[1] = e;
    else out.push([s, e, p]);
  }
  return out;
}

const V6_LOW = (1n << 64n) - 1n;

/** The upper 64 bits as 16 hex digits: comparable as strings, and no /64 is ever split by the data we keep. */
function hex64(x) {
  return (x >> 64n).toString(16).padStart(16, '0');
}

export async function buildHosting(dir = dirname(require.resolve('@ip-location-db/asn/package.json'))) {
  const entries = [];
  const entryIndex = new Map();
  for (const [name, asns] of PROVIDERS) {
    for (const asn of asns) {
      entryIndex.set(asn, entries.length);
      entries.push([name, asn]);
    }
  }
  const v4 = [];
  for await (const [s, e, asn] of rows(resolve(dir, 'asn-ipv4-num.csv'))) {
    const i = entryIndex.get(asn);
    if (i !== undefined) v4.push([s, e, i]);
  }
  const v6 = [];
  let widened = 0;
  for await (const [s, e, asn] of rows(resolve(dir, 'asn-ipv6-num.csv'))) {
    const i = entryIndex.get(asn);
    if (i === undefined) continue;
    // Hosting hands out whole /64s; a sub-/64 row is widened to its /64s rather than dropped.
    const s64 = s & ~V6_LOW;
    const e64 = e | V6_LOW;
    if (s64 !== s || e64 !== e) widened++;
    v6.push([s64, e64, i]);
  }
  const v4Merged = mergeRanges(v4);
  const v6Merged = mergeRanges(v6);

  // Only providers that own a range stay, renumbered in list order.
  const used = [...new Set([...v4Merged, ...v6Merged].map((r) => r[2]))].sort((a, b) => a - b);
  const renumber = new Map(used.map((old, i) => [old, i]));

  // v4 as flat [gap, length, provider] triples: gap from the previous range's end, so numbers stay short.
  const v4Flat = [];
  let prevEnd = -1n;
  for (const [s, e, p] of v4Merged) {
    v4Flat.push(Number(s - prevEnd - 1n), Number(e - s + 1n), renumber.get(p));
    prevEnd = e;
  }
  const v6Rows = v6Merged.map(([s, e, p]) => [hex64(s), hex64(e), renumber.get(p)]);
  const version = require('@ip-location-db/asn/package.json').version;
  return {
    data: {
      version: 1,
      source: `@ip-location-db/asn ${version}`,
      /** [provider, asn] */
      providers: used.map((i) => entries[i]),
      /** Flat triples [gap from previous end + 1, length, provider index], ascending. */
      v4: v4Flat,
      /** [first /64 as 16 hex digits, last /64, provider index], ascending. */
      v6: v6Rows,
    },
    stats: { v4Rows: v4Merged.length, v6Rows: v6Merged.length, v6Widened: widened, providers: used.length },
  };
}

export function serialise(data) {
  const triples = [];
  for (let i = 0; i < data.v4.length; i += 3) triples.push(data.v4.slice(i, i + 3).join(','));
  return `{"version":${data.version},"source":${JSON.stringify(data.source)},\n"providers":[\n${data.providers.map((p) => JSON.stringify(p)).join(',\n')}\n],\n"v4":[\n${triples.join(',\n')}\n],\n"v6":[\n${data.v6.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

export async function writeHosting(path = HOSTING_PATH) {
  const { data, stats } = await buildHosting();
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so a test run reading the file never sees half of it.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, serialise(data));
  renameSync(tmp, path);
  return { path, ...stats };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await writeHosting();
  console.log(`wrote ${r.path}: ${r.providers} providers, ${r.v4Rows} v4 and ${r.v6Rows} v6 ranges`);
}
