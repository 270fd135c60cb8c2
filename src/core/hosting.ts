import { isMappedV4Groups, parseIpBits, plainV4Value, plainV6Groups } from './ip';

export interface HostingMatch {
  provider: string;
  asn: number;
}

/** Sorted, non-overlapping ranges of cloud and datacenter networks, built from hosting.json. */
export interface HostingTable {
  readonly providers: readonly HostingMatch[];
  readonly v4Start: Uint32Array;
  readonly v4End: Uint32Array;
  readonly v4Provider: Uint16Array;
  /** Upper 64 bits as 16 lowercase hex digits: fixed width, so string order is numeric order. */
  readonly v6Start: readonly string[];
  readonly v6End: readonly string[];
  readonly v6Provider: Uint16Array;
  /** `v6Start` and `v6End` as the upper and lower 32 bits of their 64: a bare address is searched by number. */
  readonly v6StartHi: Uint32Array;
  readonly v6StartLo: Uint32Array;
  readonly v6EndHi: Uint32Array;
  readonly v6EndLo: Uint32Array;
}

function fail(what: string): never {
  throw new Error(`hosting data: ${what}; regenerate it with \`node scripts/gen-data.mjs\``);
}

const HEX64 = /^[0-9a-f]{16}$/;

/** Decodes hosting.json (see scripts/gen-hosting.mjs for the format) and checks it is sorted. */
export function loadHostingTable(data: unknown): HostingTable {
  if (typeof data !== 'object' || data === null) fail('not an object');
  const d = data as Record<string, unknown>;
  if (d.version !== 1) fail(`unknown version ${String(d.version)}`);
  if (!Array.isArray(d.providers) || !Array.isArray(d.v4) || !Array.isArray(d.v6)) fail('missing tables');

  const providers: HostingMatch[] = (d.providers as unknown[]).map((p) => {
    if (!Array.isArray(p) || typeof p[0] !== 'string' || !Number.isInteger(p[1])) fail('bad provider');
    return { provider: p[0], asn: p[1] as number };
  });
  const isProvider = (x: unknown): x is number =>
    Number.isInteger(x) && (x as number) >= 0 && (x as number) < providers.length;

  const flat = d.v4 as unknown[];
  if (flat.length % 3 !== 0) fail('v4 is not triples');
  const n4 = flat.length / 3;
  const v4Start = new Uint32Array(n4);
  const v4End = new Uint32Array(n4);
  const v4Provider = new Uint16Array(n4);
  let prevEnd = -1;
  for (let i = 0; i < n4; i++) {
    const gap = flat[i * 3];
    const len = flat[i * 3 + 1];
    const p = flat[i * 3 + 2];
    if (
      !Number.isInteger(gap) ||
      !Number.isInteger(len) ||
      (gap as number) < 0 ||
      (len as number) < 1 ||
      !isProvider(p)
    ) {
      fail(`bad v4 row ${i}`);
    }
    const start = prevEnd + 1 + (gap as number);
    const end = start + (len as number) - 1;
    if (end > 0xffffffff) fail(`v4 row ${i} past the end of the address space`);
    v4Start[i] = start;
    v4End[i] = end;
    v4Provider[i] = p;
    prevEnd = end;
  }

  const rows = d.v6 as unknown[];
  const v6Start: string[] = [];
  const v6End: string[] = [];
  const v6Provider = new Uint16Array(rows.length);
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || typeof r[0] !== 'string' || typeof r[1] !== 'string' || !isProvider(r[2])) {
      fail(`bad v6 row ${i}`);
    }
    const [s, e] = [r[0], r[1]];
    if (!HEX64.test(s) || !HEX64.test(e) || e < s || (i > 0 && s <= (v6End[i - 1] ?? '')))
      fail(`v6 row ${i} out of order`);
    v6Start.push(s);
    v6End.push(e);
    v6Provider[i] = r[2];
  });

  const half = (hex: readonly string[], from: number) =>
    Uint32Array.from(hex, (h) => Number.parseInt(h.slice(from, from + 8), 16));
  return {
    providers,
    v4Start,
    v4End,
    v4Provider,
    v6Start,
    v6End,
    v6Provider,
    v6StartHi: half(v6Start, 0),
    v6StartLo: half(v6Start, 8),
    v6EndHi: half(v6End, 0),
    v6EndLo: half(v6End, 8),
  };
}

/**
 * Per /16 of the v4 space, how many ranges start before it (65,537 entries, built once per table): a lookup then
 * searches only the ranges starting in the address's own /16 instead of the whole table.
 */
const v4Buckets = new WeakMap<HostingTable, Int32Array>();

let lastTable: HostingTable | undefined;
let lastBuckets: Int32Array | undefined;

function bucketsOf(t: HostingTable): Int32Array {
  if (t === lastTable && lastBuckets) return lastBuckets;
  let b = v4Buckets.get(t);
  if (!b) {
    b = new Int32Array(65537);
    let i = 0;
    for (let k = 0; k <= 65536; k++) {
      while (i < t.v4Start.length && (t.v4Start[i] as number) < k * 65536) i++;
      b[k] = i;
    }
    v4Buckets.set(t, b);
  }
  lastTable = t;
  lastBuckets = b;
  return b;
}

