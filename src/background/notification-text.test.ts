import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { ctx, session } from '../core/rules/test-helpers';
import { unknownDevice } from '../core/rules/unknown-device';
import type { StoredWarning } from '../core/types';
import type { Locale } from '../shared/message-text';
import { defaultSettings } from '../shared/settings';
import { openDatabase } from './db';
import { handleMessage } from './handlers';
import { incidentNotificationId, incidentOfNotificationId, warningNotification } from './notification-text';
import { runReminders } from './reminders';
import { fixturePage } from './scan-page-test-helpers';
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

test("a first scan notifies the stranger alone, by name, not the user's own devices", async () => {
  const page = fixturePage('binance-device-management.en');
  const db = await openDatabase('notify-riskiest');
  const raised: Parameters<typeof warningNotification>[0][] = [];
  const url = page.message.payload.url;
  const r = await handleMessage(
    page.message,
    { id: 'x', url, tab: { id: 1, url }, frameId: 0 },
    completeServices({
      db: async () => db,
      settings: async () => defaultSettings(),
      now: () => page.now,
      refreshBadge: async () => undefined,
      onRaised: async (items) => void raised.push(items),
      identity: { id: 'x', origin: 'chrome-extension://x/' },
      words: englishWords,
    }),
  );
  db.close();
  expect(r.ok).toBe(true);
  const items = raised[0] ?? [];
  // A first scan: the user's own Mac, iPhone and app are asked about in the popup, not notified; the stranger is.
  expect(items.length).toBeGreaterThan(0);
  expect(items.every((i) => i.warning?.evidence.ip === '45.77.12.9')).toBe(true);
  const n = warningNotification(items, words);
  expect(n?.title).toBe('Binance: is this you? Firefox 115 on Windows 10');
  // Where and why (its datacenter network); no other incident to count.
  expect(n?.message).toMatch(/Frankfurt, DE/);
  expect(n?.message).toMatch(/Vultr/);
  expect(n?.message).not.toMatch(/more incident/);
  expect(n?.warningIds).toEqual(items.map((i) => i.warning?.id));
  // In the user's language.
  browserIn('zh_CN');
  expect(warningNotification(items, words)?.title).toMatch(/^Binance：这是你吗？/);
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

test('the body leads with the riskiest incident: its place and address, then its reasons as short bullets', () => {
  const at = { firstRaisedAt: 1, lastRaisedAt: 1, stateChangedAt: 1, state: 'open' as const, accountId: 'binance:1' };
  const ev = { device: 'Firefox 115 on Windows 10', ip: '45.77.12.9', location: 'Frankfurt, DE' };
  const mine: StoredWarning = {
    ...at,
    id: 'binance:1|new-city|mac',
    rule: 'new-city',
    subject: 'mac',
    severity: 'medium',
    reason: 'Chrome in Lisbon',
    evidence: { device: 'Chrome 126 on macOS', ip: '81.2.69.142', location: 'Lisbon, PT' },
  };
  const stranger: StoredWarning = {
    ...at,
    id: 'binance:1|unknown-device|vps',
    rule: 'unknown-device',
    subject: 'vps',
    severity: 'high',
    reason: 'Firefox is signed in and matches none of your trusted devices.',
    evidence: ev,
    reasons: [
      { rule: 'unknown-device', subject: 'vps', severity: 'high', reason: 'u', evidence: ev },
      { rule: 'hosting-ip', subject: 'l1', severity: 'high', reason: 'h', evidence: { ...ev, provider: 'Vultr' } },
      { rule: 'failed-login-burst', subject: 'burst|l1', severity: 'medium', reason: 'f', evidence: ev },
      { rule: 'some-future-rule', severity: 'low', reason: 'A reason from a later version.', evidence: ev },
    ],
  };
  const items = [mine, stranger].map((warning) => ({ siteName: 'Binance', reason: warning.reason, warning }));
  const n = warningNotification(items, words);
  // Whatever order they were raised in.
  expect(warningNotification([...items].reverse(), words)).toEqual(n);
  expect(n?.title).toBe('Binance: is this you? Firefox 115 on Windows 10');
  const lines = n?.message.replace(/[\u2066-\u2069]/g, '').split('\n');
  expect(lines).toEqual([
    'Frankfurt, DE · 45.77.12.9 (and 1 more incident)',
    '• From a datacenter, VPN or Tor address of Vultr',
    '• Not one of your trusted devices',
    '• After a burst of failed sign-ins',
    '• A reason from a later version.',
  ]);
  expect(n?.warningIds).toEqual([stranger.id]);
  browserIn('zh_CN');
  expect(
    warningNotification(items, words)
      ?.message.replace(/[\u2066-\u2069]/g, '')
      .split('\n'),
  ).toEqual([
    'Frankfurt, DE · 45.77.12.9（另有 1 个事件）',
    '• 来自 Vultr 的数据中心、VPN 或 Tor 地址',
    '• 不是你的受信任设备',
    '• 在一连串登录失败之后',
    '• A reason from a later version.',
  ]);
  browserIn('ar');
  const ar = warningNotification(items, words)?.message.split('\n') ?? [];
  expect(ar[0]).toContain('وحادثة أخرى');
  // Every short bullet is Arabic but for names (the provider's, VPN, Tor).
  expect(ar.slice(1, 4).every((l) => !/[A-Za-z]{3,}/.test(l.replace(/Vultr|VPN|Tor/g, '')))).toBe(true);
  expect(ar[2]).toContain('ليس من أجهزتك الموثوقة');
});

test('an incident with no device or address names its API key or withdrawal address, never the site twice', () => {
  const at = { firstRaisedAt: 1, lastRaisedAt: 1, stateChangedAt: 1, state: 'open' as const, accountId: 'binance:1' };
  const key: StoredWarning = {
    ...at,
    id: 'binance:1|new-api-key|k1',
    rule: 'new-api-key',
    subject: 'k1',
    severity: 'high',
    reason: 'A new API key.',
    evidence: { apiKey: 'trading bot', apiKeyMasked: 'Ab3d…9xYz', apiKeyId: 'k1' },
  };
  const address: StoredWarning = {
    ...at,
    id: 'binance:1|new-whitelist-address|w1',
    rule: 'new-whitelist-address',
    subject: 'w1',
    severity: 'high',
    reason: 'A new withdrawal address.',
    evidence: { addressMasked: 'bc1q…7k2p', addressId: 'w1' },
  };
  const title = (w: StoredWarning) =>
    warningNotification([{ siteName: 'Binance', reason: w.reason, warning: w }], words)?.title.replace(
      /[\u2066-\u2069]/g,
      '',
    );
  expect(title(key)).toBe('Binance: API key trading bot');
  expect(title(address)).toBe('Binance: withdrawal address bc1q…7k2p');
  expect(title({ ...address, evidence: { addressId: 'w1' } })).toBe('Binance: new warning');
  browserIn('zh_CN');
  expect(title(key)).toBe('Binance：API 密钥 trading bot');
});
