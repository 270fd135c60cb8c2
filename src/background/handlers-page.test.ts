// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { extractScan } from '../core/extract/extract-scan';
import { snapshotDom } from '../core/extract/snapshot';
import { defaultSettings, type Settings } from '../shared/settings';
import { type Db, openDatabase, readAllRows } from './db';
import { handleMessage, type Services } from './handlers';
import { recordScan } from './scan-service';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const URL = 'https://www.binance.com/en/my/security/device-management';
const T0 = Date.UTC(2026, 3, 14, 15);
const tabAt = (url: string, tabId = 7) => ({ id: ID, url, tab: { id: tabId, url }, frameId: 0 });
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../e2e/fixtures');

let db: Db;
let settings: Settings;
let badge: number;
let n = 0;
/** A tab per test: the worker remembers each tab's last reading. */
let TAB = tabAt(URL);

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    now: () => T0,
    refreshBadge: async () => {
      badge++;
    },
    onRaised: async () => undefined,
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
    // The extraction budget stands still here: these tests are about what is stored, on a machine of any speed
    // (handlers-page-hostile.test.ts drives the budget with a clock of its own).
    clock: () => 0,
  });
}

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const fixture = () => parse(readFileSync(join(FIXTURES, 'binance-device-management.en.html'), 'utf8'));
const recordPage = (doc: Document, visit = 'v1', sender: object = TAB) =>
  handleMessage({ type: 'recordPage', payload: { url: URL, visit, snapshot: snapshotDom(doc) } }, sender, services());

beforeEach(async () => {
  db = await openDatabase(`page-${n++}`);
  TAB = tabAt(URL, n);
  settings = defaultSettings();
  badge = 0;
});
afterEach(() => db.close());

