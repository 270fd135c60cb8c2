import { describe, expect, test } from 'vitest';
import type { Finding } from '../types';
import { blocklistedIp } from './blocklisted-ip';
import { crossAccount } from './cross-account';
import { failedLoginBurst } from './failed-login-burst';
import { occurrences } from './group';
import { hasEnoughHistory } from './history';
import { hostingIp } from './hosting-ip';
import { newSession } from './new-session';
import { outsideSchedule } from './outside-schedule';
import type { Rule, RuleContext, Schedule } from './rule';
import { sessionLifetime } from './session-lifetime';
import { staleSession } from './stale-session';
import {
  account,
  CHROME_WIN_127,
  ctx,
  DAY,
  FIREFOX_LINUX,
  HOUR,
  history,
  login,
  NOW,
  session,
  trusted,
} from './test-helpers';
import { tooManySessions } from './too-many-sessions';
import { unknownDevice } from './unknown-device';
import { weakerSecondFactor } from './weaker-second-factor';

const sev = (rule: Rule, c: RuleContext) => rule.evaluate(c).map((f) => f.severity);
type Row = [string, RuleContext, string[]];
const past = history(6);

describe('hosting-ip', () => {
  test.each<Row>([
    [
      'stranger on an AWS address',
      ctx({ logins: past, sessions: [session({ ip: '52.95.110.1', device: FIREFOX_LINUX, location: 'Frankfurt' })] }),
      ['high'],
    ],
    [
      // The victim's exact browser from a rented server it never used: a replayed cookie or a phishing proxy.
      'the usual browser on a VPN exit it never used: high',
      ctx({ logins: past, sessions: [session({ ip: '159.89.0.1', location: 'Amsterdam' })] }),
      ['high'],
    ],
    [
      'the usual browser on the VPN it signed in from before: low',
      ctx({
        logins: [...past, login({ time: NOW - 130 * DAY, ip: '159.89.0.7', location: 'Amsterdam' })],
        sessions: [session({ ip: '159.89.0.1', location: 'Amsterdam' })],
      }),
      ['low'],
    ],
    [
      'a trusted device on a VPN it never used: high, whatever its network criteria',
      ctx({ trustedDevices: [trusted()], sessions: [session({ ip: '159.89.0.1' })] }),
      ['high'],
    ],
    [
      'a trusted device on a VPN the user confirmed ("This was me" kept its provider): low',
      ctx({ trustedDevices: [trusted({ asns: [14061] })], sessions: [session({ ip: '159.89.0.1' })] }),
      ['low'],
    ],
    ['a home address', ctx({ sessions: [session({ device: FIREFOX_LINUX })] }), []],
    [
      'an AWS IPv6 address',
      ctx({ sessions: [session({ ip: '2a05:d000::1', device: FIREFOX_LINUX, location: 'Dublin' })] }),
      ['high'],
    ],
    [
      'no geo tables: quiet',
      ctx({ geo: undefined, sessions: [session({ ip: '52.95.110.1', device: FIREFOX_LINUX })] }),
      [],
    ],
  ])('%s', (_l, c, e) => expect(sev(hostingIp, c)).toEqual(e));
});

describe('blocklisted-ip', () => {
  test.each<Row>([
    ['exact address', ctx({ blocklist: ['203.0.113.5'], sessions: [session({ ip: '203.0.113.5' })] }), ['high']],
    [
      'inside a listed range',
      ctx({ blocklist: ['203.0.113.0/24'], logins: [login({ time: NOW, ip: '203.0.113.77' })] }),
      ['high'],
    ],
    [
      'failed attempt from a listed range',
      ctx({ blocklist: ['203.0.113.0/24'], logins: [login({ time: NOW, ip: '203.0.113.77', outcome: 'failed' })] }),
      ['medium'],
    ],
    [
      'IPv6 privacy address inside a listed /64',
      ctx({ blocklist: ['2001:db8:1:2::/64'], sessions: [session({ ip: '2001:db8:1:2:a1b2:c3d4:e5f6:1' })] }),
      ['high'],
    ],
    [
      'neighbouring /64 is not listed',
      ctx({ blocklist: ['2001:db8:1:2::/64'], sessions: [session({ ip: '2001:db8:1:3::1' })] }),
      [],
    ],
    [
      'a masked address that may fall outside is not claimed',
      ctx({ blocklist: ['203.0.113.0/24'], sessions: [session({ ip: '203.0.*.*' })] }),
      [],
    ],
    ['empty blocklist', ctx({ sessions: [session({ ip: '203.0.113.5' })] }), []],
  ])('%s', (_l, c, e) => expect(sev(blocklistedIp, c)).toEqual(e));
});

