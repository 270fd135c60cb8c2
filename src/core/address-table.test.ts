import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateData, HOSTING_PATH, PROVIDERS_PATH } from '../../scripts/gen-data.mjs';
import {
  type AddressTables,
  addressTables,
  lookupBothV4,
  lookupBothV6,
  networkAsnOfId,
  networkKindOfId,
  networkOfId,
  networkRentableOfId,
} from './address-table';
import { type HostingTable, loadHostingTable, lookupHostingV4, lookupHostingV6 } from './hosting';
import {
  decodeNetworkTable,
  encodeNetworkTable,
  lookupNetworkV4,
  lookupNetworkV6,
  type NetworkTable,
  type NetworkTableSource,
} from './network-table';
import type { AddressAnswers, NetworkInfo } from './rules/rule';

const TOP = 2 ** 32 - 1;
const CGNAT_FIRST = 0x64400000;

/** What both tables answer about one address: the hosting answer and the network, as objects. */
interface Answers {
  hosting: AddressAnswers['hosting'];
  network: NetworkInfo | undefined;
}

/** The answers asked at once, the network read back from its number (and its kind and ASN alone agreeing). */
function read(t: AddressTables, out: AddressAnswers): Answers {
  const network = networkOfId(t, out.network);
  // Not `expect`: this runs for millions of addresses.
  if (networkKindOfId(t, out.network) !== network?.kind || networkAsnOfId(t, out.network) !== (network?.asn ?? -1)) {
    throw new Error(`network ${out.network}: its kind or ASN alone differs from its object's`);
  }
  return { hosting: out.hosting, network };
}

/** Both answers at once and each table's own, for one v4 value. */
function answersV4(t: AddressTables, value: number): [Answers, Answers] {
  const out: AddressAnswers = { hosting: undefined, network: -1 };
  lookupBothV4(t, value, out);
  return [read(t, out), { hosting: lookupHostingV4(value, t.hosting), network: lookupNetworkV4(value, t.network) }];
}

function answersV6(t: AddressTables, hi: number, lo: number): [Answers, Answers] {
  const out: AddressAnswers = { hosting: undefined, network: -1 };
  lookupBothV6(t, hi, lo, out);
  return [read(t, out), { hosting: lookupHostingV6(hi, lo, t.hosting), network: lookupNetworkV6(hi, lo, t.network) }];
}

/** Every value at and beside a range's ends: where a sweep that is one off would answer wrongly. */
function edges(starts: ArrayLike<number>, ends: ArrayLike<number>): number[] {
  const out: number[] = [0, TOP, CGNAT_FIRST - 1, CGNAT_FIRST, 0x647fffff, 0x64800000];
  for (const list of [starts, ends]) {
    for (let i = 0; i < list.length; i++) {
      for (const d of [-1, 0, 1]) {
        const v = (list[i] as number) + d;
        if (v >= 0 && v <= TOP) out.push(v);
      }
    }
  }
  return out;
}

/** The /64s at and beside the ends of a table's v6 ranges, as halves. */
function edges6(t: { v6StartHi: Uint32Array; v6StartLo: Uint32Array; v6EndHi: Uint32Array; v6EndLo: Uint32Array }) {
  const out: [number, number][] = [
    [0, 0],
    [TOP, TOP],
  ];
  const near = (hi: number, lo: number) => {
    out.push([hi, lo]);
    out.push(lo > 0 ? [hi, lo - 1] : [Math.max(0, hi - 1), TOP]);
    out.push(lo < TOP ? [hi, lo + 1] : [Math.min(TOP, hi + 1), 0]);
  };
  for (let i = 0; i < t.v6StartHi.length; i++) {
    near(t.v6StartHi[i] as number, t.v6StartLo[i] as number);
    near(t.v6EndHi[i] as number, t.v6EndLo[i] as number);
  }
  return out;
}