describe('recordPage', () => {
  test("the worker extracts the page and stores exactly what the page's own reading stores", async () => {
    const doc = fixture();
    const r = await recordPage(doc);
    expect(r).toMatchObject({ ok: true, value: { isRecorded: true, accountId: 'binance:38451092', newSessions: 4 } });
    expect(badge).toBe(1);
    const viaPage = {
      sessions: (await readAllRows(db)).sessions.map((s) => s.device).sort(),
      logins: await db.count('logins'),
    };
    expect(viaPage.sessions).toHaveLength(4);
    expect(viaPage.logins).toBe(6);

    // The same page read from the live DOM and stored by the scan service, into a fresh database.
    db.close();
    db = await openDatabase(`page-${n++}`);
    const scan = extractScan(doc.body, { url: URL, now: T0 });
    expect(await recordScan(db, 'binance', scan, settings, T0)).toMatchObject({ accountId: 'binance:38451092' });
    expect((await readAllRows(db)).sessions.map((s) => s.device).sort()).toEqual(viaPage.sessions);
    expect(await db.count('logins')).toBe(viaPage.logins);
  });

  test('a visit whose reading is unchanged is not stored again; a new visit is', async () => {
    const doc = fixture();
    const lastActive = [...doc.querySelectorAll('td')].find((td) => td.textContent === '2026-04-14 09:30 UTC')!;
    lastActive.textContent = '5 minutes ago';
    expect(await recordPage(doc)).toMatchObject({ ok: true, value: { isRecorded: true } });
    // Only the page's clock text moved: the same reading.
    lastActive.textContent = '9 minutes ago';
    expect(await recordPage(doc)).toEqual({ ok: true, value: { isRecorded: false } });
    expect(await db.count('scans')).toBe(1);
    expect(await recordPage(doc, 'v2')).toMatchObject({ ok: true, value: { isRecorded: true } });
    expect(await db.count('scans')).toBe(2);
    // A changed reading in the same visit is stored.
    lastActive.parentElement!.remove();
    expect(await recordPage(doc, 'v2')).toMatchObject({ ok: true, value: { isRecorded: true } });
    expect(await db.count('scans')).toBe(3);
  });

  test('a paginated device list: page 2 in the same visit does not log out page 1; a removed row does', async () => {
    const pageOf = (rows: [string, string][]) =>
      parse(
        `<html><body><div>User ID: <span>38451092</span></div><h2>Active Devices</h2><table><thead><tr><th>Device</th><th>IP Address</th><th>Location</th><th>Last Active</th></tr></thead><tbody>${rows
          .map(([d, ip]) => `<tr><td>${d}</td><td>${ip}</td><td>Paris, FR</td><td>2026-04-14 10:00 UTC</td></tr>`)
          .join('')}</tbody></table><nav><a href="?page=1">1</a> <a href="?page=2">2</a></nav></body></html>`,
      );
    const live = async () =>
      (await readAllRows(db)).sessions
        .filter((x) => x.goneAt === undefined)
        .map((x) => x.device)
        .sort();
    const one: [string, string][] = [
      ['Chrome 126 on macOS', '192.0.2.1'],
      ['Safari on iOS 17', '192.0.2.2'],
    ];
    const two: [string, string][] = [
      ['Firefox 128 on Linux', '198.51.100.9'],
      ['Edge 126 on Windows', '198.51.100.10'],
    ];
    await recordPage(pageOf(one), 'p');
    await recordPage(pageOf(two), 'p');
    expect(await live()).toEqual([
      'Chrome 126 on macOS',
      'Edge 126 on Windows',
      'Firefox 128 on Linux',
      'Safari on iOS 17',
    ]);
    // The user removes the Linux session with the page's own button: only that one is gone.
    await recordPage(pageOf([two[1]!]), 'p');
    expect(await live()).toEqual(['Chrome 126 on macOS', 'Edge 126 on Windows', 'Safari on iOS 17']);
    // A new visit starts over: what it does not show is gone.
    await recordPage(pageOf(one), 'q');
    expect(await live()).toEqual(['Chrome 126 on macOS', 'Safari on iOS 17']);
  });

  test('a page without session or login lists stores nothing', async () => {
    const r = await recordPage(parse('<html><body><h1>Security</h1><p>Nothing here</p></body></html>'));
    expect(r).toEqual({ ok: true, value: { isRecorded: false } });
    expect(await db.count('scans')).toBe(0);
  });

  test('the site is decided by the sending tab: another page is refused before extraction', async () => {
    const r = await recordPage(fixture(), 'v1', tabAt('https://www.binance.com/en/markets'));
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('not a registered') });
    expect(await db.count('scans')).toBe(0);
  });

  test('an extension page may not send it', async () => {
    const r = await recordPage(fixture(), 'v1', { id: ID, url: `${ORIGIN}popup/index.html` } as never);
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('not accepted') });
  });

  test.each([
    ['a malformed snapshot', { url: URL, visit: 'v', snapshot: ['div', 0, 7] }],
    ['a prototype key as a tag', { url: URL, visit: 'v', snapshot: ['__proto__', 0] }],
    ['no snapshot', { url: URL, visit: 'v' }],
    ['an extra field', { url: URL, visit: 'v', snapshot: ['div', 0], scan: {} }],
    ['a long visit id', { url: URL, visit: 'v'.repeat(65), snapshot: ['div', 0] }],
  ])('%s is refused and nothing stored', async (_name, payload) => {
    const r = await handleMessage({ type: 'recordPage', payload }, TAB, services());
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('Invalid recordPage') });
    expect(await db.count('scans')).toBe(0);
  });

  test('a flood page of 5,000 rows stores 2,000 sessions', async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `<tr><td>Chrome ${i} on Windows</td><td>203.0.${i >> 8}.${i & 255}</td><td>Online</td></tr>`,
    ).join('');
    const doc = parse(
      `<html lang="en"><body><p>UID: 99900099</p><h2>Device Management</h2><table><thead><tr><th>Device</th><th>IP Address</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table></body></html>`,
    );
    const r = await recordPage(doc);
    expect(r).toMatchObject({ ok: true, value: { isRecorded: true, newSessions: 2000 } });
  }, 30_000);
});

describe('recordPage: a page of API keys alone', () => {
  const API_URL = 'https://www.binance.com/en/my/settings/api-management';
  const apiPage = () => parse(readFileSync(join(FIXTURES, 'binance-api-management.en.html'), 'utf8'));
  const send = (doc: Document, visit: string) =>
    handleMessage(
      { type: 'recordPage', payload: { url: API_URL, visit, snapshot: snapshotDom(doc) } },
      tabAt(API_URL, 900 + n),
      services(),
    );

  test('is stored though it shows no session or sign-in list; the same visit with a key gone is stored again', async () => {
    expect(await send(apiPage(), 'k1')).toMatchObject({ ok: true, value: { isRecorded: true } });
    expect((await readAllRows(db)).apiKeys.map((k) => k.label).sort()).toEqual([
      'Grid bot',
      'Old portfolio tracker',
      'Tax report',
      'sync',
    ]);
    const fewer = apiPage();
    for (const row of fewer.querySelectorAll('tr')) if (row.textContent?.includes('sync')) row.remove();
    expect(await send(fewer, 'k1')).toMatchObject({ ok: true, value: { isRecorded: true } });
    expect((await readAllRows(db)).apiKeys.find((k) => k.label === 'sync')?.deletedAt).toBe(T0);
  });
});
