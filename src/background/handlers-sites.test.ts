import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { CustomSite } from '../core/sites';
import type { ExtractedScan } from '../core/types';
import type { Guidance } from '../shared/guide';
import { defaultSettings, type Settings } from '../shared/settings';
import { type Db, openDatabase } from './db';
import { handleMessage, type Services } from './handlers';
import { recordPageOf } from './scan-page-test-helpers';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const PAGE = { id: ID, url: `${ORIGIN}popup/index.html` };
const T0 = Date.UTC(2026, 3, 14, 15);
const CUSTOM: CustomSite = {
  id: 'custom:exchange.example',
  name: 'Example Exchange',
  pattern: 'https://exchange.example/profile/security*',
  createdAt: T0,
};

let n = 0;
/** A tab of this test unless named: the worker meters each tab's readings. */
const tabAt = (url: string, tabId = 1000 + n) => ({ id: ID, url, tab: { id: tabId, url }, frameId: 0 });

let db: Db;
let settings: Settings;
let now: number;
let guidance: Map<number, Guidance>;
let injected: number[];
let guided: [number, string][];
let synced: CustomSite[][];

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    now: () => now,
    refreshBadge: async () => undefined,
    onRaised: async () => undefined,
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
    sites: {
      openTab: async () => 42,
      remember: async (tabId, g) => void guidance.set(tabId, g),
      recall: async (tabId) => guidance.get(tabId),
      forget: async (tabId) => void guidance.delete(tabId),
      syncContentScripts: async (sites) => {
        synced.push(sites);
        return sites.map((s) => `custom-site:${s.id}`);
      },
      activeTab: async () => ({ id: 9, url: 'https://other.example/account/sessions' }),
      injectContentScript: async (tabId) => void injected.push(tabId),
      showGuide: async (tabId, texts) => void guided.push([tabId, texts.all]),
    },
  });
}

function scanAt(url: string): ExtractedScan {
  return {
    url,
    scannedAt: now,
    accountHint: '1001',
    hasSessionList: true,
    hasLoginList: false,
    sessions: [{ device: 'Chrome on Linux', ip: '203.0.113.9', isCurrent: true }],
    logins: [],
  };
}

const send = (type: string, payload: unknown, sender: object) => handleMessage({ type, payload }, sender, services());
const sendPage = (scan: ExtractedScan, sender: object) => handleMessage(recordPageOf(scan), sender, services());

beforeEach(async () => {
  db = await openDatabase(`sites-${n++}`);
  settings = defaultSettings();
  now = T0;
  guidance = new Map();
  injected = [];
  guided = [];
  synced = [];
});
afterEach(() => db.close());

async function binanceAccountId(): Promise<string> {
  const url = 'https://www.binance.com/en/my/security/device-management';
  const r = await sendPage(scanAt(url), tabAt(url));
  if (!r.ok) throw new Error(r.error);
  return (r.value as { accountId: string }).accountId;
}

test('a guided tab is told so once, on the page that was opened, and not after a redirect elsewhere', async () => {
  const accountId = await binanceAccountId();
  expect(await send('openDevicesPage', { accountId }, PAGE)).toEqual({
    ok: true,
    value: { url: 'https://www.binance.com/en/my/security/device-management' },
  });
  expect(guidance.get(42)).toMatchObject({ siteName: 'Binance' });
  const login = tabAt('https://www.binance.com/en/login', 42);
  expect(await send('getGuidance', {}, login)).toEqual({ ok: true, value: { isGuided: false, siteName: '' } });
  const devices = tabAt('https://www.binance.com/en/my/security/device-management', 42);
  expect(await send('getGuidance', {}, tabAt(devices.url, 41))).toMatchObject({ value: { isGuided: false } });
  expect(guided).toEqual([]);
  expect(await send('getGuidance', {}, devices)).toEqual({ ok: true, value: { isGuided: true, siteName: 'Binance' } });
  expect(await send('getGuidance', {}, devices)).toMatchObject({ value: { isGuided: false } });
  expect(guided).toEqual([[42, expect.stringContaining('logs Binance out on every device')]]);
});

test('guidance expires, and extension pages cannot ask for it', async () => {
  await send('openDevicesPage', { accountId: await binanceAccountId() }, PAGE);
  expect(await send('getGuidance', {}, PAGE)).toMatchObject({
    ok: false,
    error: expect.stringContaining('not accepted'),
  });
  now += 11 * 60_000;
  const devices = tabAt('https://www.binance.com/en/my/security/device-management', 42);
  expect(await send('getGuidance', {}, devices)).toMatchObject({ value: { isGuided: false } });
});

test('scans from a custom site are accepted once it is in settings, and its log-out page is its own', async () => {
  const url = 'https://exchange.example/profile/security';
  expect(await sendPage(scanAt(url), tabAt(url))).toMatchObject({ ok: false });
  settings = { ...settings, customSites: [CUSTOM] };
  const r = await sendPage(scanAt(url), tabAt(url));
  expect(r).toMatchObject({ ok: true, value: { newSessions: 1 } });
  const overview = await send('getOverview', {}, PAGE);
  expect(overview).toMatchObject({
    ok: true,
    value: { accounts: [{ siteName: 'Example Exchange', devicesUrl: 'https://exchange.example/profile/security' }] },
  });
  expect(await sendPage(scanAt(url), tabAt('https://exchange.example/other'))).toMatchObject({
    ok: false,
  });
});

test('syncCustomSites hands the settings to the platform and is refused from content scripts', async () => {
  settings = { ...settings, customSites: [CUSTOM] };
  expect(await send('syncCustomSites', {}, PAGE)).toEqual({
    ok: true,
    value: { registered: ['custom-site:custom:exchange.example'] },
  });
  expect(synced).toEqual([[CUSTOM]]);
  expect(await send('syncCustomSites', {}, tabAt('https://www.binance.com/en/my/security'))).toMatchObject({
    ok: false,
  });
});

test('scanning the active tab injects once and accepts that tab’s next scan only', async () => {
  const url = 'https://other.example/account/sessions';
  expect(await sendPage(scanAt(url), tabAt(url, 9))).toMatchObject({ ok: false });
  expect(await send('scanActiveTab', {}, PAGE)).toEqual({
    ok: true,
    value: { url, isRegistered: false, isInjected: true, suggestedPattern: 'https://other.example/account/*' },
  });
  expect(injected).toEqual([9]);
  expect(await sendPage(scanAt(url), tabAt(url, 8))).toMatchObject({ ok: false });
  expect(await sendPage(scanAt(url), tabAt(url, 9))).toMatchObject({ ok: true });
  expect(await sendPage(scanAt(url), tabAt(url, 9))).toMatchObject({ ok: false });
  const overview = await send('getOverview', {}, PAGE);
  expect(overview).toMatchObject({ value: { accounts: [{ siteName: 'other.example' }] } });
});

test('a registered page is not injected again', async () => {
  const r = await handleMessage({ type: 'scanActiveTab', payload: {} }, PAGE, {
    ...services(),
    sites: { ...services().sites!, activeTab: async () => ({ id: 3, url: 'https://www.kucoin.com/account/security' }) },
  });
  expect(r).toMatchObject({ ok: true, value: { isRegistered: true, siteName: 'KuCoin', isInjected: false } });
  expect(injected).toEqual([]);
});