describe('too-many-sessions', () => {
  const n = (k: number, gone = 0) => [
    ...Array.from({ length: k }, () => session()),
    ...Array.from({ length: gone }, () => session({ goneAt: NOW - DAY })),
  ];
  test.each<Row>([
    ['6 live > 5', ctx({ sessions: n(6) }), ['medium']],
    ['5 live is the limit', ctx({ sessions: n(5) }), []],
    ['logged-out ones do not count', ctx({ sessions: n(4, 4) }), []],
    ['a raised threshold', ctx({ sessions: n(6), thresholds: { ...ctx().thresholds, maxActiveSessions: 10 } }), []],
  ])('%s', (_l, c, e) => expect(sev(tooManySessions, c)).toEqual(e));
  test('its evidence names how many sessions, never a repeat count (which the popup shows as "Repeats")', () => {
    const [f] = tooManySessions.evaluate(ctx({ sessions: n(30) }));
    expect(f?.evidence).toEqual({ sessions: 30, max: 5 });
    expect(occurrences(f as Finding)).toBe(1);
  });
});

describe('stale-session and session-lifetime', () => {
  test.each<[string, RuleContext, string[], string[]]>([
    [
      'inactive 31 days',
      ctx({ sessions: [session({ lastActive: NOW - 31 * DAY, firstSeen: NOW - 40 * DAY })] }),
      ['low'],
      [],
    ],
    ['inactive 29 days', ctx({ sessions: [session({ lastActive: NOW - 29 * DAY })] }), [], []],
    [
      'the session you are using is never stale',
      ctx({ sessions: [session({ isCurrent: true, lastActive: NOW - 60 * DAY })] }),
      [],
      [],
    ],
    [
      'signed in 200 days ago',
      ctx({ sessions: [session({ firstSeen: NOW - 200 * DAY, lastActive: NOW })] }),
      [],
      ['low'],
    ],
    [
      'logged out',
      ctx({ sessions: [session({ firstSeen: NOW - 200 * DAY, lastActive: NOW - 100 * DAY, goneAt: NOW })] }),
      [],
      [],
    ],
    ['no times shown', ctx({ sessions: [session({ firstSeen: undefined, lastActive: undefined })] }), [], []],
  ])('%s', (_l, c, stale, old) => {
    expect(sev(staleSession, c)).toEqual(stale);
    expect(sev(sessionLifetime, c)).toEqual(old);
  });
});

describe('failed-login-burst', () => {
  const fails = (k: number, extra: Partial<Parameters<typeof login>[0]> = {}, spacing = HOUR) =>
    Array.from({ length: k }, (_, i) =>
      login({
        time: NOW - 10 * HOUR + i * spacing,
        outcome: 'failed',
        device: FIREFOX_LINUX,
        ip: '45.1.1.1',
        ...extra,
      }),
    );
  test.each<Row>([
    ['6 failures in 24 h', ctx({ logins: fails(6) }), ['medium']],
    ['5 failures is not more than 5', ctx({ logins: fails(5) }), []],
    ['6 failures spread over 6 days', ctx({ logins: fails(6, {}, DAY) }), []],
    [
      'burst then success from the stranger',
      ctx({ logins: [...fails(6), login({ time: NOW - HOUR, device: FIREFOX_LINUX, ip: '45.1.1.1' })] }),
      ['high'],
    ],
    [
      'burst then success from a trusted device: not high',
      ctx({ trustedDevices: [trusted()], logins: [...fails(6), login({ time: NOW - HOUR })] }),
      ['medium'],
    ],
    [
      'all failures from a trusted device (mistyped password)',
      ctx({
        trustedDevices: [trusted()],
        logins: [...fails(6, { device: CHROME_WIN_127 }), login({ time: NOW - HOUR })],
      }),
      ['low'],
    ],
  ])('%s', (_l, c, e) => expect(sev(failedLoginBurst, c)).toEqual(e));
});

