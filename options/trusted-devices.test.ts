import { expect, test } from 'vitest';
import type { StoredSession } from '../src/core/types';
import type { AccountView } from '../src/shared/contract';
import { deviceFromDraft, emptyDraft, networksOfDraft, sessionsMatching } from './trusted-devices';

const session = (key: string, device: string, ip: string): StoredSession => ({
  key,
  accountId: '',
  device,
  ip,
  isCurrent: false,
  firstObservedAt: 0,
  lastObservedAt: 0,
});

const view = (id: string, sessions: StoredSession[]): AccountView =>
  ({
    account: { id },
    siteName: id.split(':')[0],
    sessions,
    warnings: [],
    devicesUrl: '',
    openWarningCount: 0,
  }) as unknown as AccountView;

const accounts = [
  view('binance:1', [
    session('mac', 'Chrome 126 on macOS 14.5', '203.0.113.7'),
    session('mac-vpn', 'Chrome 126 on macOS 14.5', '198.51.100.9'),
    session('phone', 'iPhone 15 Pro · iOS 17.4', '203.0.113.8'),
  ]),
  view('kucoin:2', [session('mac2', 'Chrome 127 on macOS 14.6', '203.0.113.20')]),
];

function device(patch: Partial<ReturnType<typeof emptyDraft>>) {
  const got = deviceFromDraft({ ...emptyDraft(), name: 'x', isAnyNetwork: true, ...patch }, 'id', 0);
  if ('error' in got) throw new Error(got.error);
  return got.device;
}

test.each([
  ['browser and OS, any network', { browser: 'Chrome', os: 'macOS' }, ['mac', 'mac-vpn', 'mac2']],
  ['browser on one /24', { browser: 'Chrome', isAnyNetwork: false, ipRanges: '203.0.113.0/24' }, ['mac', 'mac2']],
  ['one account only', { browser: 'Chrome', isAllAccounts: false, accountIds: ['kucoin:2'] }, ['mac2']],
  ['iOS phones', { os: 'iOS', deviceType: 'phone' as const }, ['phone']],
  ['model wildcard', { model: 'iPhone 15*' }, ['phone']],
  ['pattern', { pattern: 'chrome * macos 14.5' }, ['mac', 'mac-vpn']],
])('preview: %s', (_name, patch, keys) => {
  expect(sessionsMatching(device(patch), accounts).map((m) => m.session.key)).toEqual(keys);
});

test('a new device trusts the networks its sessions were seen on, not any network, unless chosen', () => {
  expect(emptyDraft().isAnyNetwork).toBe(false);
  const draft = { ...emptyDraft(), name: 'Mac', browser: 'Chrome', os: 'macOS' };
  expect(networksOfDraft(draft, accounts)).toEqual(['203.0.113.0/24', '198.51.100.0/24']);
  const got = deviceFromDraft(draft, 'id', 0, accounts);
  expect('device' in got && got.device.ipRanges).toEqual(['203.0.113.0/24', '198.51.100.0/24']);
  // Typed ranges win over the networks seen.
  const typed = deviceFromDraft({ ...draft, ipRanges: '203.0.113.0/24' }, 'id', 0, accounts);
  expect('device' in typed && typed.device.ipRanges).toEqual(['203.0.113.0/24']);
});

test('criteria that would trust nearly every session are refused', () => {
  for (const patch of [{}, { pattern: '*' }, { deviceType: 'phone' as const }, { countries: 'GB' }]) {
    const got = deviceFromDraft({ ...emptyDraft(), name: 'x', isAnyNetwork: true, ...patch }, 'id', 0, accounts);
    expect('error' in got, JSON.stringify(patch)).toBe(true);
  }
});
