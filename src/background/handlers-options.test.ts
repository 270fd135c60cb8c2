import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { withAddressValue } from '../core/ingest';
import type { Account, StoredLogin } from '../core/types';
import { defaultSettings, type Settings } from '../shared/settings';
import { type Db, loginRowKey, openDatabase } from './db';
import { handleMessage, type Services } from './handlers';
import { completeServices, memorySites } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const PAGE = { id: ID, url: `${ORIGIN}options/index.html` };
const TAB = {
  id: ID,
  url: 'https://www.binance.com/en/my/security/device-management',
  tab: { id: 7, url: 'https://www.binance.com/en/my/security/device-management' },
  frameId: 0,
};
const T0 = Date.UTC(2026, 3, 14, 15);
const HOUR = 3_600_000;

let db: Db;
let settings: Settings;
let opened: string[];
let n = 0;

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    now: () => T0,
    sites: {
      ...memorySites(),
      openTab: async (url) => {
        opened.push(url);
        return 7;
      },
    },
    refreshBadge: async () => {},
    onRaised: async () => {},
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
  });
}

function account(id: string): Account {
  return { id, siteId: id.split(':')[0] ?? id, hint: 'x', firstScanAt: T0, lastScanAt: T0, scanCount: 1 };
}

function login(accountId: string, i: number, time: number | undefined): StoredLogin {
  return { key: `${accountId}#${i}`, accountId, device: `Chrome ${i}`, time, firstObservedAt: time ?? T0 - 100 * HOUR };
}

const putLogin = (l: StoredLogin) => db.put('logins', l, loginRowKey(l));

beforeEach(async () => {
  db = await openDatabase(`opt-${n++}`);
  settings = defaultSettings();
  opened = [];
  await db.put('accounts', account('binance:1'));
  await db.put('accounts', account('kucoin:2'));
  for (let i = 0; i < 4; i++) await putLogin(login('binance:1', i, T0 - i * HOUR));
  await putLogin(login('binance:1', 9, undefined));
  for (let i = 0; i < 3; i++) await putLogin(login('kucoin:2', i, T0 - (i * 2 + 1) * HOUR + 1000));
});
afterEach(() => db.close());

const ask = (payload: unknown, sender: object = PAGE) =>
  handleMessage({ type: 'getLogins', payload }, sender, services());

describe('getLogins', () => {
  test('one account, newest first, capped by limit', async () => {
    const r = await ask({ accountId: 'binance:1', limit: 3 });
    expect(r).toMatchObject({ ok: true, value: { hasMore: true } });
    const value = (r as { value: { logins: StoredLogin[] } }).value;
    expect(value.logins.map((l) => l.key)).toEqual(['binance:1#0', 'binance:1#1', 'binance:1#2']);
  });

  test('every account when none is named, interleaved by time', async () => {
    const r = await ask({ limit: 100 });
    const value = (r as { value: { logins: StoredLogin[]; hasMore: boolean } }).value;
    expect(value.hasMore).toBe(false);
    expect(value.logins.map((l) => l.key).slice(0, 4)).toEqual([
      'binance:1#0',
      'kucoin:2#0',
      'binance:1#1',
      'binance:1#2',
    ]);
    expect(value.logins).toHaveLength(8);
  });

  test('since leaves out older logins and logins without a time', async () => {
    const r = await ask({ accountId: 'binance:1', since: T0 - HOUR, limit: 100 });
    const value = (r as { value: { logins: StoredLogin[] } }).value;
    expect(value.logins.map((l) => l.key)).toEqual(['binance:1#0', 'binance:1#1']);
  });

  test.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 5001 }, 'limit'],
    [{ limit: 10, accountId: 'x'.repeat(1201) }, 'accountId'],
    [{ limit: 10, extra: 1 }, '(root)'],
  ])('an oversized or malformed request %j is refused', async (payload, path) => {
    expect(await ask(payload)).toEqual({ ok: false, error: expect.stringContaining(path) });
  });

  test("a page gets each row as the site showed it, without the worker's own address value", async () => {
    await putLogin(withAddressValue({ ...login('binance:1', 20, T0 + HOUR), ip: '203.0.113.9' }));
    expect((await db.getAll('logins')).some((l) => l.ipValue !== undefined)).toBe(true);
    const r = await ask({ accountId: 'binance:1', limit: 1 });
    const value = (r as { value: { logins: StoredLogin[] } }).value;
    expect(value.logins).toEqual([{ ...login('binance:1', 20, T0 + HOUR), ip: '203.0.113.9' }]);
  });

  test('a content script may not read the history', async () => {
    expect(await ask({ limit: 10 }, TAB)).toMatchObject({ ok: false, error: expect.stringContaining('not accepted') });
  });
});

describe('a per-site log-out page override', () => {
  test('is opened instead of the registry page, and shown in the overview', async () => {
    const url = 'https://www.binance.com/en/my/security/device-management?tab=all';
    settings = { ...settings, logoutUrls: { binance: url } };
    expect(
      await handleMessage({ type: 'openDevicesPage', payload: { accountId: 'binance:1' } }, PAGE, services()),
    ).toEqual({ ok: true, value: { url } });
    expect(opened).toEqual([url]);
    const overview = await handleMessage({ type: 'getOverview', payload: {} }, PAGE, services());
    const accounts = (overview as { value: { accounts: { account: Account; devicesUrl: string }[] } }).value.accounts;
    expect(accounts.find((a) => a.account.id === 'binance:1')?.devicesUrl).toBe(url);
  });

  test('on another host is ignored for the registry page', async () => {
    settings = { ...settings, logoutUrls: { binance: 'https://binance.example/logout' } };
    const r = await handleMessage({ type: 'openDevicesPage', payload: { accountId: 'binance:1' } }, PAGE, services());
    expect(r).toEqual({ ok: true, value: { url: 'https://www.binance.com/en/my/security/device-management' } });
  });
});

describe('lookupPlaces', () => {
  const look = (payload: unknown, sender: object = PAGE) =>
    handleMessage({ type: 'lookupPlaces', payload }, sender, services());

  test('answers where stored place texts are and who runs an address, from the offline tables', async () => {
    const r = await look({
      locations: ['Singapore', 'Berlin, Germany', 'Berlin, Germany', 'nowhere at all'],
      ips: ['167.99.1.2'],
    });
    expect(r.ok).toBe(true);
    const value = (r as { value: { places: { text: string; lat: number; lon: number }[]; networks: unknown[] } }).value;
    expect(value.places.map((p) => p.text)).toEqual(['Singapore', 'Berlin, Germany']);
    const berlin = value.places[1];
    expect(berlin?.lat).toBeCloseTo(52.5, 0);
    expect(berlin?.lon).toBeCloseTo(13.4, 0);
    expect(value.networks).toEqual([
      { ip: '167.99.1.2', provider: expect.stringMatching(/digitalocean/i), isHosting: true },
    ]);
  });

  test('is for extension pages only, and refuses an oversized question whole', async () => {
    expect((await look({ locations: [], ips: [] }, TAB)).ok).toBe(false);
    expect((await look({ locations: Array(5001).fill('x'), ips: [] })).ok).toBe(false);
  });
});