describe('weaker-second-factor', () => {
  test.each<Row>([
    [
      'SMS on a new device after authenticator use',
      ctx({ logins: [...past, login({ time: NOW, secondFactor: 'sms', device: FIREFOX_LINUX })] }),
      ['high'],
    ],
    [
      'e-mail code on a trusted device',
      ctx({ trustedDevices: [trusted()], logins: [...past, login({ time: NOW, secondFactor: 'email' })] }),
      ['medium'],
    ],
    ['authenticator again', ctx({ logins: [...past, login({ time: NOW })] }), []],
    [
      'an account that always used SMS',
      ctx({
        logins: [
          ...history(6, { secondFactor: 'sms' }),
          login({ time: NOW, secondFactor: 'sms', device: FIREFOX_LINUX }),
        ],
      }),
      [],
    ],
    [
      'too little history',
      ctx({ logins: [...history(2), login({ time: NOW, secondFactor: 'sms', device: FIREFOX_LINUX })] }),
      [],
    ],
    [
      'a passkey is not weaker',
      ctx({ logins: [...past, login({ time: NOW, secondFactor: 'passkey', device: FIREFOX_LINUX })] }),
      [],
    ],
  ])('%s', (_l, c, e) => expect(sev(weakerSecondFactor, c)).toEqual(e));
});

describe('cross-account', () => {
  const other = (s: Parameters<typeof session>[0]) => [
    { account: account('okx:me@x'), sessions: [session(s)], logins: [] },
  ];
  test.each<Row>([
    [
      'the same untrusted IP on another site',
      ctx({ sessions: [session({ ip: '45.1.1.1' })], otherAccounts: other({ ip: '45.1.1.1' }) }),
      ['medium'],
    ],
    [
      'IPv6 privacy addresses rotating inside one /64',
      ctx({ sessions: [session({ ip: '2001:db8:5:6::a' })], otherAccounts: other({ ip: '2001:db8:5:6:ffff::b' }) }),
      ['medium'],
    ],
    [
      'different addresses',
      ctx({ sessions: [session({ ip: '45.1.1.1' })], otherAccounts: other({ ip: '45.1.1.2' }) }),
      [],
    ],
    [
      'a shared private address says nothing',
      ctx({ sessions: [session({ ip: '192.168.1.2' })], otherAccounts: other({ ip: '192.168.1.2' }) }),
      [],
    ],
    [
      'trusted here: not flagged',
      ctx({
        trustedDevices: [trusted()],
        sessions: [session({ ip: '45.1.1.1' })],
        otherAccounts: other({ ip: '45.1.1.1' }),
      }),
      [],
    ],
    [
      'the same full user agent from different addresses',
      ctx({
        sessions: [
          session({
            ip: '45.1.1.1',
            userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
          }),
        ],
        otherAccounts: other({
          ip: '46.1.1.1',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        }),
      }),
      ['medium'],
    ],
  ])('%s', (_l, c, e) => expect(sev(crossAccount, c)).toEqual(e));
});

describe('new-session', () => {
  const s = session({ device: FIREFOX_LINUX });
  test.each<Row>([
    ['new and untrusted', ctx({ sessions: [s], newSessionKeys: [s.key] }), ['medium']],
    ['not new', ctx({ sessions: [s] }), []],
    [
      'new but trusted',
      ctx({ trustedDevices: [trusted({ browser: 'Firefox', os: 'Linux' })], sessions: [s], newSessionKeys: [s.key] }),
      [],
    ],
  ])('%s', (_l, c, e) => expect(sev(newSession, c)).toEqual(e));
});

