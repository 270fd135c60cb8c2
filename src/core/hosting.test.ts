import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateData, HOSTING_PATH } from '../../scripts/gen-data.mjs';
import { type HostingTable, loadHostingTable, lookupHosting } from './hosting';
import { parseIpBits } from './ip';

/** A small table written the way the generator writes it: [gap, length, provider] triples. */
function tiny(): unknown {
  return {
    version: 1,
    source: 'test',
    providers: [
      ['Alpha', 1],
      ['Beta', 2],
    ],
    // 0.0.0.0/24 Alpha; 10.0.0.0/8 Beta; 11.0.0.0/24 Alpha, touching Beta's range;
    // 255.255.255.0/24 Beta, at the very end of the space.
    v4: [0, 256, 0, 167772160 - 256, 16777216, 1, 0, 256, 0, 4294967040 - 184549632, 256, 1],
    v6: [
      ['20010db800000000', '20010db8ffffffff', 0],
      ['2a0100000000000a', '2a0100000000000a', 1],
    ],
  };
}

describe('lookupHosting on a hand-made table', () => {
  const t = loadHostingTable(tiny());

  test.each([
    ['0.0.0.0', 'Alpha'],
    ['0.0.0.255', 'Alpha'],
    ['0.0.1.0', undefined],
    ['9.255.255.255', undefined],
    ['10.0.0.0', 'Beta'],
    ['10.200.3.4', 'Beta'],
    ['10.255.255.255', 'Beta'],
    ['11.0.0.0', 'Alpha'],
    ['11.0.0.255', 'Alpha'],
    ['11.0.1.0', undefined],
    ['255.255.255.0', 'Beta'],
    ['255.255.255.255', 'Beta'],
    ['255.255.254.255', undefined],
    ['2001:db8::1', 'Alpha'],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'Alpha'],
    ['2001:db9::', undefined],
    ['2a01:0:0:a::1', 'Beta'],
    ['2a01:0:0:b::1', undefined],
    ['::ffff:10.1.2.3', 'Beta'],
    // Masked: only when every hidden value is inside one range.
    ['10.*.*.*', 'Beta'],
    ['10.1.*.*', 'Beta'],
    ['11.0.0.***', 'Alpha'],
    ['11.0.*.*', undefined],
    ['*.*.*.1', undefined],
    ['2001:db8:****', 'Alpha'],
    ['2001:db8:1:2:*:*:*:*', 'Alpha'],
    ['2001:****', undefined],
    // Not an address.
    ['', undefined],
    ['Unknown', undefined],
    ['1.2.3', undefined],
  ])('%s → %s', (ip, provider) => {
    expect(lookupHosting(ip, t)?.provider).toBe(provider);
  });

  test('asn comes with the provider', () => {
    expect(lookupHosting('10.0.0.1', t)).toEqual({ provider: 'Beta', asn: 2 });
  });
});

describe('loadHostingTable rejects malformed data', () => {
  const base = tiny() as Record<string, unknown>;
  test.each([
    ['null', null],
    ['a string', 'hosting'],
    ['wrong version', { ...base, version: 2 }],
    ['missing v6', { ...base, v6: undefined }],
    ['v4 not triples', { ...base, v4: [0, 1] }],
    ['zero-length range', { ...base, v4: [0, 0, 0] }],
    ['unknown provider', { ...base, v4: [0, 1, 7] }],
    ['past 255.255.255.255', { ...base, v4: [4294967295, 2, 0] }],
    [
      'v6 out of order',
      {
        ...base,
        v6: [
          ['2a01000000000000', '2a01000000000001', 0],
          ['2001000000000000', '2001000000000001', 0],
        ],
      },
    ],
    [
      'v6 overlapping',
      {
        ...base,
        v6: [
          ['2a01000000000000', '2a01000000000005', 0],
          ['2a01000000000005', '2a01000000000009', 1],
        ],
      },
    ],
    ['v6 not hex', { ...base, v6: [['2a01:0000', '2a01000000000001', 0]] }],
  ])('%s', (_name, data) => {
    expect(() => loadHostingTable(data)).toThrow(/hosting data/);
  });
});

