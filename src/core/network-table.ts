import { isMappedV4Groups, parseIpBits, plainV4Value, plainV6Groups } from './ip';
import type { NetworkInfo, NetworkKind } from './rules/rule';

/**
 * The provider table (`providers.bin`, written by scripts/gen-providers.mjs): the network (autonomous system)
 * announcing every public IPv4 and IPv6 range, with its name and kind. This module owns the format: the
 * generator encodes with `encodeNetworkTable`, the worker and the audit decode with `decodeNetworkTable`.
 *
 * Layout, every number an unsigned LEB128 varint unless said otherwise, each list stored as columns (all its gaps,
 * then all its lengths…) because like values side by side compress better:
 *   "SWNT", format version (1 byte), source (length + UTF-8), counts of networks, v4 ranges, v6 ranges;
 *   networks by ascending ASN: ASN deltas; kinds (1 byte each, index in NETWORK_KINDS); names (length + UTF-8 of
 *     the names joined by "\n", an empty name where the table keeps none);
 *   v4 ranges, ascending, disjoint: gap from the previous end + 1; length − 1; network (move-to-front coded);
 *   v6 ranges in units of /64 (the upper 64 bits as two 32-bit halves): gap high, gap low, length − 1 high,
 *     length − 1 low; network (move-to-front coded).
 * Move-to-front: a code below MTF_WINDOW names one of the networks of the last ranges (0 = the latest), any other
 * code is MTF_WINDOW + the network's index. A provider's ranges sit close together, so most codes are small.
 */
export const NETWORK_KINDS = ['isp', 'hosting', 'tor', 'relay', 'mobile'] as const satisfies readonly NetworkKind[];

const MAGIC = [0x53, 0x57, 0x4e, 0x54]; // "SWNT"
const FORMAT = 1;
const MTF_WINDOW = 16;
const TWO_32 = 2 ** 32;

export interface NetworkTableNetwork {
  asn: number;
  /** The registry's name; empty when the table leaves it out (then shown as "AS<number>"). */
  name: string;
  kind: NetworkKind;
}

/** A /64 prefix of the v6 space as the upper and lower halves of its 64 bits. */
export interface Prefix64 {
  hi: number;
  lo: number;
}

export interface NetworkTableSource {
  /** Where the data comes from, e.g. "@ip-location-db/asn 2.3.2026061719". */
  source: string;
  networks: readonly NetworkTableNetwork[];
  /** Ascending, disjoint, inclusive; every `asn` among `networks`. */
  v4: readonly { start: number; end: number; asn: number }[];
  /** Ascending, disjoint, inclusive, in /64s. */
  v6: readonly { start: Prefix64; end: Prefix64; asn: number }[];
}

export interface NetworkTable {
  readonly source: string;
  readonly asns: Uint32Array;
  readonly kinds: Uint8Array;
  readonly names: readonly string[];
  readonly v4Start: Uint32Array;
  readonly v4End: Uint32Array;
  readonly v4Network: Uint32Array;
  readonly v6StartHi: Uint32Array;
  readonly v6StartLo: Uint32Array;
  readonly v6EndHi: Uint32Array;
  readonly v6EndLo: Uint32Array;
  readonly v6Network: Uint32Array;
  /** One NetworkInfo per network, made on its first match: the rules ask about every stored address. */
  readonly infos: (NetworkInfo | undefined)[];
}

function fail(what: string): never {
  throw new Error(`provider table: ${what}; regenerate it with \`node scripts/gen-data.mjs\``);
}

