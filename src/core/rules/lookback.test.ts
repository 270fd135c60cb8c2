import { describe, expect, test } from 'vitest';
import { runRules } from '../evaluate';
import { failedLoginBurst } from './failed-login-burst';
import { judgedFrom } from './history';
import { allRules } from './index';
import { newCountry } from './new-country';
import type { RuleContext } from './rule';
import { account, ctx, DAY, FIREFOX_LINUX, HOUR, history, login, NOW, session } from './test-helpers';
import { unknownDevice } from './unknown-device';
import { weakerSecondFactor } from './weaker-second-factor';

// A first scan reads months of history the user came with; only the last `historyLookbackDays` before it is
// judged, the rest is baseline. What is observed after the first scan is judged for as long as it is stored.
const firstScanToday = { account: { ...account(), firstScanAt: NOW } };
const burstAt = (ago: number) =>
  Array.from({ length: 8 }, (_, i) =>
    login({ time: NOW - ago + i * 60_000, outcome: 'failed', device: FIREFOX_LINUX, ip: '102.89.0.1' }),
  );
const abroadAt = (ago: number) => [
  ...history(10, { location: 'London, United Kingdom' }, ago + 20 * DAY),
  login({ time: NOW - ago, location: 'Lagos, Nigeria', device: FIREFOX_LINUX, ip: '102.89.0.1' }),
];
const rulesOf = (c: RuleContext) => runRules(c, allRules).map((f) => f.rule);

describe.each([
  ['a failed-login burst', failedLoginBurst.id, burstAt],
  ['a sign-in from a new country', newCountry.id, abroadAt],
  [
    'an SMS sign-in on an authenticator account',
    weakerSecondFactor.id,
    (ago: number) => [
      ...history(10, {}, ago + 20 * DAY),
      login({ time: NOW - ago, secondFactor: 'sms', device: FIREFOX_LINUX }),
    ],
  ],
] as const)('%s', (_what, rule, logins) => {
  test.each([
    ['60 days before a first scan today: history, not news', { ...firstScanToday, logins: logins(60 * DAY) }, false],
    ['10 days before a first scan today: judged', { ...firstScanToday, logins: logins(10 * DAY) }, true],
    [
      '60 days ago, observed after a first scan 90 days ago: still judged (warnings do not age out)',
      { logins: logins(60 * DAY) },
      true,
    ],
    [
      '60 days before a first scan today, lookback 0 (judge everything)',
      { ...firstScanToday, logins: logins(60 * DAY), thresholds: { ...ctx().thresholds, historyLookbackDays: 0 } },
      true,
    ],
    [
      '60 days before a first scan today, lookback 90',
      { ...firstScanToday, logins: logins(60 * DAY), thresholds: { ...ctx().thresholds, historyLookbackDays: 90 } },
      true,
    ],
  ] as [string, Partial<RuleContext>, boolean][])('%s', (_l, c, raised) => {
    expect(rulesOf(ctx(c)).includes(rule)).toBe(raised);
  });
});

test('old history still serves as the baseline the judged part is compared with', () => {
  const old = history(10, { location: 'London, United Kingdom' }, 200 * DAY);
  const home = ctx({ ...firstScanToday, logins: [...old, login({ time: NOW - HOUR })] });
  const away = ctx({ ...firstScanToday, logins: [...old, login({ time: NOW - HOUR, location: 'Lagos, Nigeria' })] });
  expect(newCountry.evaluate(home)).toEqual([]);
  expect(newCountry.evaluate(away).map((f) => f.evidence.country)).toEqual(['NG']);
});

test('a live session is judged however long ago it began', () => {
  const s = session({ device: FIREFOX_LINUX, firstSeen: NOW - 300 * DAY, firstObservedAt: NOW - 300 * DAY });
  expect(unknownDevice.evaluate(ctx({ ...firstScanToday, sessions: [s] }))).toHaveLength(1);
});

test('the judged history starts the lookback before the first scan, or never when the lookback is 0', () => {
  expect(judgedFrom(ctx({ ...firstScanToday }))).toBe(NOW - 30 * DAY);
  expect(judgedFrom(ctx({ thresholds: { ...ctx().thresholds, historyLookbackDays: 0 } }))).toBe(-Infinity);
  // Settings stored before the threshold existed lack it: the default applies.
  const { historyLookbackDays: _, ...older } = ctx().thresholds;
  expect(judgedFrom(ctx({ ...firstScanToday, thresholds: older }))).toBe(NOW - 30 * DAY);
});
