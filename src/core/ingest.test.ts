import { describe, expect, test } from 'vitest';
import { loginKey, mergeSessions, newLogins, sessionBaseKey, withAddressValue } from './ingest';
import { plainV4Value } from './ip';
import type { ExtractedScan, ExtractedSession, StoredLogin, StoredSession } from './types';

const A = 'binance:123';
const T0 = Date.UTC(2026, 3, 14, 12);

function scan(sessions: ExtractedSession[], extra: Partial<ExtractedScan> = {}): ExtractedScan {
  return { url: 'https://x', scannedAt: T0, hasSessionList: true, hasLoginList: false, sessions, logins: [], ...extra };
}
const mac: ExtractedSession = {
  device: 'Chrome 126 on macOS 14.5',
  ip: '203.0.113.42',
  lastActive: T0 - 60_000,
  isCurrent: true,
};
const phone: ExtractedSession = { device: 'iPhone 15 Pro · iOS 17.4', ip: '198.51.100.23', isCurrent: false };

describe('sessionBaseKey', () => {
  test.each([
    [
      'a browser update keeps the identity',
      { device: 'Chrome 126 on macOS 14.5', ip: '1.1.1.1' },
      { device: 'Chrome 127 on macOS 14.6', ip: '1.1.1.1' },
      true,
    ],
    [
      'another IP without a login time is another session',
      { device: 'Chrome 126', ip: '1.1.1.1' },
      { device: 'Chrome 126', ip: '1.1.1.2' },
      false,
    ],
    [
      'a login time anchors the identity across IP changes',
      { device: 'Chrome', ip: '1.1.1.1', firstSeen: T0 },
      { device: 'Chrome', ip: '9.9.9.9', firstSeen: T0 + 10_000 },
      true,
    ],
    [
      'another device is another session',
      { device: 'Chrome on Windows', ip: '1.1.1.1' },
      { device: 'Firefox on Windows', ip: '1.1.1.1' },
      false,
    ],
  ])('%s', (_name, a, b, same) => {
    expect(sessionBaseKey(A, a) === sessionBaseKey(A, b)).toBe(same);
  });
  test('accounts never share a key', () => {
    expect(sessionBaseKey('binance:1', mac)).not.toBe(sessionBaseKey('binance:2', mac));
  });
});

describe('mergeSessions', () => {
  test('the first scan creates every session as new', () => {
    const r = mergeSessions([], scan([mac, phone]), A, T0);
    expect(r.newKeys).toHaveLength(2);
    expect(r.goneKeys).toEqual([]);
    expect(r.upserts.map((s) => s.firstObservedAt)).toEqual([T0, T0]);
  });

  test('a second visit updates instead of duplicating, and keeps what the page stopped showing', () => {
    const first = mergeSessions([], scan([mac, phone]), A, T0).upserts;
    const later = T0 + 3_600_000;
    const r = mergeSessions(
      first,
      scan([{ ...mac, lastActive: later, ip: undefined }, phone], { scannedAt: later }),
      A,
      later,
    );
    expect(r.newKeys).toEqual([]);
    const m = r.upserts.find((s) => s.device === mac.device) as StoredSession;
    expect(m.lastActive).toBe(later);
    expect(m.ip).toBe('203.0.113.42');
    expect(m.firstObservedAt).toBe(T0);
    expect(m.lastObservedAt).toBe(later);
  });

  test('a session missing from a later device list is gone, and comes back if it reappears', () => {
    const first = mergeSessions([], scan([mac, phone]), A, T0).upserts;
    const r = mergeSessions(first, scan([mac]), A, T0 + 1000);
    expect(r.goneKeys).toHaveLength(1);
    const gone = r.upserts.find((s) => s.device === phone.device);
    expect(gone?.goneAt).toBe(T0 + 1000);
    const back = mergeSessions(r.upserts, scan([mac, phone]), A, T0 + 2000);
    expect(back.upserts.find((s) => s.device === phone.device)?.goneAt).toBeUndefined();
  });

  test('a page with only login history marks nothing gone', () => {
    const first = mergeSessions([], scan([mac, phone]), A, T0).upserts;
    const r = mergeSessions(first, scan([], { hasSessionList: false, hasLoginList: true }), A, T0 + 1000);
    expect(r.goneKeys).toEqual([]);
  });

  test('identical rows in one scan stay two sessions', () => {
    const r = mergeSessions([], scan([phone, phone]), A, T0);
    expect(new Set(r.upserts.map((s) => s.key)).size).toBe(2);
  });
});