describe('outside-schedule', () => {
  const night: Schedule = {
    id: 's',
    name: 'Evenings',
    timeZone: 'Europe/London',
    windows: [{ days: [0, 1, 2, 3, 4, 5, 6], startMinute: 18 * 60, endMinute: 3 * 60 }],
  };
  const at = (t: number, extra = {}) =>
    ctx({ schedules: [night], logins: [login({ time: t, device: FIREFOX_LINUX, ...extra })] });
  test.each<Row>([
    ['02:59 GMT is inside', at(Date.UTC(2026, 0, 6, 2, 59)), []],
    ['03:01 GMT is outside', at(Date.UTC(2026, 0, 6, 3, 1)), ['medium']],
    ['DST spring-forward night: 01:59 UTC is 02:59 BST, inside', at(Date.UTC(2026, 2, 29, 1, 59)), []],
    ['DST spring-forward night: 02:01 UTC is 03:01 BST, outside', at(Date.UTC(2026, 2, 29, 2, 1)), ['medium']],
    ['DST fall-back night: 02:30 UTC is 02:30 GMT, inside', at(Date.UTC(2026, 9, 25, 2, 30)), []],
    [
      'trusted device outside the schedule: low',
      { ...at(Date.UTC(2026, 0, 6, 12)), trustedDevices: [trusted({ browser: 'Firefox', os: 'Linux' })] },
      ['low'],
    ],
    [
      'a schedule for another account does not apply',
      ctx({ schedules: [{ ...night, accountIds: ['okx:x'] }], logins: [login({ time: Date.UTC(2026, 0, 6, 12) })] }),
      [],
    ],
    ['no schedule', ctx({ logins: [login({ time: Date.UTC(2026, 0, 6, 12) })] }), []],
  ])('%s', (_l, c, e) => expect(sev(outsideSchedule, c)).toEqual(e));

  test('the reason names the local time and the schedule', () => {
    const [f] = outsideSchedule.evaluate(at(Date.UTC(2026, 6, 7, 11)));
    expect(f?.reason).toContain('Tue 12:00 (Europe/London), outside your schedule "Evenings"');
  });
});

test.each<[string, RuleContext, boolean]>([
  ['no history', ctx(), false],
  ['4 logins, failures not counted', ctx({ logins: [...history(4), login({ time: NOW, outcome: 'failed' })] }), false],
  ['5 logins', ctx({ logins: history(5) }), true],
])('hasEnoughHistory: %s', (_l, c, e) => expect(hasEnoughHistory(c)).toBe(e));

describe('unknown-device', () => {
  const pc = trusted();
  const home64 = trusted({ name: 'Home', browser: undefined, os: undefined, ipRanges: ['2001:db8:aa:bb::/64'] });
  const inGb = trusted({ name: 'Laptop', browser: 'Firefox', os: 'Linux', countries: ['GB'] });
  test.each<Row>([
    ['a stranger', ctx({ trustedDevices: [pc], sessions: [session({ device: FIREFOX_LINUX })] }), ['high']],
    ['the trusted PC', ctx({ trustedDevices: [pc], sessions: [session()] }), []],
    [
      'the trusted PC after a browser auto-update',
      ctx({ trustedDevices: [pc], sessions: [session({ device: CHROME_WIN_127 })] }),
      [],
    ],
    [
      'IPv6 privacy addresses rotating inside the trusted /64',
      ctx({
        trustedDevices: [home64],
        sessions: [session({ ip: '2001:db8:aa:bb:1111::1' }), session({ ip: '2001:db8:aa:bb:2222::2' })],
      }),
      [],
    ],
    [
      'an address outside the trusted /64',
      ctx({ trustedDevices: [home64], sessions: [session({ ip: '2001:db8:aa:cc::1' })] }),
      ['high'],
    ],
    [
      'trusted in its country, signed in there',
      ctx({ trustedDevices: [inGb], sessions: [session({ device: FIREFOX_LINUX })] }),
      [],
    ],
    [
      'trusted in its country, signed in abroad',
      ctx({ trustedDevices: [inGb], sessions: [session({ device: FIREFOX_LINUX, location: 'Lagos, Nigeria' })] }),
      ['high'],
    ],
    ['a session that is gone', ctx({ sessions: [session({ device: FIREFOX_LINUX, goneAt: NOW - HOUR })] }), []],
  ])('%s', (_l, c, e) => expect(sev(unknownDevice, c)).toEqual(e));
});
