import { expect, test } from 'vitest';
import type { StoredSession } from '../src/core/types';
import type { AccountView } from '../src/shared/contract';
import { devicesSeen, hasRange, networksSeen, withRange } from './device-choices';
import { emptyDraft } from './trusted-devices';

const session = (key: string, device: string, ip: string, location: string, at = 1): StoredSession => ({
  key,
  accountId: 'a',
  device,
  ip,
  location,
  isCurrent: false,
  firstObservedAt: at,
  lastObservedAt: at,
});
const accounts = [
  {
    account: { id: 'a', siteId: 'binance', hint: 'x', firstScanAt: 0, lastScanAt: 0, scanCount: 1 },
    siteName: 'Binance',
    devicesUrl: '',
    sessions: [
      session('1', 'Chrome 126 on macOS 14.5', '203.0.113.42', 'Hong Kong, HK', 1),
      session('2', 'Chrome 127 on macOS 14.6', '203.0.113.9', 'Kowloon, HK', 2),
      session('3', 'iPhone 15 Pro · iOS 17.4', '198.51.100.23', 'Hong Kong, HK'),
    ],
    warnings: [],
    openWarningCount: 0,
  },
] as AccountView[];

test('devices seen: one choice per browser and OS, the latest text as its label, filling the form', () => {
  const seen = devicesSeen(accounts);
  expect(seen.map((d) => [d.label, d.sessions])).toEqual([
    ['Chrome 127 on macOS 14.6', 2],
    ['iPhone 15 Pro · iOS 17.4', 1],
  ]);
  expect(seen[0]?.fill).toMatchObject({ name: 'Chrome, macOS', browser: 'Chrome', os: 'macOS', deviceType: 'desktop' });
});

test('networks seen: the /24 of each address with its places; ticking one adds it to the typed ranges', () => {
  const nets = networksSeen(accounts);
  expect(nets).toEqual([
    { cidr: '203.0.113.0/24', places: ['Hong Kong, HK', 'Kowloon, HK'], sessions: 2 },
    { cidr: '198.51.100.0/24', places: ['Hong Kong, HK'], sessions: 1 },
  ]);
  const draft = { ...emptyDraft(), ipRanges: '10.0.0.0/8' };
  const on = { ...draft, ...withRange(draft, '203.0.113.0/24', true) };
  expect(on.ipRanges).toBe('10.0.0.0/8\n203.0.113.0/24');
  expect(hasRange(on, '203.0.113.0/24')).toBe(true);
  expect(withRange(on, '203.0.113.0/24', false).ipRanges).toBe('10.0.0.0/8');
});
