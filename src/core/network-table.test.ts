import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { PROVIDERS_PATH } from '../../scripts/gen-data.mjs';
import {
  CARRIER_NAT,
  decodeNetworkTable,
  encodeNetworkTable,
  lookupNetwork,
  NETWORK_KINDS,
  type NetworkTable,
  type NetworkTableSource,
  type Prefix64,
} from './network-table';

const TOP = 2 ** 32 - 1;

/** 0.0.0.0/24 AS1; 10.0.0.0/8 AS2; 11.0.0.0/24 AS1 touching it; 255.255.255.0/24 AS3 at the very end. */
const tiny: NetworkTableSource = {
  source: 'test',
  networks: [
    { asn: 1, name: 'ALPHA-NET', kind: 'isp' },
    { asn: 2, name: 'Beta Cloud', kind: 'hosting' },
    { asn: 3, name: '', kind: 'mobile' },
    { asn: 4_200_000_000, name: 'Big number', kind: 'tor' },
  ],
  v4: [
    { start: 0, end: 255, asn: 1 },
    { start: 0x0a000000, end: 0x0affffff, asn: 2 },
    { start: 0x0b000000, end: 0x0b0000ff, asn: 1 },
    { start: TOP - 255, end: TOP, asn: 3 },
  ],
  v6: [
    // 2001:db8::/32
    { start: { hi: 0x20010db8, lo: 0 }, end: { hi: 0x20010db8, lo: TOP }, asn: 1 },
    // 2a01:0:0:a::/64 alone
    { start: { hi: 0x2a010000, lo: 0x0000000a }, end: { hi: 0x2a010000, lo: 0x0000000a }, asn: 4_200_000_000 },
    // the last /64 of the space
    { start: { hi: TOP, lo: TOP }, end: { hi: TOP, lo: TOP }, asn: 2 },
  ],
};

describe('lookupNetwork on a hand-made table', () => {
  const t = decodeNetworkTable(encodeNetworkTable(tiny));
  const asnOf = (ip: string) => lookupNetwork(ip, t)?.asn;

  test.each([
    ['0.0.0.0', 1],
    ['0.0.0.255', 1],
    ['0.0.1.0', undefined],
    ['9.255.255.255', undefined],
    ['10.0.0.0', 2],
    ['10.200.3.4', 2],
    ['10.255.255.255', 2],
    ['11.0.0.0', 1],
    ['11.0.0.255', 1],
    ['11.0.1.0', undefined],
    ['255.255.255.0', 3],
    ['255.255.255.255', 3],
    ['255.255.254.255', undefined],
    ['2001:db8::1', 1],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 1],
    ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', undefined],
    ['2001:db9::', undefined],
    ['2a01:0:0:a::1', 4_200_000_000],
    ['2a01:0:0:a:ffff:ffff:ffff:ffff', 4_200_000_000],
    ['2a01:0:0:9:ffff:ffff:ffff:ffff', undefined],
    ['2a01:0:0:b::', undefined],
    ['ffff:ffff:ffff:ffff::1', 2],
    ['::ffff:10.1.2.3', 2],
    // Masked: only when every hidden value is inside one range.
    ['10.*.*.*', 2],
    ['11.0.0.***', 1],
    ['11.0.*.*', undefined],
    ['*.*.*.1', undefined],
    ['2001:db8:****', 1],
    ['2001:****', undefined],
    // Not an address.
    ['', undefined],
    ['1.2.3', undefined],
    ['256.1.1.1', undefined],
    ['10.0.0.1.5', undefined],
    ['2001:db8::1::2', undefined],
    ['not an address', undefined],
  ])('%s → AS%s', (ip, asn) => {
    expect(asnOf(ip)).toBe(asn);
  });

  test('names, kinds and the number shown where the table keeps no name', () => {
    expect(lookupNetwork('10.1.1.1', t)).toEqual({ asn: 2, name: 'Beta Cloud', kind: 'hosting' });
    expect(lookupNetwork('255.255.255.1', t)).toEqual({ asn: 3, name: 'AS3', kind: 'mobile' });
    expect(lookupNetwork('2a01:0:0:a::5', t)).toEqual({ asn: 4_200_000_000, name: 'Big number', kind: 'tor' });
    // One object per network, whatever address asks.
    expect(lookupNetwork('10.0.0.1', t)).toBe(lookupNetwork('10.9.9.9', t));
  });

  test('carrier NAT space (100.64.0.0/10) is a carrier subscriber, not unknown', () => {
    expect(lookupNetwork('100.64.0.0', t)).toBe(CARRIER_NAT);
    expect(lookupNetwork('100.127.255.255', t)).toBe(CARRIER_NAT);
    expect(lookupNetwork('100.63.255.255', t)).toBeUndefined();
    expect(lookupNetwork('100.128.0.0', t)).toBeUndefined();
    expect(CARRIER_NAT.kind).toBe('mobile');
  });
});

