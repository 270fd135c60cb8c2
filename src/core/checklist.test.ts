import { describe, expect, test } from 'vitest';
import { type ChecklistAccount, checklistChangesAt, dayOf, overdueChecklistItems } from './checklist';

const NOW = Date.UTC(2026, 3, 21, 10);
const done: ChecklistAccount = {
  name: 'binance_account',
  twoFactor: { type: 'Google Authenticator', lastVerified: '2026-04-14' },
  isAntiPhishingCodeSet: true,
  isWithdrawalWhitelistOn: true,
  trustedDevices: [{ name: 'MacBook Pro M3', ipRange: '203.0.113.0/24' }],
  lastDeviceReview: '2026-04-15',
  apiKeys: [],
};
const items = (a: Partial<ChecklistAccount>, now = NOW) =>
  overdueChecklistItems({ accounts: [{ ...done, ...a }] }, now).map((i) => `${i.item}: ${i.reason}`);

describe('overdueChecklistItems', () => {
  test.each<[string, Partial<ChecklistAccount>, string[]]>([
    ['all done and recent', {}, []],
    ['review 6 days ago: not yet', { lastDeviceReview: '2026-04-15' }, []],
    [
      'review exactly 7 days ago: due today',
      { lastDeviceReview: '2026-04-14' },
      ['device-review: Device review: last on 2026-04-14, due today.'],
    ],
    [
      'review a month ago',
      { lastDeviceReview: '2026-03-20' },
      ['device-review: Device review: last on 2026-03-20, due 25 days ago.'],
    ],
    [
      'never reviewed',
      { lastDeviceReview: undefined },
      ['device-review: Device review: never recorded (due every 7 days).'],
    ],
    ['2FA checked 90 days ago: not yet', { twoFactor: { type: 'TOTP', lastVerified: '2026-01-21' } }, []],
    [
      '2FA checked 92 days ago',
      { twoFactor: { type: 'TOTP', lastVerified: '2026-01-19' } },
      ['two-factor: Password and 2FA check: last on 2026-01-19, due 1 days ago.'],
    ],
    [
      'no 2FA recorded',
      { twoFactor: undefined },
      ['two-factor: Password and 2FA check: never recorded (due every 91 days).'],
    ],
    ['anti-phishing code not set', { isAntiPhishingCodeSet: false }, ['anti-phishing: No anti-phishing code is set.']],
    ['whitelist off', { isWithdrawalWhitelistOn: false }, ['withdrawal-whitelist: The withdrawal whitelist is off.']],
    [
      'an impossible date counts as never',
      { lastDeviceReview: '2026-02-30' },
      ['device-review: Device review: never recorded (due every 7 days).'],
    ],
  ])('%s', (_l, a, expected) => expect(items(a)).toEqual(expected));

  test('no checklist, nothing overdue', () => expect(overdueChecklistItems(undefined, NOW)).toEqual([]));

  test('dueAt is when the cadence ran out', () => {
    const [item] = overdueChecklistItems({ accounts: [{ ...done, lastDeviceReview: '2026-04-01' }] }, NOW);
    expect(item?.dueAt).toBe(Date.UTC(2026, 3, 8));
  });

  test.each([
    ['2026-04-14', Date.UTC(2026, 3, 14)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2025-02-29', undefined],
    ['14/04/2026', undefined],
  ])('dayOf(%s)', (d, t) => expect(dayOf(d)).toBe(t));
});

describe('checklistChangesAt', () => {
  const DAY = 86_400_000;
  const said = (c: { accounts: ChecklistAccount[] }, t: number) => JSON.stringify(overdueChecklistItems(c, t));
  test('nothing dated: never', () => {
    expect(
      checklistChangesAt({ accounts: [{ ...done, lastDeviceReview: undefined, twoFactor: undefined }] }, NOW),
    ).toBe(Number.POSITIVE_INFINITY);
    expect(checklistChangesAt(undefined, NOW)).toBe(Number.POSITIVE_INFINITY);
  });
  test('the items say the same until that time and something else at it', () => {
    const days = ['2026-04-20', '2026-04-14', '2026-03-01', '2026-01-19', '2025-12-31', undefined];
    let checked = 0;
    for (const review of days)
      for (const verified of days)
        for (const hour of [0, 7.5, 23.99]) {
          const c = {
            accounts: [
              {
                ...done,
                lastDeviceReview: review,
                twoFactor: verified ? { type: 'TOTP', lastVerified: verified } : undefined,
              },
            ],
          };
          const now = NOW - 10 * 3_600_000 + hour * 3_600_000;
          const at = checklistChangesAt(c, now);
          if (!Number.isFinite(at)) continue;
          expect(at).toBeGreaterThan(now);
          expect(at - now).toBeLessThanOrEqual(91 * DAY);
          for (const t of [now, (now + at) / 2, at - 1]) expect(said(c, t)).toBe(said(c, now));
          expect(said(c, at)).not.toBe(said(c, now));
          checked++;
        }
    expect(checked).toBeGreaterThan(60);
  });
});