/** `lastAtOrBefore` for the v4 table, kept monomorphic: it runs for every stored address. */
function v4AtOrBefore(t: HostingTable, x: number): number {
  const buckets = bucketsOf(t);
  const starts = t.v4Start;
  const k = x >>> 16;
  let lo = buckets[k] as number;
  let hi = (buckets[k + 1] as number) - 1;
  // A range starting in an earlier /16 when none starts in this one at or before x.
  let found = lo - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= x) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function v4Match(t: HostingTable, x: number): HostingMatch | undefined {
  const i = v4AtOrBefore(t, x);
  const p = t.v4Provider[i];
  return i >= 0 && x <= (t.v4End[i] ?? -1) && p !== undefined ? t.providers[p] : undefined;
}

/** The provider of the v6 range holding the /64 (hi, lo), the upper and lower halves of an address's upper 64 bits. */
function v6Match(t: HostingTable, hi: number, lo: number): HostingMatch | undefined {
  const sHi = t.v6StartHi;
  const sLo = t.v6StartLo;
  let a = 0;
  let b = sHi.length - 1;
  let found = -1;
  while (a <= b) {
    const mid = (a + b) >>> 1;
    const h = sHi[mid] as number;
    if (h < hi || (h === hi && (sLo[mid] as number) <= lo)) {
      found = mid;
      a = mid + 1;
    } else b = mid - 1;
  }
  if (found < 0) return undefined;
  const eHi = t.v6EndHi[found] as number;
  const p = t.v6Provider[found];
  return (hi < eHi || (hi === eHi && lo <= (t.v6EndLo[found] as number))) && p !== undefined
    ? t.providers[p]
    : undefined;
}

/** `lookupHosting` of a bare v4 address given as its value (`plainV4Value`), for a caller that has parsed it. */
export function lookupHostingV4(value: number, t: HostingTable): HostingMatch | undefined {
  return v4Match(t, value);
}

/**
 * `lookupHosting` of a bare v6 address (not a mapped v4 one) given as the upper and lower halves of its upper 64
 * bits, as `plainV6Groups` reads them, for a caller that has parsed it.
 */
export function lookupHostingV6(hi: number, lo: number, t: HostingTable): HostingMatch | undefined {
  return v6Match(t, hi, lo);
}

/** Index of the last range starting at or before `x`, or -1. */
function lastAtOrBefore<T>(starts: ArrayLike<T>, x: T): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as T) <= x) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

const groups = new Uint16Array(8);

function hex(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The hosting network an address belongs to (binary search). A masked address ("52.95.*.*") matches
 * only when every value it could hide lies in one range.
 */
export function lookupHosting(ip: string, t: HostingTable): HostingMatch | undefined {
  // A bare v4 address, the common case, read without building its bytes.
  const v = plainV4Value(ip);
  if (v >= 0) return v4Match(t, v);
  // A bare v6 address: its upper 64 bits as two numbers, searched without building text (a mapped v4 one takes the
  // long way).
  if (plainV6Groups(ip, groups) && !isMappedV4Groups(groups)) {
    return v6Match(
      t,
      (((groups[0] as number) << 16) | (groups[1] as number)) >>> 0,
      (((groups[2] as number) << 16) | (groups[3] as number)) >>> 0,
    );
  }
  const bits = parseIpBits(ip);
  if (!bits) return undefined;
  if (bits.version === 4 && bits.known.every((k) => k === 0xff)) {
    // A whole v4 address (the rules ask about every stored one): one value, no range to widen.
    const [a = 0, b = 0, c = 0, d = 0] = bits.bytes;
    return v4Match(t, (a * 2 ** 24 + (b << 16) + (c << 8) + d) >>> 0);
  }
  // The lowest and highest values the address could be: hidden bits all 0, then all 1.
  const low = bits.bytes.map((b, i) => b & (bits.known[i] ?? 0));
  const high = bits.bytes.map((b, i) => (b & (bits.known[i] ?? 0)) | (~(bits.known[i] ?? 0) & 0xff));
  if (bits.version === 4) {
    const lo = ((low[0] ?? 0) * 2 ** 24 + ((low[1] ?? 0) << 16) + ((low[2] ?? 0) << 8) + (low[3] ?? 0)) >>> 0;
    const hi = ((high[0] ?? 0) * 2 ** 24 + ((high[1] ?? 0) << 16) + ((high[2] ?? 0) << 8) + (high[3] ?? 0)) >>> 0;
    const i = lastAtOrBefore(t.v4Start, lo);
    const p = t.v4Provider[i];
    return i >= 0 && hi <= (t.v4End[i] ?? -1) && p !== undefined ? t.providers[p] : undefined;
  }
  const lo = hex(low.slice(0, 8));
  const hi = hex(high.slice(0, 8));
  const i = lastAtOrBefore(t.v6Start, lo);
  const p = t.v6Provider[i];
  return i >= 0 && hi <= (t.v6End[i] ?? '') && p !== undefined ? t.providers[p] : undefined;
}
