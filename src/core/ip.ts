import ipaddr from 'ipaddr.js';

export interface ParsedIp {
  /** The address as it appeared in the page text. */
  text: string;
  version: 4 | 6;
  /** Normalised address; masked octets kept as '*' ("203.0.*.*", "2001:db8:*:*:*:*:*:*"). */
  address: string;
  isMasked: boolean;
  /**
   * Private, loopback, CGNAT 100.64/10, link-local, unique-local, unspecified, multicast, reserved: never a
   * location signal. The documentation ranges (203.0.113/24, 2001:db8::/32 …) count as public, see below.
   */
  isNonPublic: boolean;
  /** Grouping key: v4 → the full address; v6 → its /64 prefix "2001:db8:1:2::/64" (shorter when masked). */
  group: string;
}

/**
 * An address as bytes plus which bits are known. Masked page text ("203.0.*.*") leaves bytes unknown;
 * every comparison below asks "does this hold for every value the mask could hide?".
 */
export interface IpBits {
  version: 4 | 6;
  bytes: number[];
  /** Per byte: 0xff when known, 0 when masked. */
  known: number[];
}

// Page cells are short; capping keeps the regex scans linear-and-small on pasted 100 KB blobs.
const MAX_SCAN = 4096;
// A v4 octet masked whole ("***", "xx") or in part ("2**", "*5": the whole octet is unknown then).
const MASK = String.raw`\d{0,2}\*{1,3}\d{0,2}|[xX]{1,3}`;
const V4_PART = String.raw`(?:\d{1,3}|${MASK})`;
// No letter, digit or dot around it: "v1.2.3.4" and "126.0.6478.127" are versions, not addresses.
const V4_RE = new RegExp(
  String.raw`(?<![0-9A-Za-z.*])${V4_PART}(?:\.${V4_PART}){3}(?![0-9A-Za-z*]|\.[0-9A-Za-z*])`,
  'g',
);
// A whole run of address characters, taken atomically (lookahead + backreference) so a failed match
// cannot backtrack into a shorter, wrong prefix; validation happens afterwards. A ':' may precede it
// so that "IPv6:2001:db8::1" yields the address.
const V6_RE = /(?<![0-9A-Za-z.*])(?=([0-9A-Fa-f*:.]+))\1(?![0-9A-Za-z*])/g;

// Four decimal parts of one to three digits: the strict form ipaddr.js is handed. Alone it would take "1.2.3" or
// "0x7f.1" and read "010" as octal; pages print "010.001.…" for alignment, meaning decimal.
const STRICT_V4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const LEADING_ZERO = /(?:^|\.)0\d/;
const LEADING_ZEROS = /(^|\.)0{1,2}(?=\d)/g;
const MASKED_OCTET = /^(?:\d{0,2}\*{1,3}\d{0,2}|[xX]{1,3})$/;

/** The one IPv4 reader: a bare, unmasked dotted quad, leading zeros read as decimal. */
function strictV4(text: string): IpBits | undefined {
  if (!STRICT_V4.test(text)) return undefined;
  const decimal = LEADING_ZERO.test(text) ? text.replace(LEADING_ZEROS, '$1') : text;
  // Four decimal parts without leading zeros are certain here (ipaddr.js's strict four-part form): what is left for
  // it to refuse is a part over 255.
  try {
    return { version: 4, bytes: ipaddr.IPv4.parse(decimal).toByteArray(), known: [0xff, 0xff, 0xff, 0xff] };
  } catch {
    return undefined;
  }
}

/** A v4 address whose octets may be masked ("203.0.*.*"; a partly masked "2**" hides the whole octet). */
function parseV4(text: string): IpBits | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const isMasked = parts.map((p) => !/^\d{1,3}$/.test(p));
  if (parts.some((p, i) => isMasked[i] && (p.length > 3 || !MASKED_OCTET.test(p)))) return undefined;
  const read = strictV4(parts.map((p, i) => (isMasked[i] ? '0' : p)).join('.'));
  return read && { ...read, known: isMasked.map((m) => (m ? 0 : 0xff)) };
}