/** A hosting table from [start, end, provider] v4 rows and [startHex, endHex, provider] v6 rows (each ascending). */
function hostingTable(v4: [number, number, number][], v6: [string, string, number][]): HostingTable {
  const flat: number[] = [];
  let prevEnd = -1;
  for (const [start, end, p] of v4) {
    flat.push(start - prevEnd - 1, end - start + 1, p);
    prevEnd = end;
  }
  return loadHostingTable({
    version: 1,
    source: 'test',
    providers: [
      ['Alpha Cloud', 1],
      ['Beta VPN', 2],
      ['Gamma Hosting', 7],
    ],
    v4: flat,
    v6,
  });
}

const NETWORKS: NetworkTableSource['networks'] = [
  { asn: 1, name: 'ALPHA', kind: 'hosting' },
  { asn: 2, name: 'BETA', kind: 'tor' },
  { asn: 5, name: 'HOME-ISP', kind: 'isp' },
  { asn: 6, name: 'CARRIER', kind: 'mobile' },
];

function networkTable(v4: NetworkTableSource['v4'], v6: NetworkTableSource['v6'] = []): NetworkTable {
  return decodeNetworkTable(encodeNetworkTable({ source: 'test', networks: NETWORKS, v4, v6 }));
}

describe('both tables answered at once, on hand-made tables', () => {
  // Hosting ranges that line up with provider ranges, one that holds only part of one, one in a gap between
  // provider ranges, one across a provider range's end, and a provider range over the carrier space.
  const hosting = hostingTable(
    [
      [0x0a000000, 0x0a0000ff, 0],
      [0x0a000200, 0x0a00027f, 1],
      [0x0b000000, 0x0b0000ff, 2],
      [0x0c0000f0, 0x0c00010f, 0],
      [0x644000f0, 0x644001ff, 1],
      [TOP - 15, TOP, 2],
    ],
    [
      ['20010db800000000', '20010db8000000ff', 0],
      ['2a01000000000000', '2a0100000000000f', 1],
      ['2c0f000000000000', '2c0f000000000000', 2],
    ],
  );
  const network = networkTable(
    [
      { start: 0x0a000000, end: 0x0a0000ff, asn: 1 },
      { start: 0x0a000100, end: 0x0a0003ff, asn: 5 },
      { start: 0x0c000000, end: 0x0c0000ff, asn: 6 },
      { start: 0x0c000100, end: 0x0c0001ff, asn: 5 },
      { start: 0x64000000, end: 0x64ffffff, asn: 6 },
      { start: TOP - 255, end: TOP, asn: 2 },
    ],
    [
      { start: { hi: 0x20010db8, lo: 0 }, end: { hi: 0x20010db8, lo: 0xff }, asn: 1 },
      { start: { hi: 0x2a010000, lo: 0 }, end: { hi: 0x2a010000, lo: 0xffff }, asn: 5 },
      { start: { hi: TOP, lo: TOP }, end: { hi: TOP, lo: TOP }, asn: 2 },
    ],
  );
  const t = addressTables(hosting, network);

  test('every value at and beside an end of either table', () => {
    const values = [...edges(hosting.v4Start, hosting.v4End), ...edges(network.v4Start, network.v4End)];
    for (const v of values) {
      const [both, each] = answersV4(t, v);
      expect(both.hosting, `hosting of ${v}`).toBe(each.hosting);
      expect(both.network, `network of ${v}`).toBe(each.network);
    }
    // The cases are all there: a hosting answer from the column, one asked of the hosting table, carrier space.
    expect(answersV4(t, 0x0a000010)[0].hosting?.provider).toBe('Alpha Cloud');
    expect(answersV4(t, 0x0a000210)[0].hosting?.provider).toBe('Beta VPN');
    expect(answersV4(t, 0x0a000310)[0].hosting).toBeUndefined();
    expect(answersV4(t, 0x0b000010)[0]).toEqual({ hosting: hosting.providers[2], network: undefined });
    expect(answersV4(t, 0x64400100)[0].network?.asn).toBe(0);
  });

  test('every /64 at and beside an end of either table', () => {
    for (const [hi, lo] of [...edges6(hosting), ...edges6(network)]) {
      const [both, each] = answersV6(t, hi, lo);
      expect(both.hosting, `hosting of ${hi}:${lo}`).toBe(each.hosting);
      expect(both.network, `network of ${hi}:${lo}`).toBe(each.network);
    }
  });

  test('random tables and addresses', () => {
    const ranges = fc.array(fc.record({ gap: fc.nat(40), size: fc.integer({ min: 1, max: 40 }) }), { maxLength: 12 });
    const layout = (items: { gap: number; size: number }[], from: number) => {
      const out: [number, number][] = [];
      let at = from - 1;
      for (const it of items) {
        const start = at + 1 + it.gap;
        out.push([start, start + it.size - 1]);
        at = start + it.size - 1;
      }
      return out;
    };
    fc.assert(
      fc.property(ranges, ranges, fc.array(fc.nat(900), { maxLength: 30 }), (hs, ps, probes) => {
        // Near the carrier space's start, so its cut is met too.
        const base = CGNAT_FIRST - 200;
        const h = hostingTable(
          layout(hs, base).map(([s, e], k) => [s, e, k % 3]),
          [],
        );
        const n = networkTable(
          layout(ps, base).map(([start, end], k) => ({ start, end, asn: [1, 2, 5, 6][k % 4] ?? 1 })),
        );
        const tables = addressTables(h, n);
        for (const v of [...edges(h.v4Start, h.v4End), ...edges(n.v4Start, n.v4End), ...probes.map((p) => base + p)]) {
          const [both, each] = answersV4(tables, v);
          if (both.hosting !== each.hosting || both.network !== each.network) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('both tables answered at once, on the generated tables', () => {
  let t: AddressTables;

  beforeAll(async () => {
    await generateData({ log: () => {} });
    const hosting = loadHostingTable(JSON.parse(readFileSync(HOSTING_PATH, 'utf8')));
    t = addressTables(hosting, decodeNetworkTable(readFileSync(PROVIDERS_PATH)));
  });

  test('at every end of either table and at random addresses, v4', () => {
    const values = [...edges(t.hosting.v4Start, t.hosting.v4End), ...edges(t.network.v4Start, t.network.v4End)];
    let seed = 7;
    for (let i = 0; i < 200_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      values.push(seed);
    }
    let hosted = 0;
    for (const v of values) {
      const [both, each] = answersV4(t, v);
      if (both.hosting !== each.hosting || both.network !== each.network) {
        expect({ value: v, ...both }).toEqual({ value: v, ...each });
      }
      if (both.hosting) hosted++;
    }
    expect(hosted).toBeGreaterThan(1000);
  });

  test('every ASN a rented answer can carry is marked rentable, and no other', () => {
    // Rented answers: a hosting range's provider, or a network of kind hosting or Tor.
    const rented = new Set(t.hosting.providers.map((p) => p.asn));
    const count = t.network.asns.length;
    for (let id = 0; id < count; id++) {
      const kind = networkKindOfId(t, id);
      if (kind === 'hosting' || kind === 'tor') rented.add(networkAsnOfId(t, id));
    }
    let marked = 0;
    for (let id = 0; id <= count; id++) {
      const rentable = networkRentableOfId(t, id);
      if (rentable !== rented.has(networkAsnOfId(t, id))) expect({ id, rentable }).toBe('as the rented answers say');
      if (rentable) marked++;
    }
    expect(networkRentableOfId(t, -1)).toBe(false);
    expect(marked).toBeGreaterThan(100);
    expect(marked).toBeLessThan(count / 2);
  });

  test('at every end of either table and at random /64s, v6', () => {
    const pairs = [...edges6(t.hosting), ...edges6(t.network)];
    let seed = 11;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let i = 0; i < 100_000; i++) {
      const k = next() % t.network.v6StartHi.length;
      pairs.push([t.network.v6StartHi[k] as number, next()], [next(), next()]);
    }
    for (const [hi, lo] of pairs) {
      const [both, each] = answersV6(t, hi, lo);
      if (both.hosting !== each.hosting || both.network !== each.network) {
        expect({ hi, lo, ...both }).toEqual({ hi, lo, ...each });
      }
    }
  });
});
