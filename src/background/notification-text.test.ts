import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { ctx, session } from '../core/rules/test-helpers';
import { unknownDevice } from '../core/rules/unknown-device';
import type { Locale } from '../shared/message-text';
import { defaultSettings } from '../shared/settings';
import { openDatabase } from './db';
import { handleMessage } from './handlers';
import { incidentNotificationId, incidentOfNotificationId, warningNotification } from './notification-text';
import { runReminders } from './reminders';
import { completeServices } from './services-test-helpers';
import { englishWords, wordsIn } from './words-test-helpers';

/** What `getMessage` answers in a browser whose language is `l`: that catalog, English where it lacks a key. */
let words = englishWords;
const browserIn = (l: Locale) => {
  words = wordsIn(l);
};

afterEach(() => {
  words = englishWords;
});

const stranger = unknownDevice.evaluate(
  ctx({ sessions: [session({ device: '', location: 'Lagos, Nigeria' })], newSessionKeys: [] }),
);

test('a scan notification names the site and the count, its body the first warning in English by default', () => {
  const raised = stranger.map((f) => ({ siteName: 'Binance', reason: f.reason, message: f.message }));
  expect(raised).toHaveLength(1);
  expect(warningNotification(raised, words)).toEqual({
    title: 'Binance: new warning',
    message: stranger[0]?.reason,
    warningIds: [],
  });
  expect(warningNotification([...raised, ...raised, ...raised], words)?.title).toBe('Binance: new warning (+2 more)');
  expect(warningNotification([], words)).toBeUndefined();
});

test('in the worker it speaks the browser language through getMessage', () => {
  browserIn('zh_CN');
  const raised = stranger.map((f) => ({ siteName: 'Binance', reason: f.reason, message: f.message }));
  const zh = warningNotification([...raised, ...raised], words);
  expect(zh?.title).toBe('Binance：新警告（另有 1 条）');
  expect(zh?.message).toMatch(/^一台未命名的设备/);
  expect(zh?.message).not.toMatch(/signed in|trusted/);
  browserIn('ar');
  // The site's Latin name is isolated, so it keeps its place in right-to-left text.
  expect(warningNotification(raised, words)?.title).toBe('\u2068Binance\u2069: تحذير جديد');
});

test('a warning stored without a message, or with one this version cannot show, keeps its English reason', () => {
  browserIn('ar');
  const reason = 'Something English.';
  expect(warningNotification([{ siteName: 'X', reason }], words)?.message).toBe(reason);
  expect(
    warningNotification([{ siteName: 'X', reason, message: { key: 'reason_future', args: [] } }], words)?.message,
  ).toBe(reason);
});

test('reminders are notified in the browser language', async () => {
  browserIn('ar');
  const shown: { title: string; message: string }[] = [];
  const now = Date.parse('2026-11-21T09:00:00Z');
  await runReminders({
    accounts: async () => [
      { id: 'a', siteId: 'binance', hint: 'UID 1', firstScanAt: now - 1e10, lastScanAt: now - 1e9, scanCount: 3 },
    ],
    settings: async () => defaultSettings(),
    siteName: async () => 'Binance',
    loadLog: async () => ({}),
    saveLog: async () => {},
    notify: async (title, message) => {
      shown.push({ title, message });
    },
    now: () => now,
    words,
  });
  expect(shown.map((n) => n.title.replace(/[\u2066-\u2069]/g, ''))).toEqual([
    'Binance (UID 1): حان وقت مراجعة أجهزتك',
    'Binance (UID 1): التنظيف الشهري',
    'Binance (UID 1): الفحص الأمني الفصلي',
  ]);
  expect(shown.every((n) => n.message && !/[A-Za-z]{4,}/.test(n.message.replace('Session Watchdog', '')))).toBe(true);
});

test('the notification leads with the riskiest new incident: the stranger, not the first warning raised', async () => {
  const fixture = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '..', '..', 'e2e', 'fixtures', 'binance-device-management.en.expected.json'),
      'utf8',
    ),
  );
  const db = await openDatabase('notify-riskiest');
  const raised: Parameters<typeof warningNotification>[0][] = [];
  const url = 'https://www.binance.com/en/my/security/device-management';
  const r = await handleMessage(
    { type: 'recordScan', payload: { scan: fixture.expected } },
    { id: 'x', url, tab: { id: 1, url }, frameId: 0 },
    completeServices({
      db: async () => db,
      settings: async () => defaultSettings(),
      now: () => fixture.expected.scannedAt,
      refreshBadge: async () => undefined,
      onRaised: async (items) => void raised.push(items),
      identity: { id: 'x', origin: 'chrome-extension://x/' },
      words: englishWords,
    }),
  );
  db.close();
  expect(r.ok).toBe(true);
  const items = raised[0] ?? [];
  // Whatever order the warnings were raised in (the user's own Mac is the page's first row), the stranger leads.
  expect(items.some((i) => i.warning?.evidence.ip === '203.0.113.42')).toBe(true);
  expect(warningNotification([...items].reverse(), words)?.title).toBe(warningNotification(items, words)?.title);
  const n = warningNotification(items, words);
  expect(n?.title).toBe('Binance: is this you? Firefox 115 on Windows 10');
  // Where, why (its datacenter network), and how many other incidents there are.
  expect(n?.message).toMatch(/Frankfurt, DE.*Vultr.* \(and 3 more incidents\)$/);
  expect(
    n?.warningIds.every((id) => items.some((i) => i.warning?.id === id && i.warning.evidence.ip !== '203.0.113.42')),
  ).toBe(true);
  // In the user's language.
  browserIn('zh_CN');
  expect(warningNotification(items, words)?.title).toMatch(/^Binance：这是你吗？/);
  expect(warningNotification(items, words)?.message).toMatch(/（另有 3 个事件）$/);
});

test('a notification id names its incident and nothing else parses as one', () => {
  const id = incidentNotificationId('binance:UID 1', ['binance:UID 1|unknown-device|k,1', 'w2']);
  expect(incidentOfNotificationId(id)).toEqual({
    accountId: 'binance:UID 1',
    warningIds: ['binance:UID 1|unknown-device|k,1', 'w2'],
  });
  expect(incidentOfNotificationId('reminder:device-review:binance:1')).toBeUndefined();
  expect(incidentOfNotificationId('incident:%E0%A4%A')).toBeUndefined();
  expect(incidentOfNotificationId('incident:onlyaccount')).toBeUndefined();
});

test("a device name's invisible characters do not reach the notification; the template's isolates do", () => {
  const dressed = unknownDevice.evaluate(
    ctx({ sessions: [session({ device: 'Chr\u200bome\u3164 on \u202eLinux\u2800' })], newSessionKeys: [] }),
  );
  const raised = dressed.map((f) => ({ siteName: 'Bin\u200bance', reason: f.reason, message: f.message }));
  const text = warningNotification(raised, words)!;
  expect(text.title).toBe('Binance: new warning');
  expect(text.message).toContain('Chrome on Linux');
  expect(text.message).not.toMatch(/[\u200b\u3164\u202e\u2800]/);
});
