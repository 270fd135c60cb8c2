import { describe, expect, test } from 'vitest';
import zh from '../../public/_locales/zh_CN/messages.json';
import { renderReason, setCatalog } from '../ui/i18n';
import {
  accountOfNotificationId,
  type DueReminder,
  defaultReminderSettings,
  dueReminders,
  markShown,
  reminderNotificationId,
  reminderText,
} from './reminders';
import type { Account } from './types';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T09:00:00Z');

function account(over: Partial<Account> = {}): Account {
  return {
    id: 'binance:uid-1',
    siteId: 'binance',
    hint: 'UID 1',
    firstScanAt: NOW - 200 * DAY,
    lastScanAt: NOW - 3 * DAY,
    scanCount: 4,
    ...over,
  } as Account;
}

const kinds = (list: DueReminder[]) => list.map((r) => r.kind).sort();

describe('dueReminders', () => {
  test.each([
    ['scanned 3 days ago: no device review', { lastScanAt: NOW - 3 * DAY }, false],
    ['scanned exactly 7 days ago: due', { lastScanAt: NOW - 7 * DAY }, true],
    ['scanned 6.9 days ago: not yet', { lastScanAt: NOW - 6.9 * DAY }, false],
    [
      'reviewed 2 days ago, scanned 10 days ago: not due',
      { lastScanAt: NOW - 10 * DAY, lastReviewedAt: NOW - 2 * DAY },
      false,
    ],
    [
      'reviewed 20 days ago, scanned 8 days ago: due',
      { lastScanAt: NOW - 8 * DAY, lastReviewedAt: NOW - 20 * DAY },
      true,
    ],
  ])('%s', (_name, over, expected) => {
    const due = dueReminders([account(over)], defaultReminderSettings, {}, NOW);
    expect(due.some((r) => r.kind === 'device-review')).toBe(expected);
  });

  test('a young account gets no monthly or quarterly reminder yet', () => {
    const due = dueReminders(
      [account({ firstScanAt: NOW - 10 * DAY, lastScanAt: NOW - DAY })],
      defaultReminderSettings,
      {},
      NOW,
    );
    expect(due).toEqual([]);
  });

  test('an account known for 100 days and never reminded gets all three, with the days counted', () => {
    const due = dueReminders(
      [account({ firstScanAt: NOW - 100 * DAY, lastScanAt: NOW - 9 * DAY })],
      defaultReminderSettings,
      {},
      NOW,
    );
    expect(kinds(due)).toEqual(['credential-check', 'device-review', 'stale-cleanup']);
    expect(due.find((r) => r.kind === 'device-review')?.days).toBe(9);
  });

  test('a reminder shown is not repeated before a full cadence, then comes back', () => {
    const a = account({ firstScanAt: NOW - 100 * DAY, lastScanAt: NOW - 9 * DAY });
    const log = markShown({}, dueReminders([a], defaultReminderSettings, {}, NOW), [a.id], NOW);
    expect(dueReminders([a], defaultReminderSettings, log, NOW + DAY)).toEqual([]);
    expect(kinds(dueReminders([a], defaultReminderSettings, log, NOW + 7 * DAY))).toEqual(['device-review']);
    expect(kinds(dueReminders([a], defaultReminderSettings, log, NOW + 30 * DAY))).toEqual([
      'device-review',
      'stale-cleanup',
    ]);
    expect(kinds(dueReminders([a], defaultReminderSettings, log, NOW + 90 * DAY))).toEqual([
      'credential-check',
      'device-review',
      'stale-cleanup',
    ]);
  });

  test('switched off globally, per kind (0 days) and per muted account', () => {
    const a = account({ firstScanAt: NOW - 100 * DAY, lastScanAt: NOW - 9 * DAY });
    expect(dueReminders([a], { ...defaultReminderSettings, enabled: false }, {}, NOW)).toEqual([]);
    expect(dueReminders([a], { ...defaultReminderSettings, mutedAccountIds: [a.id] }, {}, NOW)).toEqual([]);
    const noReview = { ...defaultReminderSettings, deviceReviewDays: 0 };
    expect(kinds(dueReminders([a], noReview, {}, NOW))).toEqual(['credential-check', 'stale-cleanup']);
  });

  test('the log forgets accounts that are gone', () => {
    const log = markShown({ gone: { 'device-review': 1 } }, [], ['binance:uid-1'], NOW);
    expect(log).toEqual({});
  });
});

describe('notification text and ids', () => {
  test('ids round-trip to the account, even with colons in it', () => {
    const r: DueReminder = { accountId: 'custom:sso.example:uid 7', kind: 'stale-cleanup', days: 31 };
    expect(accountOfNotificationId(reminderNotificationId(r))).toBe('custom:sso.example:uid 7');
    expect(accountOfNotificationId('something-else')).toBeUndefined();
  });

  test('texts name the site, the account and the days, as messages of every locale', () => {
    const t = reminderText({ accountId: 'a', kind: 'device-review', days: 12 }, 'Binance', 'UID 1');
    expect(renderReason(t.title)).toBe('Binance (UID 1): time to review your devices');
    expect(renderReason(t.message)).toContain('12 days');
    const check = reminderText({ accountId: 'a', kind: 'credential-check', days: 90 }, 'KuCoin', '');
    expect(renderReason(check.title)).toBe('KuCoin: quarterly security check');
    setCatalog('zh_CN', zh);
    expect(renderReason(t.title)).toBe('Binance（UID 1）：该检查你的设备了');
    expect(renderReason(t.message)).toContain('12 天前');
    setCatalog('en', {});
  });
});