/** Parses a v6 address whose groups may be masked ("2001:db8:****", "2001:db8:*:*::1"). */
function parseV6(text: string): IpBits | undefined {
  if (text.length > 64) return undefined;
  if (!text.includes('*')) {
    if (!ipaddr.IPv6.isValid(text)) return undefined;
    const bytes = ipaddr.IPv6.parse(text).toByteArray();
    return { version: 6, bytes, known: bytes.map(() => 0xff) };
  }
  // Short masked forms must start with a full group: "12:34:**" is a clock, "2001:db8:****" an address.
  if (!/^[0-9A-Fa-f]{4}:/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = split(halves[0] ?? '');
  const tail = halves.length === 2 ? split(halves[1] ?? '') : [];
  const groups: (number | undefined)[] = [];
  const readGroup = (g: string): number | undefined | null => {
    if (/^[0-9A-Fa-f]{1,4}$/.test(g)) return Number.parseInt(g, 16);
    // A partly masked group ("85a*") hides the whole group as far as we can tell.
    if (/^[0-9A-Fa-f*]{1,4}$/.test(g) || /^\*+$/.test(g)) return undefined;
    return null;
  };
  for (const g of head) {
    const v = readGroup(g);
    if (v === null) return undefined;
    groups.push(v);
  }
  if (halves.length === 2) {
    const tailGroups: (number | undefined)[] = [];
    for (const g of tail) {
      const v = readGroup(g);
      if (v === null) return undefined;
      tailGroups.push(v);
    }
    if (groups.length + tailGroups.length > 7) return undefined;
    while (groups.length + tailGroups.length < 8) groups.push(0);
    groups.push(...tailGroups);
  } else {
    if (groups.length > 8) return undefined;
    // "2001:db8:****": a short address ending in a mask hides everything after it.
    if (groups.length < 8) {
      if (groups[groups.length - 1] !== undefined) return undefined;
      while (groups.length < 8) groups.push(undefined);
    }
  }
  const bytes: number[] = [];
  const known: number[] = [];
  for (const g of groups) {
    bytes.push(g === undefined ? 0 : g >> 8, g === undefined ? 0 : g & 0xff);
    known.push(g === undefined ? 0 : 0xff, g === undefined ? 0 : 0xff);
  }
  return { version: 6, bytes, known };
}

function isMaskedBits(b: IpBits): boolean {
  return b.known.some((k) => k !== 0xff);
}

function hasAnyKnown(b: IpBits): boolean {
  return b.known.some((k) => k !== 0);
}

/** "::ffff:203.0.113.5" is the v4 host seen through a dual-stack socket: compare it as v4. */
function unmapV4(b: IpBits): IpBits {
  if (b.version !== 6 || isMaskedBits(b)) return b;
  const isMapped = b.bytes.slice(0, 10).every((x) => x === 0) && b.bytes[10] === 0xff && b.bytes[11] === 0xff;
  return isMapped ? { version: 4, bytes: b.bytes.slice(12), known: [0xff, 0xff, 0xff, 0xff] } : b;
}

/** True when the first `bits` bits of `ip` are all known and equal those of `net`. */
function prefixMatches(net: IpBits, bits: number, ip: IpBits): boolean {
  if (net.version !== ip.version) return false;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const m = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    const k = ip.known[i] ?? 0;
    if ((m & ~k) !== 0) return false;
    if ((((ip.bytes[i] ?? 0) ^ (net.bytes[i] ?? 0)) & m) !== 0) return false;
  }
  return true;
}

interface Cidr {
  net: IpBits;
  bits: number;
}

function parseAddressStrict(text: string): IpBits | undefined {
  if (text.includes('*')) return undefined;
  return text.includes(':') ? parseV6(text) : strictV4(text);
}