class Writer {
  private bytes: number[] = [];
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`provider table: cannot encode ${value}`);
    let v = value;
    while (v >= 128) {
      this.bytes.push((v % 128) + 128);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }
  byte(value: number): void {
    this.bytes.push(value & 0xff);
  }
  text(value: string): void {
    const utf8 = new TextEncoder().encode(value);
    this.varint(utf8.length);
    for (const b of utf8) this.bytes.push(b);
  }
  result(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** Move-to-front coder over the networks of the last MTF_WINDOW ranges; the decoder mirrors it. */
class RecentNetworks {
  private recent: number[] = [];
  encode(network: number): number {
    const at = this.recent.indexOf(network);
    this.touch(network, at);
    return at >= 0 ? at : MTF_WINDOW + network;
  }
  private touch(network: number, at: number): void {
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.unshift(network);
    if (this.recent.length > MTF_WINDOW) this.recent.pop();
  }
}

const isU32 = (x: number) => Number.isInteger(x) && x >= 0 && x < TWO_32;
const isPrefix64 = (p: Prefix64) => isU32(p.hi) && isU32(p.lo);
const to64 = (p: Prefix64) => BigInt(p.hi) * 2n ** 32n + BigInt(p.lo);
const split64 = (v: bigint): [number, number] => [Number(v >> 32n), Number(v & 0xffffffffn)];

/** The table as bytes. Throws on ranges out of order, overlapping, or naming an unlisted network. */
export function encodeNetworkTable(src: NetworkTableSource): Uint8Array {
  const networks = [...src.networks].sort((a, b) => a.asn - b.asn);
  const indexOf = new Map<number, number>();
  networks.forEach((n, i) => {
    if (indexOf.has(n.asn)) throw new Error(`provider table: AS${n.asn} listed twice`);
    if (n.name.includes('\n')) throw new Error(`provider table: AS${n.asn} has a line break in its name`);
    indexOf.set(n.asn, i);
  });
  const networkOf = (asn: number) => {
    const i = indexOf.get(asn);
    if (i === undefined) throw new Error(`provider table: AS${asn} has ranges but is not listed`);
    return i;
  };
  const w = new Writer();
  for (const b of MAGIC) w.byte(b);
  w.byte(FORMAT);
  w.text(src.source);
  w.varint(networks.length);
  w.varint(src.v4.length);
  w.varint(src.v6.length);
  let prevAsn = 0;
  for (const n of networks) {
    w.varint(n.asn - prevAsn);
    prevAsn = n.asn;
  }
  for (const n of networks) w.byte(NETWORK_KINDS.indexOf(n.kind));
  w.text(networks.map((n) => n.name).join('\n'));

  let prevEnd = -1;
  for (const r of src.v4) {
    if (!(r.start > prevEnd && r.end >= r.start && r.end < TWO_32)) {
      throw new Error(`provider table: v4 range ${r.start}–${r.end} out of order`);
    }
    w.varint(r.start - prevEnd - 1);
    prevEnd = r.end;
  }
  for (const r of src.v4) w.varint(r.end - r.start);
  const recent4 = new RecentNetworks();
  for (const r of src.v4) w.varint(recent4.encode(networkOf(r.asn)));

  const gaps: [number, number][] = [];
  const lengths: [number, number][] = [];
  let prev6 = -1n;
  for (const r of src.v6) {
    const [s, e] = [to64(r.start), to64(r.end)];
    if (!(isPrefix64(r.start) && isPrefix64(r.end) && s > prev6 && e >= s)) {
      throw new Error(`provider table: v6 range ${s}–${e} out of order`);
    }
    gaps.push(split64(s - prev6 - 1n));
    lengths.push(split64(e - s));
    prev6 = e;
  }
  for (const [hi] of gaps) w.varint(hi);
  for (const [, lo] of gaps) w.varint(lo);
  for (const [hi] of lengths) w.varint(hi);
  for (const [, lo] of lengths) w.varint(lo);
  const recent6 = new RecentNetworks();
  for (const r of src.v6) w.varint(recent6.encode(networkOf(r.asn)));
  return w.result();
}

/** Decodes `encodeNetworkTable`'s bytes, checking every count and range as it goes. */
export function decodeNetworkTable(input: Uint8Array | ArrayBuffer): NetworkTable {
  const buf = input instanceof Uint8Array ? input : new Uint8Array(input);
  let p = 0;
  const varint = (): number => {
    // Most numbers are one byte (touching ranges, recent networks): that path first.
    const first = buf[p++];
    if (first !== undefined && first < 128) return first;
    if (first === undefined) fail('cut short');
    let value = first & 127;
    let scale = 128;
    for (let i = 1; i < 8; i++) {
      const b = buf[p++];
      if (b === undefined) fail('cut short');
      value += (b & 127) * scale;
      if (b < 128) return value;
      scale *= 128;
    }
    return fail('a number is too long');
  };
  const text = (): string => {
    const n = varint();
    if (p + n > buf.length) fail('cut short');
    const s = new TextDecoder().decode(buf.subarray(p, p + n));
    p += n;
    return s;
  };
  if (MAGIC.some((b, i) => buf[i] !== b)) fail('not a provider table');
  if (buf[4] !== FORMAT) fail(`unknown format ${String(buf[4])}`);
  p = 5;
  const source = text();
  const nNetworks = varint();
  const n4 = varint();
  const n6 = varint();
  // Each row takes at least one byte per column: counts larger than the file are corrupt, not huge tables.
  if (nNetworks * 2 + n4 * 3 + n6 * 5 > buf.length) fail('counts larger than the file');

  const asns = new Uint32Array(nNetworks);
  let asn = 0;
  for (let i = 0; i < nNetworks; i++) {
    asn += varint();
    if (asn >= TWO_32 || (i > 0 && asn === asns[i - 1])) fail('ASNs out of order');
    asns[i] = asn;
  }
  if (p + nNetworks > buf.length) fail('cut short');
  const kinds = buf.slice(p, p + nNetworks);
  p += nNetworks;
  if (kinds.some((k) => k >= NETWORK_KINDS.length)) fail('unknown network kind');
  const joined = text();
  const names = nNetworks ? joined.split('\n') : [];
  if (names.length !== nNetworks) fail('names do not match the networks');

  const recent = new Uint32Array(MTF_WINDOW);
  const readNetworks = (n: number): Uint32Array => {
    const out = new Uint32Array(n);
    let held = 0;
    for (let i = 0; i < n; i++) {
      const code = varint();
      let network: number;
      let at: number;
      if (code < MTF_WINDOW) {
        if (code >= held) fail('network code out of range');
        network = recent[code] as number;
        at = code;
      } else {
        network = code - MTF_WINDOW;
        if (network >= nNetworks) fail('network index out of range');
        // Not among the recent ones (the encoder would have sent its place): it goes in front, the last drops.
        at = held < MTF_WINDOW ? held++ : MTF_WINDOW - 1;
      }
      for (let k = at; k > 0; k--) recent[k] = recent[k - 1] as number;
      recent[0] = network;
      out[i] = network;
    }
    return out;
  };

  const v4Start = new Uint32Array(n4);
  const v4End = new Uint32Array(n4);
  for (let i = 0; i < n4; i++) v4Start[i] = Math.min(varint(), TWO_32 - 1);
  let end = -1;
  for (let i = 0; i < n4; i++) {
    const start = end + 1 + (v4Start[i] as number);
    end = start + varint();
    if (end >= TWO_32) fail(`v4 range ${i} past the end of the address space`);
    v4Start[i] = start;
    v4End[i] = end;
  }
  const v4Network = readNetworks(n4);

  const column = () => {
    const out = new Float64Array(n6);
    for (let i = 0; i < n6; i++) out[i] = varint();
    return out;
  };
  const [gapHi, gapLo, lenHi, lenLo] = [column(), column(), column(), column()];
  const v6StartHi = new Uint32Array(n6);
  const v6StartLo = new Uint32Array(n6);
  const v6EndHi = new Uint32Array(n6);
  const v6EndLo = new Uint32Array(n6);
  // The previous end + 1, as two halves (-1 + 1 = 0 before the first range).
  let nextHi = 0;
  let nextLo = 0;
  for (let i = 0; i < n6; i++) {
    let lo = nextLo + (gapLo[i] as number);
    let hi = nextHi + (gapHi[i] as number) + (lo >= TWO_32 ? 1 : 0);
    lo %= TWO_32;
    if (hi >= TWO_32) fail(`v6 range ${i} past the end of the address space`);
    v6StartHi[i] = hi;
    v6StartLo[i] = lo;
    lo += lenLo[i] as number;
    hi += (lenHi[i] as number) + (lo >= TWO_32 ? 1 : 0);
    lo %= TWO_32;
    if (hi >= TWO_32) fail(`v6 range ${i} past the end of the address space`);
    v6EndHi[i] = hi;
    v6EndLo[i] = lo;
    nextLo = lo + 1;
    nextHi = hi + (nextLo >= TWO_32 ? 1 : 0);
    nextLo %= TWO_32;
  }
  const v6Network = readNetworks(n6);
  if (p !== buf.length) fail('bytes after the end');

  return {
    source,
    asns,
    kinds,
    names,
    v4Start,
    v4End,
    v4Network,
    v6StartHi,
    v6StartLo,
    v6EndHi,
    v6EndLo,
    v6Network,
    infos: new Array(nNetworks),
  };
}

/** The shared address space carriers number their subscribers from behind NAT (RFC 6598, 100.64.0.0/10). */
export const CARRIER_NAT: NetworkInfo = Object.freeze({
  asn: 0,
  name: 'Carrier-grade NAT (shared address space, RFC 6598)',
  kind: 'mobile',
});
const CGNAT_FIRST = 0x64400000;
const CGNAT_LAST = 0x647fffff;

/** The answer about a network of the table, by its index: one frozen object per network, made on its first ask. */
export function networkInfoAt(t: NetworkTable, network: number): NetworkInfo {
  let info = t.infos[network];
  if (!info) {
    const asn = t.asns[network] as number;
    info = Object.freeze({
      asn,
      name: t.names[network] || `AS${asn}`,
      kind: NETWORK_KINDS[t.kinds[network] as number] ?? 'isp',
    });
    t.infos[network] = info;
  }
  return info;
}

/**
 * Per /16 of the v4 space, the index of the first range starting in it or later (65,537 entries, the last the
 * range count): a search starts inside its /16's ranges, a few steps in a small part of the table instead of about
 * twenty over all of it. Built once per table, on its first v4 lookup.
 */
const v4Buckets = new WeakMap<NetworkTable, Int32Array>();
/** The table asked last and its buckets: one worker has one table, and a WeakMap look-up per address costs. */
let lastTable: NetworkTable | undefined;
let lastBuckets: Int32Array | undefined;
function bucketsOf(t: NetworkTable): Int32Array {
  if (t === lastTable && lastBuckets) return lastBuckets;
  let b = v4Buckets.get(t);
  if (!b) {
    b = new Int32Array(65537);
    const starts = t.v4Start;
    let i = 0;
    for (let k = 0; k <= 65536; k++) {
      while (i < starts.length && (starts[i] as number) < k * 65536) i++;
      b[k] = i;
    }
    v4Buckets.set(t, b);
  }
  lastTable = t;
  lastBuckets = b;
  return b;
}

/** The v4 range holding every value from `low` to `high`, or -1. */
function v4Range(t: NetworkTable, low: number, high: number): number {
  const starts = t.v4Start;
  const buckets = bucketsOf(t);
  const k = low >>> 16;
  // The last range starting at or before `low` starts in its /16 or, when none does, is the one before them.
  let lo = buckets[k] as number;
  let hi = (buckets[k + 1] as number) - 1;
  let found = lo - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= low) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && high <= (t.v4End[found] as number) ? found : -1;
}

