import { describe, expect, test } from 'vitest';
import { accountOfNotificationId, type ReminderLog } from '../core/reminders';
import type { Account } from '../core/types';
import { defaultSettings } from '../shared/settings';
import { runReminders } from './reminders';
import { englishWords } from './words-test-helpers';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T09:00:00Z');

function setup(accounts: Account[], settings = defaultSettings()) {
  let log: ReminderLog = {};
  let now = NOW;
  const shown: { title: string; message: string; id: string }[] = [];
  const services = {
    accounts: async () => accounts,
    settings: async () => settings,
    siteName: async (id: string) => (id === 'binance' ? 'Binance' : id),
    loadLog: async () => log,
    saveLog: async (next: ReminderLog) => {
      log = next;
    },
    notify: async (title: string, message: string, id: string) => {
      shown.push({ title, message, id });
    },
    now: () => now,
    words: englishWords,
  };
  return { services, shown, advance: (ms: number) => (now += ms) };
}

const account = (id: string, over: Partial<Account> = {}): Account => ({
  id,
  siteId: 'binance',
  hint: id.toUpperCase(),
  firstScanAt: NOW - 100 * DAY,
  lastScanAt: NOW - 8 * DAY,
  scanCount: 3,
  ...over,
});

describe('runReminders', () => {
  test('notifies what is due once, naming the site and account, with ids that lead back to the account', async () => {
    const { services, shown, advance } = setup([account('uid-1')]);
    await runReminders(services);
    expect(shown.map((n) => n.title)).toEqual([
      'Binance (UID-1): time to review your devices',
      'Binance (UID-1): monthly clean-up',
      'Binance (UID-1): quarterly security check',
    ]);
    expect(shown.every((n) => accountOfNotificationId(n.id) === 'uid-1')).toBe(true);
    advance(6 * 60 * 60_000);
    await runReminders(services);
    expect(shown).toHaveLength(3);
  });

  test('device reviews go first and at most three notifications per check; the rest come next check', async () => {
    const accounts = ['a', 'b', 'c', 'd'].map((id) => account(id));
    const { services, shown } = setup(accounts);
    await runReminders(services);
    expect(shown.map((n) => n.title.split(':')[1]?.trim())).toEqual([
      'time to review your devices',
      'time to review your devices',
      'time to review your devices',
    ]);
    await runReminders(services);
    expect(shown).toHaveLength(6);
    expect(shown[3]?.title).toBe('Binance (D): time to review your devices');
  });

  test('nothing when the user switched reminders off', async () => {
    const settings = defaultSettings();
    settings.reminders.enabled = false;
    const { services, shown } = setup([account('uid-1')], settings);
    await runReminders(services);
    expect(shown).toEqual([]);
  });
});
