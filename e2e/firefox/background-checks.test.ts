import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BINANCE_DEVICES_URL, fixture } from '../support/fixtures';
import { launchFirefox, openExtensionPage, until } from './firefox';

const ACTIVITY_URL = 'https://www.binance.com/en/my/security/account-activity';
const DEVICES = fixture('binance-device-management.en.html');
const ACTIVITY = fixture('binance-account-activity.en.html');
type Api = typeof chrome;
let browser: Browser;

beforeAll(async () => {
  browser = await launchFirefox();
});
afterAll(async () => {
  await browser?.close();
});

/** Serves Binance's device and account-activity pages at their real URLs in this page. */
async function serveBinance(page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.host !== 'www.binance.com') return void request.continue();
    const body = url.pathname.endsWith('/account-activity') ? ACTIVITY : DEVICES;
    void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

/** Runs in an extension page: the stored scans, as [url, isBackgroundCheck]; [] before the worker made the database. */
function readScans(): Promise<[string, boolean][]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('session-watchdog');
    // Never create the database: an empty version 1 left behind would make the worker skip its first migrations.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => resolve([]);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('scans')) {
        db.close();
        return resolve([]);
      }
      const req = db.transaction('scans').objectStore('scans').getAll();
      req.onsuccess = () => {
        resolve(
          req.result.map((s: { url: string; isBackgroundCheck?: boolean }) => [s.url, s.isBackgroundCheck === true]),
        );
        db.close();
      };
      req.onerror = () => reject(req.error);
    };
  });
}

/**
 * Moves every account's scan times, and when its live sessions were first and last seen, back by `ms` (the database
 * is moved, not the clock): the sessions the first visit listed stay the ones the account came with.
 */
function ageAccounts(ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('session-watchdog');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['accounts', 'summaries'], 'readwrite');
      const store = tx.objectStore('accounts');
      const all = store.getAll();
      all.onsuccess = () => {
        for (const a of all.result) {
          const user = a.lastUserScanAt === undefined ? {} : { lastUserScanAt: a.lastUserScanAt - ms };
          store.put({ ...a, ...user, lastScanAt: a.lastScanAt - ms, firstScanAt: a.firstScanAt - ms });
        }
      };
      const summaries = tx.objectStore('summaries');
      const each = summaries.getAll();
      each.onsuccess = () => {
        for (const s of each.result) {
          const sessions = s.sessions.map((x: { firstObservedAt: number; lastObservedAt: number }) => ({
            ...x,
            firstObservedAt: x.firstObservedAt - ms,
            lastObservedAt: x.lastObservedAt - ms,
          }));
          summaries.put({ ...s, sessions });
        }
      };
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
    };
  });
}

test('Firefox: the alarm opens the device and login-history pages in background tabs, reads them, closes them; the card says "Checked by itself"', async () => {
  const site = await browser.newPage();
  await serveBinance(site);
  await site.goto(BINANCE_DEVICES_URL);

  const first = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => first.evaluate(readScans),
    (scans) => scans.length === 1,
    'the user’s own visit stored',
  );
  // Over BiDi an extension page's reload never resolves: a fresh popup reads the stored visit.
  await first.close();
  let popup = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => popup.$('[data-testid=background-check] select'),
    (el) => el !== null,
    'the background-check control',
  );
  await popup.select('[data-testid=background-check] select', 'daily');
  await until(
    () =>
      popup.evaluate(async () => {
        const api = (globalThis as unknown as { browser: Api }).browser;
        const { settings } = await api.storage.local.get('settings');
        return (settings as { backgroundChecks?: Record<string, string> } | undefined)?.backgroundChecks;
      }),
    (checks) => checks?.['binance:38451092'] === 'daily',
    'the schedule saved',
  );
  await popup.evaluate(ageAccounts, 12 * 86_400_000);

  // A tab the worker opens in the background is not intercepted by this page's routes (there is no network here):
  // the test serves it and loads the same URL again in that very tab, whose id the worker is waiting on.
  const expected = [BINANCE_DEVICES_URL, ACTIVITY_URL];
  const opened: string[] = [];
  browser.on('targetcreated', (target) => {
    void target.page().then(async (page) => {
      if (!page) return;
      const url = expected[opened.length];
      opened.push(url ?? '');
      if (!url) return;
      await serveBinance(page);
      await page.goto(url).catch(() => undefined);
    });
  });
  const activeTabIds = () =>
    popup.evaluate(async () =>
      (await (globalThis as unknown as { browser: Api }).browser.tabs.query({ active: true })).map((t) => t.id),
    );
  const activeBefore = await activeTabIds();
  const firedAt = await popup.evaluate(async () => {
    const now = Date.now();
    await (globalThis as unknown as { browser: Api }).browser.alarms.create('background-checks', { when: now });
    return now;
  });
  await until(
    () =>
      popup.evaluate(
        async () =>
          (await (globalThis as unknown as { browser: Api }).browser.storage.local.get('backgroundChecksRanAt'))
            .backgroundChecksRanAt as number | undefined,
      ),
    (at) => (at ?? 0) >= firedAt,
    'the background-check run to finish',
    60_000,
  );

  expect(opened).toEqual(expected);
  expect(await popup.evaluate(readScans)).toEqual([
    [BINANCE_DEVICES_URL, false],
    [BINANCE_DEVICES_URL, true],
    [ACTIVITY_URL, true],
  ]);
  const tabsLeft = await popup.evaluate(async () =>
    (await (globalThis as unknown as { browser: Api }).browser.tabs.query({})).map((t) => t.url ?? ''),
  );
  expect(tabsLeft.filter((u) => u.includes('account-activity'))).toEqual([]);
  expect(tabsLeft.filter((u) => u === BINANCE_DEVICES_URL)).toHaveLength(1);
  expect(await activeTabIds()).toEqual(activeBefore);

  await popup.close();
  popup = await openExtensionPage(browser, 'popup/index.html');
  const checked = await until(
    () => popup.$$eval('[data-testid=checked-by-itself]', (els) => els.map((e) => e.textContent ?? '')),
    (texts) => texts.length > 0,
    '"Checked by itself" on the card',
  );
  expect(checked[0]).toMatch(/^Checked by itself /);
});