function parseCidr(text: string): Cidr | undefined {
  const t = text.trim();
  if (t.length > 64) return undefined;
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(t);
  if (!m) return undefined;
  let net = parseAddressStrict(m[1] ?? '');
  if (!net) return undefined;
  const max = net.version === 4 ? 32 : 128;
  let bits = m[2] === undefined ? max : Number(m[2]);
  if (bits > max) return undefined;
  const v4 = unmapV4(net);
  if (v4 !== net) {
    // A mapped range only makes sense as a v4 range once the 96-bit mapping prefix is inside it.
    if (bits < 96) return { net, bits };
    net = v4;
    bits -= 96;
  }
  return { net, bits };
}

function cidrOf(text: string): Cidr {
  const c = parseCidr(text);
  if (!c) throw new Error(`bad built-in range ${text}`);
  return c;
}

// Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32) are deliberately absent:
// they never occur in real traffic, and every test fixture uses them as stand-ins for public addresses.
const NON_PUBLIC_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.31.196.0/24',
  '192.52.193.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '192.175.48.0/24',
  '198.18.0.0/15',
  '224.0.0.0/3',
].map(cidrOf);

const NON_PUBLIC_V6 = [
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
  '64:ff9b:1::/48',
  '2001:2::/48',
  '2001:3::/32',
  '2001:4:112::/48',
  '2001:10::/28',
  '2001:20::/28',
  '2001:30::/28',
  '2620:4f:8000::/48',
].map(cidrOf);

// Everything outside global unicast 2000::/3 is special, except the NAT64 prefix, which carries a public v4.
const GLOBAL_V6 = [cidrOf('2000::/3'), cidrOf('64:ff9b::/96')];

function isNonPublicBits(b: IpBits): boolean {
  if (b.version === 4) return NON_PUBLIC_V4.some((c) => prefixMatches(c.net, c.bits, b));
  // A masked address is non-public only when every value it could hide is.
  return NON_PUBLIC_V6.some((c) => prefixMatches(c.net, c.bits, b)) || !GLOBAL_V6.some((c) => couldBeInside(c, b));
}

/** Whether some value the mask hides could lie inside the range. */
function couldBeInside(c: Cidr, b: IpBits): boolean {
  if (c.net.version !== b.version) return false;
  let bits = c.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const m = (bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff) & (b.known[i] ?? 0);
    if ((((b.bytes[i] ?? 0) ^ (c.net.bytes[i] ?? 0)) & m) !== 0) return false;
  }
  return true;
}

function formatBits(b: IpBits): string {
  if (b.version === 4) return b.bytes.map((x, i) => (b.known[i] ? String(x) : '*')).join('.');
  if (!isMaskedBits(b)) return ipaddr.fromByteArray(b.bytes).toString();
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push(b.known[i] ? (((b.bytes[i] ?? 0) << 8) | (b.bytes[i + 1] ?? 0)).toString(16) : '*');
  }
  return groups.join(':');
}

/** The /64 (or the longest fully known prefix of whole groups, when masked) as "2001:db8:1:2::/64". */
function v6Group(b: IpBits): string {
  let known = 0;
  while (known < 8 && b.known[known] === 0xff) known++;
  const bits = Math.min(64, known * 8);
  const bytes = b.bytes.map((x, i) => (i < bits / 8 ? x : 0));
  return `${ipaddr.fromByteArray(bytes).toString()}/${bits}`;
}

function toParsed(text: string, raw: IpBits): ParsedIp {
  const b = unmapV4(raw);
  const address = formatBits(b);
  return {
    text,
    version: b.version,
    address,
    isMasked: isMaskedBits(b),
    isNonPublic: isNonPublicBits(b),
    group: b.version === 4 ? address : v6Group(b),
  };
}

/**
 * A bare dotted quad ("81.2.69.142") as its 32-bit value, or -1 for anything else (masks, v6, text around it).
 * Allocates nothing: the rules ask it about every stored address, which are mostly distinct. It reads what
 * `strictV4` reads, no more (a property test in ip.test.ts holds the two together).
 */