describe('the encoder refuses a table it could not decode the same', () => {
  test.each<[string, Partial<NetworkTableSource>]>([
    ['overlapping v4 ranges', { v4: [...tiny.v4, { start: 0x0a000010, end: 0x0a000020, asn: 1 }] }],
    ['v4 out of order', { v4: [tiny.v4[1], tiny.v4[0]].filter((r) => r !== undefined) }],
    ['an end before its start', { v4: [{ start: 10, end: 9, asn: 1 }] }],
    ['past the v4 space', { v4: [{ start: TOP, end: TOP + 1, asn: 1 }] }],
    ['an unlisted network', { v4: [{ start: 0, end: 1, asn: 99 }] }],
    ['a network listed twice', { networks: [...tiny.networks, { asn: 1, name: 'again', kind: 'isp' }] }],
    ['a line break in a name', { networks: [{ asn: 1, name: 'a\nb', kind: 'isp' }] }],
    ['v6 halves out of range', { v6: [{ start: { hi: 0, lo: TOP + 1 }, end: { hi: 1, lo: 0 }, asn: 1 }] }],
  ])('%s', (_name, change) => {
    expect(() => encodeNetworkTable({ ...tiny, ...change })).toThrow(/provider table/);
  });
});

describe('the decoder refuses damaged bytes', () => {
  const good = encodeNetworkTable(tiny);
  test.each([
    ['another file', new TextEncoder().encode('{"version":1}')],
    ['cut short', good.subarray(0, good.length - 3)],
    ['bytes after the end', Uint8Array.from([...good, 0])],
    ['another format version', Uint8Array.from(good, (b, i) => (i === 4 ? 9 : b))],
  ])('%s', (_name, bytes) => {
    expect(() => decodeNetworkTable(bytes)).toThrow(/provider table/);
  });
});

/** Sorted, disjoint ranges from random sizes and gaps. */
function layout<T>(items: { gap: number; size: number; asn: number }[], step: (at: T, by: number) => T, zero: T) {
  const out: { start: T; end: T; asn: number }[] = [];
  let at = zero;
  for (const it of items) {
    const start = step(at, it.gap);
    const end = step(start, it.size - 1);
    out.push({ start, end, asn: it.asn });
    at = step(end, 1);
  }
  return out;
}

const add64 = (p: Prefix64, by: number): Prefix64 => {
  const lo = p.lo + by;
  return { hi: p.hi + Math.floor(lo / 2 ** 32), lo: lo % 2 ** 32 };
};
const toBig = (p: Prefix64) => (BigInt(p.hi) << 32n) | BigInt(p.lo);

test('encode → decode gives back every range, network, name and kind (property)', () => {
  const asns = fc.uniqueArray(fc.integer({ min: 1, max: TOP }), { minLength: 1, maxLength: 40 });
  const piece = (max: number, n: number) =>
    fc.array(fc.record({ gap: fc.integer({ min: 0, max }), size: fc.integer({ min: 1, max }), asn: fc.nat(n - 1) }), {
      maxLength: 60,
    });
  fc.assert(
    fc.property(
      asns.chain((list) =>
        fc.record({
          asns: fc.constant(list),
          names: fc.array(
            fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, ' ')),
            {
              minLength: list.length,
              maxLength: list.length,
            },
          ),
          kinds: fc.array(fc.constantFrom(...NETWORK_KINDS), { minLength: list.length, maxLength: list.length }),
          v4: piece(2 ** 24, list.length),
          // Gaps and sizes up to 2^40 /64s: halves carry into the upper word.
          v6: piece(2 ** 40, list.length),
        }),
      ),
      (g) => {
        const v4 = layout(
          g.v4.map((r) => ({ ...r, asn: g.asns[r.asn] as number })),
          (a: number, b) => a + b,
          0,
        ).filter((r) => r.end <= TOP);
        const v6 = layout(
          g.v6.map((r) => ({ ...r, asn: g.asns[r.asn] as number })),
          add64,
          { hi: 0x20000000, lo: 0 },
        );
        const src: NetworkTableSource = {
          source: 'property',
          networks: g.asns.map((asn, i) => ({ asn, name: g.names[i] ?? '', kind: g.kinds[i] ?? 'isp' })),
          v4,
          v6,
        };
        const t: NetworkTable = decodeNetworkTable(encodeNetworkTable(src));
        const networkOf = (i: number) => src.networks.find((n) => n.asn === t.asns[i]);
        expect([...t.asns]).toEqual([...g.asns].sort((a, b) => a - b));
        t.names.forEach((name, i) => {
          expect(name).toBe(networkOf(i)?.name);
          expect(NETWORK_KINDS[t.kinds[i] as number]).toBe(networkOf(i)?.kind);
        });
        expect(
          v4.map((_, i) => ({ start: t.v4Start[i], end: t.v4End[i], asn: t.asns[t.v4Network[i] as number] })),
        ).toEqual(v4);
        expect(
          v6.map((_, i) => ({
            start: (BigInt(t.v6StartHi[i] as number) << 32n) | BigInt(t.v6StartLo[i] as number),
            end: (BigInt(t.v6EndHi[i] as number) << 32n) | BigInt(t.v6EndLo[i] as number),
            asn: t.asns[t.v6Network[i] as number],
          })),
        ).toEqual(v6.map((r) => ({ start: toBig(r.start), end: toBig(r.end), asn: r.asn })));
        // And the lookup finds each range by its first and last address, not the one before or after.
        for (const r of v4) {
          const ip = (v: number) => [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');
          const inCgnat = (v: number) => v >= 0x64400000 && v <= 0x647fffff;
          if (!inCgnat(r.start)) expect(lookupNetwork(ip(r.start), t)?.asn).toBe(r.asn);
          if (!inCgnat(r.end)) expect(lookupNetwork(ip(r.end), t)?.asn).toBe(r.asn);
        }
      },
    ),
    { numRuns: 200 },
  );
});

