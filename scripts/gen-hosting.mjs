// Writes src/data/generated/hosting.json: the address ranges of hand-picked cloud and datacenter networks,
// read from @ip-location-db/asn (RouteViews + NRO + DB-IP, CC BY 4.0) at build time, never at run time.
// A login from these networks is a server, a VPN or a proxy, rarely a person at home. The package's own
// README says its npm copy is frozen and may hold errors, so a match is a signal, not proof.
import { createReadStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HOSTING_PATH = resolve(root, 'src/data/generated/hosting.json');
export const HOSTING_SOURCES = ['@ip-location-db/asn'];

/**
 * Provider → its ASNs. Left out on purpose: CDNs and privacy relays that carry ordinary users
 * (Cloudflare WARP AS13335, Akamai AS20940/AS16625 and Fastly AS54113 egress iCloud Private Relay),
 * transit carriers (Cogent, NTT, Lumen) whose ranges are mostly eyeball networks, and AS64515,
 * which is a private-use number, not Vultr's.
 */
export const PROVIDERS = [
  ['Amazon AWS', [16509, 14618]],
  ['Google Cloud', [396982, 19527]],
  // Google's main AS also hosts App Engine, Cloud Functions and other server egress.
  ['Google', [15169]],
  ['Microsoft Azure', [8075]],
  ['Oracle Cloud', [31898]],
  ['IBM Cloud', [36351]],
  ['Alibaba Cloud', [45102, 37963, 134963]],
  ['Tencent Cloud', [132203, 45090]],
  ['Huawei Cloud', [136907, 55990]],
  ['UCloud', [135377]],
  ['Kingsoft Cloud', [59019]],
  ['DigitalOcean', [14061, 393406]],
  ['Linode (Akamai)', [63949, 48337]],
  ['Vultr', [20473]],
  ['Hetzner', [24940, 213230, 212317]],
  ['OVHcloud', [16276, 35540]],
  ['Scaleway', [12876]],
  ['Contabo', [51167, 141995, 40021]],
  ['Leaseweb', [60781, 28753, 30633, 7203, 32613, 59253, 133752]],
  ['IONOS', [8560]],
  ['netcup', [197540]],
  ['Aruba', [31034]],
  ['Hostinger', [47583]],
  ['M247', [9009]],
  ['DataCamp (CDN77)', [60068, 212238]],
  ['PacketHub', [136787]],
  ['HostRoyale', [203020, 204287]],
  ['G-Core Labs', [202422, 199524]],
  ['Zenlayer', [21859]],
  ['Clouvider', [62240]],
  ['Servers.com', [7979]],
  ['Equinix Metal', [54825]],
  ['Latitude.sh', [396356]],
  ['Hivelocity', [29802, 61317]],
  ['ColoCrossing', [36352]],
  ['Hostwinds', [54290]],
  ['QuadraNet', [8100]],
  ['Psychz', [40676]],
  ['Sharktech', [46844]],
  ['B2 Net (ServerMania)', [55286]],
  ['InterServer', [19318]],
  ['Kamatera', [36007]],
  ['FranTech (BuyVM)', [53667]],
  ['Tier.Net', [397423]],
  ['EGIHosting', [18779]],
  ['Multacom', [35916]],
  ['Liquid Web', [32244]],
  ['GoDaddy', [26496, 398101]],
  ['Namecheap', [22612]],
  ['DreamHost', [26347]],
  ['iomart', [20860]],
  ['UK Dedicated Servers', [42831]],
  ['WorldStream', [49981]],
  ['Serverius', [50673]],
  ['NForce', [43350]],
  ['HOSTKEY', [57043]],
  ['IP Volume', [202425]],
  ['xTom', [3214, 4785, 9312]],
  ['Selectel', [49505, 50340]],
  ['Timeweb', [9123]],
  ['Yandex Cloud', [200350]],
  ['AEZA', [210644]],
  ['Voxility', [3223]],
  ['Sakura Internet', [9370]],
  ['Kaopu Cloud', [138915]],
  ['CNSERVERS', [40065]],
  ['Quintex', [62744]],
  ['FlokiNET', [200651]],
  ['1337 Services', [210558]],
  ['Private Layer', [51852]],
  // Networks that exist to run Tor exit relays: a sign-in from them is someone hiding where they are.
  ['Tor exit relays (Stiftung Erneuerbare Freiheit)', [60729]],
  ['Tor exit relays (F3 Netze)', [205100]],
  ['Tor exit relays (DFRI)', [198093]],
  ['Tor exit relays (Emerald Onion)', [396507]],
  ['Tor exit relays (Foundation for Applied Privacy)', [208323]],
  ['Tor exit relays (Church of Cyberology)', [215125]],
  ['Tor exit relays (Calyx Institute)', [4224]],
];

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