export function plainV4Value(text: string): number {
  if (text.length < 7 || text.length > 15) return -1;
  let value = 0;
  let parts = 0;
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      n = n * 10 + c - 48;
      if (++digits > 3) return -1;
    } else if (c === 46 && digits > 0 && n <= 255 && parts < 4) {
      value = value * 256 + n;
      parts++;
      n = 0;
      digits = 0;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

/**
 * A bare, unmasked v6 address without an embedded v4 part ("2001:db8::1") as its eight groups, written to `out`;
 * false for anything else, as `plainV6` reads it. Allocates nothing: the rules ask about every stored address.
 */
export function plainV6Groups(text: string, out: Uint16Array): boolean {
  const len = text.length;
  if (len < 2 || len > 39) return false;
  /** Where "::" stands, in groups; -1 for none. */
  let gap = -1;
  let n = 0;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < len) {
    let v = 0;
    let digits = 0;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      const h = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (h < 0) break;
      if (++digits > 4) return false;
      v = v * 16 + h;
    }
    if (digits === 0 || n >= 8) return false;
    out[n++] = v;
    if (i === len) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i === len) return false;
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
    }
  }
  if (gap < 0) return n === 8;
  if (n > 7) return false;
  const tail = n - gap;
  for (let k = 1; k <= tail; k++) out[8 - k] = out[n - k] as number;
  out.fill(0, gap, 8 - tail);
  return true;
}