describe('newLogins', () => {
  const rows = [
    { time: T0, ip: '1.2.3.4', device: 'Chrome', outcome: 'failed' as const },
    { time: T0, ip: '1.2.3.4', device: 'Chrome', outcome: 'failed' as const },
    { time: T0 - 60_000, ip: '1.2.3.4', device: 'Chrome', outcome: 'success' as const },
  ];
  test('repeats within a scan are separate attempts; the same page again adds nothing', () => {
    const first = newLogins(new Set(), scan([], { logins: rows }), A, T0);
    expect(first).toHaveLength(3);
    const again = newLogins(new Set(first.map((l) => l.key)), scan([], { logins: rows }), A, T0 + 5000);
    expect(again).toEqual([]);
  });
  test('keys differ by outcome and time', () => {
    expect(loginKey(A, rows[0] as never)).not.toBe(loginKey(A, rows[2] as never));
  });
  test('a stored row carries its bare v4 address as a number, and no number for any other address', () => {
    const texts = ['1.2.3.4', '255.255.255.255', '010.0.0.1', '2001:db8::1', '81.2.*.*', '256.1.1.1', '1.2.3', ''];
    const stored = newLogins(
      new Set(),
      scan([], { logins: texts.map((ip, i) => ({ time: T0 + i, ip, device: 'Chrome' })) }),
      A,
      T0,
    );
    expect(stored.map((l) => l.ipValue)).toEqual([
      0x01020304,
      0xffffffff,
      0x0a000001,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(stored.filter((l) => 'ipValue' in l)).toHaveLength(3);
  });
});

describe('withAddressValue', () => {
  const row = (ip: string | undefined, ipValue?: number): StoredLogin => ({
    key: 'k',
    accountId: A,
    firstObservedAt: T0,
    device: 'Chrome',
    ...(ip === undefined ? {} : { ip }),
    ...(ipValue === undefined ? {} : { ipValue }),
  });
  test("the value is always the text's: one a row came with is replaced, or removed when the text is no bare v4", () => {
    expect(withAddressValue(row('9.9.9.9', 1)).ipValue).toBe(plainV4Value('9.9.9.9'));
    expect('ipValue' in withAddressValue(row('2001:db8::1', 1))).toBe(false);
    expect('ipValue' in withAddressValue(row(undefined, 5))).toBe(false);
    const kept = row('8.8.8.8', plainV4Value('8.8.8.8'));
    expect(withAddressValue(kept)).toBe(kept);
  });
  test('random texts: the value is plainV4Value of the text whenever it is one, else absent', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const parts = ['0', '1', '9', '10', '99', '255', '256', '001', '1000', '', 'a', '*', ':', '::1', ' '];
    for (let i = 0; i < 5000; i++) {
      const n = 1 + (next() % 5);
      const ip = Array.from({ length: n }, () => parts[next() % parts.length]).join(next() % 4 ? '.' : ':');
      const l = withAddressValue(row(ip, next() % 3 ? undefined : next()));
      const value = plainV4Value(ip);
      expect(l.ipValue, ip).toBe(value >= 0 ? value : undefined);
    }
  });
});

test('a session whose IP changed is a new session and the old one is gone (never hide a stranger in it)', () => {
  const first = mergeSessions([], scan([mac, phone]), A, T0).upserts;
  const r = mergeSessions(first, scan([mac, { ...phone, ip: '100.1.2.3' }]), A, T0 + 1000);
  expect(r.newKeys).toHaveLength(1);
  expect(r.goneKeys).toHaveLength(1);
});
