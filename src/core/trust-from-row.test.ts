import { describe, expect, test } from 'vitest';
import { findTrustedDevice, trustedDeviceMatches } from './trust';
import { networkOf, type TrustRow, trustAllRows, trustFromRow } from './trust-from-row';
import type { TrustedDevice } from './types';

const NOW = Date.UTC(2026, 3, 14, 15);
const A = 'binance:UID 1';
const B = 'kucoin:me@x';

describe('networkOf: the range "this was me" trusts', () => {
  test.each([
    ['203.0.113.42', '203.0.113.0/24'],
    ['IP: 203.0.113.42 (Hong Kong)', '203.0.113.0/24'],
    ['203.0.113.*', '203.0.113.0/24'],
    // A /16 is a city's worth of strangers: a masked address that wide trusts no network.
    ['203.0.*.*', undefined],
    ['203.*.*.*', undefined],
    ['::ffff:203.0.113.5', '203.0.113.0/24'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8:*:*:*:*:*:*', undefined],
    ['2001:db8:1:*:*:*:*:*', '2001:db8:1::/48'],
    ['2a01:****', undefined],
    ['', undefined],
    [undefined, undefined],
    ['no address here', undefined],
  ])('%s → %s', (ip, cidr) => {
    expect(networkOf(ip)).toBe(cidr);
  });
});

const mac: TrustedDevice = {
  id: 'mac',
  name: 'My Mac',
  browser: 'Chrome',
  os: 'macOS',
  deviceType: 'desktop',
  ipRanges: ['203.0.113.0/24'],
  accountIds: [A],
  createdAt: 1,
};

interface Case {
  name: string;
  list: TrustedDevice[];
  row: TrustRow;
  change: 'created' | 'widened' | 'covered';
  expected: Partial<TrustedDevice>;
  length: number;
}

const cases: Case[] = [
  {
    name: 'a desktop browser row creates browser + OS + type, its /24 and its account',
    list: [],
    row: { accountId: A, device: 'Chrome 126 on macOS 14.5', ip: '203.0.113.42' },
    change: 'created',
    expected: {
      name: 'Chrome on macOS',
      browser: 'Chrome',
      os: 'macOS',
      deviceType: 'desktop',
      ipRanges: ['203.0.113.0/24'],
      accountIds: [A],
    },
    length: 1,
  },
  {
    name: 'a phone row keeps its model; IPv6 trusts the /64',
    list: [],
    row: { accountId: A, device: 'iPhone 15 Pro · iOS 17.4', ip: '2001:db8:1:2:aaaa:bbbb:cccc:1' },
    change: 'created',
    expected: { name: 'iPhone 15 Pro (iOS)', os: 'iOS', model: 'iPhone 15 Pro', ipRanges: ['2001:db8:1:2::/64'] },
    length: 1,
  },
  {
    name: 'a row the trusted list already covers changes nothing (browser update 126 → 127, same /24)',
    list: [mac],
    row: { accountId: A, device: 'Chrome 127 on macOS 15', ip: '203.0.113.200' },
    change: 'covered',
    expected: mac,
    length: 1,
  },
  {
    name: 'the same browser and OS on a new network widens the entry instead of adding a duplicate',
    list: [mac],
    row: { accountId: A, device: 'Chrome 126 on macOS 14.5', ip: '198.51.100.7' },
    change: 'widened',
    expected: { id: 'mac', name: 'My Mac', ipRanges: ['203.0.113.0/24', '198.51.100.0/24'], accountIds: [A] },
    length: 1,
  },
  {
    name: 'the same device on another account widens the accounts',
    list: [mac],
    row: { accountId: B, device: 'Chrome 126 on macOS 14.5', ip: '203.0.113.9' },
    change: 'widened',
    expected: { id: 'mac', ipRanges: ['203.0.113.0/24'], accountIds: [A, B] },
    length: 1,
  },
  {
    name: 'another browser on the same network is a new entry, the Mac entry is untouched',
    list: [mac],
    row: { accountId: A, device: 'Firefox 115 on Windows 10', ip: '203.0.113.9' },
    change: 'created',
    expected: { browser: 'Firefox', os: 'Windows', ipRanges: ['203.0.113.0/24'] },
    length: 2,
  },
  {
    name: 'an entry written as a free-text pattern is not widened: a new entry is made',
    list: [{ id: 'p', name: 'Pattern', pattern: 'Chrome * macOS', ipRanges: ['10.0.0.0/8'], createdAt: 1 }],
    row: { accountId: A, device: 'Chrome 126 on macOS 14.5', ip: '198.51.100.7' },
    change: 'created',
    expected: { browser: 'Chrome', os: 'macOS', ipRanges: ['198.51.100.0/24'] },
    length: 2,
  },
  {
    name: 'a range-limited entry cannot take a row without an IP: a device-only entry is made',
    list: [mac],
    row: { accountId: A, device: 'Chrome 126 on macOS 14.5' },
    change: 'created',
    expected: { browser: 'Chrome', os: 'macOS', ipRanges: undefined },
    length: 2,
  },
  {
    name: 'an app row (Binance APP) trusts the app',
    list: [],
    row: { accountId: A, device: 'Binance APP 2.x.x', ip: '198.51.100.7' },
    change: 'created',
    expected: { browser: 'Binance App', deviceType: 'app', ipRanges: ['198.51.100.0/24'] },
    length: 1,
  },
  {
    name: 'a device string the parser does not know is trusted by its own words',
    list: [],
    row: { accountId: A, device: 'Workstation-7', ip: '198.51.100.7' },
    change: 'created',
    expected: { pattern: 'Workstation-7', browser: undefined, os: undefined, ipRanges: ['198.51.100.0/24'] },
    length: 1,
  },
  {
    name: 'a raw user agent in its own field decides browser and OS',
    list: [],
    row: {
      accountId: A,
      device: 'Web',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      ip: '198.51.100.7',
    },
    change: 'created',
    expected: { browser: 'Firefox', os: 'Linux' },
    length: 1,
  },
];

describe('trustFromRow', () => {
  test.each(cases)('$name', ({ list, row, change, expected, length }) => {
    const r = trustFromRow(list, row, NOW, () => 'new');
    expect(r.change).toBe(change);
    expect(r.trustedDevices).toHaveLength(length);
    const present = Object.entries(expected).filter(([, v]) => v !== undefined);
    expect(r.device).toMatchObject(Object.fromEntries(present));
    for (const [key, value] of Object.entries(expected))
      if (value === undefined) expect(r.device).not.toHaveProperty(key);
    // Whatever happened, the row is now trusted, and by the entry reported.
    expect(trustedDeviceMatches(r.device, row)).toBe(true);
    expect(findTrustedDevice(r.trustedDevices, row)).toBeDefined();
    if (change === 'covered') expect(r.trustedDevices).toBe(list);
  });

  test('the input list is never mutated', () => {
    const list = [structuredClone(mac)];
    trustFromRow(list, { accountId: B, device: 'Chrome 126 on macOS 14.5', ip: '198.51.100.7' }, NOW);
    expect(list).toEqual([mac]);
  });

  test('a widened entry does not start trusting a stranger: another network on a third account stays out', () => {
    const { trustedDevices } = trustFromRow(
      [mac],
      { accountId: A, device: 'Chrome 126 on macOS 14.5', ip: '198.51.100.7' },
      NOW,
    );
    expect(
      findTrustedDevice(trustedDevices, { accountId: A, device: 'Chrome 126 on macOS 14.5', ip: '192.0.2.1' }),
    ).toBeUndefined();
    expect(
      findTrustedDevice(trustedDevices, { accountId: B, device: 'Chrome 126 on macOS 14.5', ip: '198.51.100.7' }),
    ).toBeUndefined();
  });

  test('a row with nothing to go by is refused', () => {
    expect(() => trustFromRow([], { accountId: A, device: '  ' }, NOW)).toThrow(/nothing|no device/i);
  });
});

describe('trustAllRows ("these are all mine")', () => {
  test('rows of one device share one widened entry; every row ends up trusted', () => {
    const rows: TrustRow[] = [
      { accountId: A, device: 'Chrome 126 on macOS 14.5', ip: '203.0.113.42' },
      { accountId: A, device: 'Chrome 126 on macOS 14.5', ip: '198.51.100.7' },
      { accountId: A, device: 'iPhone 15 Pro · iOS 17.4', ip: '2001:db8:1:2::9' },
      { accountId: A, device: 'Chrome 125 on macOS 14.4', ip: '203.0.113.99' },
    ];
    const r = trustAllRows([], rows, NOW, (i) => `t${i}`);
    expect(r).toMatchObject({ created: 2, widened: 1 });
    expect(r.trustedDevices.map((t) => t.id)).toEqual(['t0', 't2']);
    expect(r.trustedDevices[0]?.ipRanges).toEqual(['203.0.113.0/24', '198.51.100.0/24']);
    for (const row of rows) expect(findTrustedDevice(r.trustedDevices, row)).toBeDefined();
  });
});

describe('"This was me" on a row whose address says no network', () => {
  test('a masked address trusts the country and the provider, never a /16, and says so', () => {
    const r = trustFromRow(
      [],
      { accountId: 'a', device: 'Chrome 126 on macOS 14.5', ip: '198.51.*.*', country: 'GB', asn: 2856 },
      1,
    );
    expect(r.notice).toBe('masked');
    expect(r.device).toMatchObject({ browser: 'Chrome', os: 'macOS', countries: ['GB'], asns: [2856] });
    expect(r.device.ipRanges).toBeUndefined();
  });

  test('no address at all: no network, and the notice says so', () => {
    const r = trustFromRow([], { accountId: 'a', device: 'Chrome 126 on macOS 14.5' }, 1);
    expect(r.notice).toBe('no-address');
    expect(r.device.ipRanges).toBeUndefined();
  });

  test('a row an entry covers already teaches it the provider the user vouched for', () => {
    const list = [{ id: 't', name: 'Mac', browser: 'Chrome', os: 'macOS', createdAt: 0 }];
    const r = trustFromRow(
      list,
      { accountId: 'a', device: 'Chrome 126 on macOS 14.5', ip: '159.89.0.1', asn: 14061 },
      1,
    );
    expect(r.change).toBe('widened');
    expect(r.trustedDevices[0]?.asns).toEqual([14061]);
    expect(
      trustFromRow(r.trustedDevices, { accountId: 'a', device: 'Chrome on macOS', ip: '159.89.0.2', asn: 14061 }, 2)
        .change,
    ).toBe('covered');
  });
});