describe('the generated provider table', () => {
  let t: NetworkTable;
  beforeAll(() => {
    t = decodeNetworkTable(readFileSync(PROVIDERS_PATH));
  });

  test.each([
    // Cloud and hosting.
    ['104.131.0.1', 14061, 'hosting'],
    ['8.8.8.8', 15169, 'hosting'],
    ['2001:4860:4860::8888', 15169, 'hosting'],
    // Residential ISPs.
    ['73.162.0.1', 7922, 'isp'],
    ['2601:600::1', 7922, 'isp'],
    // Mobile carriers.
    ['172.58.0.1', 21928, 'mobile'],
    ['2607:fb90::1', 21928, 'mobile'],
    // A network that exists to run Tor exits.
    ['23.129.64.130', 396507, 'tor'],
  ])('%s is AS%s (%s)', (ip, asn, kind) => {
    const n = lookupNetwork(ip, t);
    expect(n?.asn).toBe(asn);
    expect(n?.kind).toBe(kind);
    expect(n?.name).not.toBe('');
  });

  test.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '127.0.0.1',
    '0.0.0.0',
    '169.254.1.1',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'ff02::1',
  ])('private or reserved %s has no network', (ip) => {
    expect(lookupNetwork(ip, t)).toBeUndefined();
  });

  test('a v4 lookup finds what a search of the whole table finds, across the space and at every /16 edge', () => {
    // The lookup starts its search in the address's /16 (an index built on the first lookup); the plain search
    // over every range is the reference.
    const plain = (v: number) => {
      let lo = 0;
      let hi = t.v4Start.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if ((t.v4Start[mid] as number) <= v) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found >= 0 && v <= (t.v4End[found] as number) ? t.asns[t.v4Network[found] as number] : undefined;
    };
    const ip = (v: number) => [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');
    const inCgnat = (v: number) => v >= 0x64400000 && v <= 0x647fffff;
    const values: number[] = [0, TOP];
    // Every /16's first and last address, and one pseudo-random address inside it.
    let x = 12345;
    for (let k = 0; k < 65536; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      values.push(k * 65536, k * 65536 + 65535, k * 65536 + (x & 0xffff));
    }
    // Each range's first and last address and the addresses just outside them.
    for (let i = 0; i < t.v4Start.length; i += 7) {
      const s = t.v4Start[i] as number;
      const e = t.v4End[i] as number;
      values.push(s, e, Math.max(0, s - 1), Math.min(TOP, e + 1));
    }
    let mismatches = 0;
    let found = 0;
    for (const v of values) {
      if (inCgnat(v)) continue;
      const want = plain(v);
      if (lookupNetwork(ip(v), t)?.asn !== want) mismatches++;
      if (want !== undefined) found++;
    }
    expect(mismatches).toBe(0);
    expect(found).toBeGreaterThan(100_000);
  });

  test('the table is sorted and covers the announced space', () => {
    let unsorted = 0;
    for (let i = 1; i < t.v4Start.length; i++) if ((t.v4Start[i] as number) <= (t.v4End[i - 1] as number)) unsorted++;
    expect(unsorted).toBe(0);
    expect(t.v4Start.length).toBeGreaterThan(300_000);
    expect(t.v6StartHi.length).toBeGreaterThan(50_000);
    expect(t.source).toMatch(/^@ip-location-db\/asn \d/);
  });
});