/** A bare, unmasked v6 address without an embedded v4 part ("2001:db8::1"), read without ipaddr. */
function plainV6(text: string): IpBits | undefined {
  if (text.length < 2 || text.length > 39 || !/^[0-9A-Fa-f:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string | undefined) => (s ? s.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (halves.length === 2 ? head.length + tail.length > 7 : head.length !== 8) return undefined;
  const bytes: number[] = new Array(16).fill(0);
  const put = (groups: string[], at: number) =>
    groups.every((g, i) => {
      if (g.length < 1 || g.length > 4) return false;
      const v = Number.parseInt(g, 16);
      bytes[(at + i) * 2] = v >> 8;
      bytes[(at + i) * 2 + 1] = v & 0xff;
      return true;
    });
  if (!put(head, 0) || !put(tail, 8 - tail.length)) return undefined;
  return { version: 6, bytes, known: new Array(16).fill(0xff) };
}

function findIp(text: string): { text: string; bits: IpBits } | undefined {
  // Stored rows mostly hold a bare address, and the rules look up every one: skip the scans for it. Anything
  // else (an octet over 255, masks, an embedded v4, text around it) takes the full scan below.
  const plain = strictV4(text) ?? plainV6(text);
  if (plain) return { text, bits: plain };
  const hay = text.slice(0, MAX_SCAN);
  let best: { index: number; text: string; bits: IpBits } | undefined;
  for (const m of hay.matchAll(V4_RE)) {
    const bits = parseV4(m[0]);
    if (bits && hasAnyKnown(bits)) {
      best = { index: m.index, text: m[0], bits };
      break;
    }
  }
  for (const m of hay.matchAll(V6_RE)) {
    if (best && m.index >= best.index) break;
    const run = m[1] ?? '';
    // One colon is a port or a clock, unless it is a masked prefix such as "2a01:****".
    if (run.indexOf(':') === run.lastIndexOf(':') && !/^[0-9A-Fa-f]{4}:\*+$/.test(run)) continue;
    // Sentences end with "." and labels with ":" ("IP: 2001:db8::1."): trim what cannot end an address.
    const candidate = run.replace(/^:(?!:)/, '').replace(/(?<!:):$|\.+$/, '');
    const bits = parseV6(candidate);
    if (bits && hasAnyKnown(bits)) {
      best = { index: m.index, text: candidate, bits };
      break;
    }
  }
  return best;
}

/** The first IP address in the text (e.g. "IP: 203.0.113.42 (Hong Kong)"), masked forms included. */
export function parseIp(text: string): ParsedIp | undefined {
  const found = findIp(text);
  return found && toParsed(found.text, found.bits);
}

/** The bytes of the first address in the text (v4-mapped v6 as v4), for callers that compare ranges. */
export function parseIpBits(text: string): IpBits | undefined {
  const found = findIp(text);
  return found && unmapV4(found.bits);
}

/** Blocklist and trusted ranges are few and asked about for every stored address: parse each once. */
const cidrCache = new Map<string, Cidr | undefined>();

/** False on anything unparsable; a masked address matches only if every value it could hide is inside. */
export function ipInCidr(ip: string, cidr: string): boolean {
  let c = cidrCache.get(cidr);
  if (c === undefined && !cidrCache.has(cidr)) {
    c = parseCidr(cidr);
    if (cidrCache.size >= 1000) cidrCache.clear();
    cidrCache.set(cidr, c);
  }
  const b = parseIpBits(ip);
  if (!c || !b) return false;
  return prefixMatches(c.net, c.bits, b);
}

/**
 * `ip => list.find((c) => ipInCidr(ip, c))` with the list parsed once and each address once: a blocklist is
 * checked against every stored address.
 */
export function cidrListMatcher(list: readonly string[]): CidrListMatcher {
  const parsed = list.map((text) => ({ text, cidr: parseCidr(text) }));
  // v4 entries as value ranges: a bare v4 address is then checked without parsing it into bytes.
  const v4 = parsed.map(({ cidr }) => {
    if (cidr?.net.version !== 4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = cidr.net.bytes;
    const size = 2 ** (32 - cidr.bits);
    const start = Math.floor((a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d) / size) * size;
    return { start, end: start + size - 1 };
  });
  const byValue = (x: number): string | undefined => {
    for (let i = 0; i < v4.length; i++) {
      const r = v4[i];
      if (r && x >= r.start && x <= r.end) return parsed[i]?.text;
    }
    return undefined;
  };
  const match = (ip: string): string | undefined => {
    const x = plainV4Value(ip);
    if (x >= 0) return byValue(x);
    // A bare v6 address read into groups: only v6 entries can hold it (a mapped v4 one takes the long way).
    if (plainV6Groups(ip, scratch) && !isMappedV4Groups(scratch)) {
      for (const { text, cidr } of parsed) {
        if (cidr?.net.version === 6 && groupsMatch(cidr.net.bytes, cidr.bits, scratch)) return text;
      }
      return undefined;
    }
    const b = parseIpBits(ip);
    if (!b) return undefined;
    return parsed.find(({ cidr }) => cidr !== undefined && prefixMatches(cidr.net, cidr.bits, b))?.text;
  };
  return Object.assign(match, { v4: byValue, hasV6: parsed.some(({ cidr }) => cidr?.net.version === 6) });
}

/** The entry of the list holding an address, or undefined; `v4` asks about a bare v4 address by its value. */
export type CidrListMatcher = ((ip: string) => string | undefined) & {
  /** The same answer for a bare v4 address given as `plainV4Value` of its text. */
  v4(value: number): string | undefined;
  /** Whether the list holds v6 entries: without any, a bare v6 address that is not a mapped v4 one matches none. */
  readonly hasV6: boolean;
};

const scratch = new Uint16Array(8);

/** Groups of `::ffff:a.b.c.d` written in hex: the full parse reads them as v4. */
export function isMappedV4Groups(g: Uint16Array): boolean {
  return g[5] === 0xffff && !g[0] && !g[1] && !g[2] && !g[3] && !g[4];
}

/** `prefixMatches` for a bare v6 address given as groups. */
function groupsMatch(net: number[], bits: number, g: Uint16Array): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const m = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    const group = g[i >> 1] as number;
    const byte = i & 1 ? group & 0xff : group >> 8;
    if (((byte ^ (net[i] ?? 0)) & m) !== 0) return false;
  }
  return true;
}

/** "10.0.0.0/8", "2001:db8::/32", or a bare address (taken as /32 or /128). */
export function isValidCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** v6: same /64. v4: same address, or same /24 when either side is masked. Unknown bits never count as equal. */
export function sameNetwork(a: string, b: string): boolean {
  const x = parseIpBits(a);
  const y = parseIpBits(b);
  if (!x || !y || x.version !== y.version) return false;
  const bits = x.version === 6 ? 64 : isMaskedBits(x) || isMaskedBits(y) ? 24 : 32;
  return prefixMatches(x, bits, y) && prefixMatches(y, bits, x);
}