describe('the generated table', () => {
  let raw: { providers: [string, number][]; v4: number[]; v6: [string, string, number][] };
  let t: HostingTable;

  beforeAll(async () => {
    await generateData({ log: () => {} });
    raw = JSON.parse(readFileSync(HOSTING_PATH, 'utf8'));
    t = loadHostingTable(raw);
  });

  test('lookups agree with a plain scan of the table, at range edges and in v6', () => {
    const v6Hi = (ip: string) => {
      const b = parseIpBits(ip);
      return b?.version === 6
        ? b.bytes
            .slice(0, 8)
            .map((x) => x.toString(16).padStart(2, '0'))
            .join('')
        : undefined;
    };
    const starts = [...t.v4Start];
    const scan = (ip: string) => {
      const b = parseIpBits(ip);
      if (b?.version === 4) {
        const x = (((b.bytes[0] ?? 0) * 256 + (b.bytes[1] ?? 0)) * 256 + (b.bytes[2] ?? 0)) * 256 + (b.bytes[3] ?? 0);
        const i = starts.findIndex((s, k) => s <= x && x <= (t.v4End[k] ?? -1));
        return i < 0 ? undefined : t.providers[t.v4Provider[i] ?? -1];
      }
      const hi = v6Hi(ip);
      const i = t.v6Start.findIndex((s, k) => hi !== undefined && s <= hi && hi <= (t.v6End[k] ?? ''));
      return i < 0 ? undefined : t.providers[t.v6Provider[i] ?? -1];
    };
    const v4 = (x: number) => [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.');
    const v6 = (hex16: string, tail: string) => `${hex16.match(/.{4}/g)?.join(':')}::${tail}`;
    fc.assert(
      fc.property(fc.nat(t.v4Start.length - 1), fc.integer({ min: -2, max: 2 }), fc.boolean(), (i, d, atEnd) => {
        const edge = (atEnd ? t.v4End[i] : t.v4Start[i]) ?? 0;
        const x = Math.min(0xffffffff, Math.max(0, edge + d));
        expect(lookupHosting(v4(x), t)).toBe(scan(v4(x)));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(t.v6Start.length - 1), fc.boolean(), fc.constantFrom('1', 'A:b', '0'), (i, atEnd, tail) => {
        const ip = v6((atEnd ? t.v6End[i] : t.v6Start[i]) ?? '', tail);
        expect(lookupHosting(ip, t)).toBe(scan(ip));
        expect(lookupHosting(ip.toUpperCase(), t)).toBe(scan(ip));
      }),
      { numRuns: 300 },
    );
  });

  test('is sorted, merged and large enough to be the real thing', () => {
    expect(t.v4Start.length).toBeGreaterThan(5000);
    expect(t.v6Start.length).toBeGreaterThan(500);
    for (let i = 1; i < t.v4Start.length; i++) {
      expect(t.v4Start[i]).toBeGreaterThan(t.v4End[i - 1] ?? 0);
      // Merging leaves no two touching ranges of the same provider and ASN.
      if (t.v4Start[i] === (t.v4End[i - 1] ?? 0) + 1) expect(t.v4Provider[i]).not.toBe(t.v4Provider[i - 1]);
    }
    const names = new Set(t.providers.map((p) => p.provider));
    for (const big of [
      'Amazon AWS',
      'Google Cloud',
      'Microsoft Azure',
      'DigitalOcean',
      'Hetzner',
      'OVHcloud',
      'Vultr',
    ]) {
      expect(names).toContain(big);
    }
  });

  // Well-known addresses of each network; the data is a frozen snapshot, so these stay put.
  test.each([
    ['8.8.8.8', 'Google'],
    ['52.95.110.1', 'Amazon AWS'],
    ['20.1.2.3', 'Microsoft Azure'],
    ['159.89.1.1', 'DigitalOcean'],
    ['95.216.1.1', 'Hetzner'],
    ['51.15.1.1', 'Scaleway'],
    ['139.162.1.1', 'Linode (Akamai)'],
    ['45.76.1.1', 'Vultr'],
    ['2600:1f00::1', 'Amazon AWS'],
    ['2a01:4f8::1', 'Hetzner'],
    ['2604:a880::1', 'DigitalOcean'],
    ['95.216.*.*', 'Hetzner'],
    // Tor exit relays: networks run for them.
    ['185.220.101.4', 'Tor exit relays (Stiftung Erneuerbare Freiheit)'],
    ['2a0b:f4c2::1', 'Tor exit relays (Stiftung Erneuerbare Freiheit)'],
    ['171.25.193.20', 'Tor exit relays (DFRI)'],
    ['23.129.64.1', 'Tor exit relays (Emerald Onion)'],
    ['109.70.100.1', 'Tor exit relays (Foundation for Applied Privacy)'],
    // Not hosting: Cloudflare's resolver (WARP users are people), private space, masked-away networks.
    ['1.1.1.1', undefined],
    ['192.168.1.1', undefined],
    ['10.0.0.1', undefined],
    ['3.*.*.*', undefined],
  ])('%s → %s', (ip, provider) => {
    expect(lookupHosting(ip, t)?.provider).toBe(provider);
  });

  test('binary search agrees with a linear scan of the raw rows on random addresses', () => {
    const ranges: [number, number, number][] = [];
    let prevEnd = -1;
    for (let i = 0; i < raw.v4.length; i += 3) {
      const start = prevEnd + 1 + (raw.v4[i] ?? 0);
      const end = start + (raw.v4[i + 1] ?? 0) - 1;
      ranges.push([start, end, raw.v4[i + 2] ?? -1]);
      prevEnd = end;
    }
    // Half the samples land on a range edge, where off-by-one errors live.
    const edge = fc
      .tuple(fc.integer({ min: 0, max: ranges.length - 1 }), fc.constantFrom(-1, 0, 1), fc.boolean())
      .map(([i, d, atEnd]) => {
        const r = ranges[i] as [number, number, number];
        return Math.min(0xffffffff, Math.max(0, (atEnd ? r[1] : r[0]) + d));
      });
    const address = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), edge);
    fc.assert(
      fc.property(address, (n) => {
        const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
        const hit = ranges.find(([s, e]) => n >= s && n <= e);
        const expected = hit ? raw.providers[hit[2]]?.[0] : undefined;
        expect(lookupHosting(ip, t)?.provider).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  test('lookups are fast', () => {
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) lookupHosting(`${(i * 7919) % 256}.${i % 256}.${(i * 31) % 256}.1`, t);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

// Property runs are many; a busy machine must not turn them into timeouts.
describe('properties', { timeout: 30_000 }, () => {
  const t = loadHostingTable(tiny());
  test('never throws on arbitrary text, bounded on 100 KB', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const m = lookupHosting(s, t);
        if (m) expect(['Alpha', 'Beta']).toContain(m.provider);
      }),
      { numRuns: 1000 },
    );
    const t0 = performance.now();
    lookupHosting(`${'9.'.repeat(50_000)}10.0.0.1`, t);
    lookupHosting(':'.repeat(100_000), t);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