/** The v6 range holding every /64 from (lowHi, lowLo) to (highHi, highLo), or -1. */
function v6Range(t: NetworkTable, lowHi: number, lowLo: number, highHi: number, highLo: number): number {
  let lo = 0;
  let hi = t.v6StartHi.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const sHi = t.v6StartHi[mid] as number;
    if (sHi < lowHi || (sHi === lowHi && (t.v6StartLo[mid] as number) <= lowLo)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return -1;
  const eHi = t.v6EndHi[found] as number;
  return highHi < eHi || (highHi === eHi && highLo <= (t.v6EndLo[found] as number)) ? found : -1;
}

function v4Info(t: NetworkTable, low: number, high: number): NetworkInfo | undefined {
  if (low >= CGNAT_FIRST && high <= CGNAT_LAST) return CARRIER_NAT;
  const i = v4Range(t, low, high);
  return i < 0 ? undefined : networkInfoAt(t, t.v4Network[i] as number);
}

function v6Info(
  t: NetworkTable,
  lowHi: number,
  lowLo: number,
  highHi: number,
  highLo: number,
): NetworkInfo | undefined {
  const i = v6Range(t, lowHi, lowLo, highHi, highLo);
  return i < 0 ? undefined : networkInfoAt(t, t.v6Network[i] as number);
}

/** The index of the v4 range holding a bare address given as its value, or -1: `networkV4At` names its network. */
export function networkRangeV4(t: NetworkTable, value: number): number {
  return v4Range(t, value, value);
}

/** The index of the v6 range holding a /64 given as the halves of its 64 bits, or -1: `networkV6At` names its network. */
export function networkRangeV6(t: NetworkTable, hi: number, lo: number): number {
  return v6Range(t, hi, lo, hi, lo);
}

/** `lookupNetwork` of a bare v4 address given as its value (`plainV4Value`), for a caller that has parsed it. */
export function lookupNetworkV4(value: number, t: NetworkTable): NetworkInfo | undefined {
  return v4Info(t, value, value);
}

/**
 * `lookupNetwork` of a bare v6 address (not a mapped v4 one) given as the upper and lower halves of its upper 64
 * bits, as `plainV6Groups` reads them, for a caller that has parsed it.
 */
export function lookupNetworkV6(hi: number, lo: number, t: NetworkTable): NetworkInfo | undefined {
  return v6Info(t, hi, lo, hi, lo);
}

const groups = new Uint16Array(8);
const u32 = (bytes: number[], at: number) =>
  (bytes[at] ?? 0) * 2 ** 24 + ((bytes[at + 1] ?? 0) << 16) + ((bytes[at + 2] ?? 0) << 8) + (bytes[at + 3] ?? 0);

/**
 * The network announcing an address, or undefined for private, reserved and unannounced space and for anything
 * that is not an address. A masked address ("81.2.*.*") matches only when every value it could hide lies in one
 * range. Addresses in 100.64.0.0/10 are carrier NAT (`CARRIER_NAT`, AS 0): a subscriber of some carrier.
 */
export function lookupNetwork(ip: string, t: NetworkTable): NetworkInfo | undefined {
  const v = plainV4Value(ip);
  if (v >= 0) return v4Info(t, v, v);
  if (plainV6Groups(ip, groups) && !isMappedV4Groups(groups)) {
    const hi = (((groups[0] as number) << 16) | (groups[1] as number)) >>> 0;
    const lo = (((groups[2] as number) << 16) | (groups[3] as number)) >>> 0;
    return v6Info(t, hi, lo, hi, lo);
  }
  const bits = parseIpBits(ip);
  if (!bits) return undefined;
  const low = bits.bytes.map((b, i) => b & (bits.known[i] ?? 0));
  const high = bits.bytes.map((b, i) => (b & (bits.known[i] ?? 0)) | (~(bits.known[i] ?? 0) & 0xff));
  if (bits.version === 4) return v4Info(t, u32(low, 0), u32(high, 0));
  return v6Info(t, u32(low, 0), u32(low, 4), u32(high, 0), u32(high, 4));
}
