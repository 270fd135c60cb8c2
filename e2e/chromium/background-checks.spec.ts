import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from '@playwright/test';
import { extensionArgs } from '../../scripts/chromium.mjs';
import { BINANCE_DEVICES_URL, CHROMIUM, DIST_CHROME, DOCS_SCREENSHOTS, fixture } from '../support/fixtures';
import { expect, test } from './extension';

const ACTIVITY_URL = 'https://www.binance.com/en/my/security/account-activity';
const ACCOUNT = 'binance:38451092';
const DEVICES = fixture('binance-device-management.en.html');
const ACTIVITY = fixture('binance-account-activity.en.html');
/** An intruder who signed in between two of the user's visits: a Linux browser on a server in Singapore. */
const WITH_INTRUDER = DEVICES.replace(
  '      </tr>\n    </tbody>\n  </table>\n  <h2>Login History</h2>',
  '      </tr>\n      <tr><td>Chrome 131 on Linux</td><td>159.89.200.14</td><td>Singapore, SG</td><td>2026-04-14 14:55 UTC</td><td>Online</td><td></td></tr>\n    </tbody>\n  </table>\n  <h2>Login History</h2>',
);
if (WITH_INTRUDER === DEVICES) throw new Error('the fixture changed: no place for the intruder row');

/** Serves Binance's device and account-activity pages at their real URLs; `signedOut` redirects to a sign-in page. */
async function serveBinance(context: BrowserContext, state: { devices: string; signedOut: boolean }): Promise<void> {
  await context.route('https://www.binance.com/**', (route) => {
    const url = new URL(route.request().url());
    if (state.signedOut) {
      return route.fulfill({ status: 302, headers: { location: 'https://accounts.binance.com/en/login' } });
    }
    const body = url.pathname.endsWith('/account-activity') ? ACTIVITY : state.devices;
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  await context.route('https://accounts.binance.com/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><title>Log in</title><form><input name="email"><input type="password"><button>Log in</button></form>',
    }),
  );
}

/**
 * A tab the worker opens in the background starts its first navigation before Playwright has attached to it, so
 * that one request misses the routes (and, with no network here, shows Chromium's error page). The test loads the
 * same URL again in that very tab, now routed; the worker keeps waiting on the tab it opened (same tab id), whose
 * URL stayed on the security page. `expected` are the URLs the checks open, in order.
 */
function loadAgainWhenUnrouted(
  context: BrowserContext,
  expected: string[],
  opened: string[],
): { ignoreWhile: <T>(open: () => Promise<T>) => Promise<T> } {
  let isIgnoring = false;
  context.on('page', (page) => {
    if (isIgnoring) return;
    const url = expected[opened.length] ?? '';
    opened.push(url);
    // Loaded again whether or not the first load was routed: that depends on how fast Playwright attached.
    if (url) void page.goto(url).catch(() => undefined);
  });
  return {
    /** Pages the test opens itself are not the checks' tabs. */
    async ignoreWhile(open) {
      isIgnoring = true;
      try {
        return await open();
      } finally {
        isIgnoring = false;
      }
    },
  };
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
 * Moves every account's scan times, and when its live sessions were first and last seen, back by `days` (the
 * database is moved, not the clock): the sessions the first visit listed stay the ones the account came with.
 */
function ageAccounts(page: Page, days: number): Promise<void> {
  return page.evaluate(
    (ms) =>
      new Promise<void>((resolve, reject) => {
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
      }),
    days * 86_400_000,
  );
}

/** Fires the background-check alarm now and resolves once the worker has finished that run. */
async function fireChecks(worker: Worker): Promise<void> {
  const at = await worker.evaluate(async () => {
    const now = Date.now();
    await chrome.alarms.create('background-checks', { when: now });
    return now;
  });
  await expect
    .poll(
      () =>
        worker.evaluate(
          async () => (await chrome.storage.local.get('backgroundChecksRanAt')).backgroundChecksRanAt ?? 0,
        ),
      { timeout: 60_000 },
    )
    .toBeGreaterThanOrEqual(at);
}

const activeTabIds = (worker: Worker) =>
  worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((t) => t.id));

type LogEntry = { lastResult?: string; signedOutStreak: number; isPaused: boolean };

const checkLog = (worker: Worker) =>
  worker.evaluate(async (id) => {
    const log = (await chrome.storage.local.get('backgroundCheckLog')).backgroundCheckLog as
      | Record<string, LogEntry>
      | undefined;
    return log?.[id];
  }, ACCOUNT);

async function visitAndSchedule(
  context: BrowserContext,
  openExtensionPage: (path: string) => Promise<Page>,
): Promise<{ site: Page; popup: Page }> {
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  const popup = await openExtensionPage('popup/index.html');
  await popup.setViewportSize({ width: 420, height: 600 });
  // The popup reads the store when it opens: open it again once the visit's reading has landed.
  await expect.poll(() => popup.evaluate(readScans)).toHaveLength(1);
  await popup.reload();
  const select = popup.getByLabel('Check this account by itself');
  await expect(select).toHaveValue('off');
  await expect(popup.getByText('opens this site', { exact: false })).toBeVisible();
  await select.selectOption('daily');
  await expect(select).toHaveValue('daily');
  // The user's own visit was just now: the first check comes a day later. Time passes.
  await ageAccounts(popup, 12);
  await site.bringToFront();
  return { site, popup };
}

test('the alarm opens the device and login-history pages in background tabs, reads them, closes them, and the card says "Checked by itself"', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  const state = { devices: DEVICES, signedOut: false };
  await serveBinance(context, state);
  const { site, popup } = await visitAndSchedule(context, openExtensionPage);
  expect(await popup.evaluate(readScans)).toEqual([[BINANCE_DEVICES_URL, false]]);

  // An intruder signs in while the user is away; nobody opens the page.
  state.devices = WITH_INTRUDER;
  await worker.evaluate(async () => {
    const all = await chrome.notifications.getAll();
    await Promise.all(Object.keys(all).map((id) => chrome.notifications.clear(id)));
  });
  const focused = await activeTabIds(worker);
  const pagesBefore = context.pages().length;
  const opened: string[] = [];
  loadAgainWhenUnrouted(context, [BINANCE_DEVICES_URL, ACTIVITY_URL], opened);
  const activeDuringCheck: (number | undefined)[][] = [];
  const watching = setInterval(() => void activeTabIds(worker).then((ids) => activeDuringCheck.push(ids)), 100);

  await fireChecks(worker);
  clearInterval(watching);

  expect(opened).toHaveLength(2);
  expect(await popup.evaluate(readScans)).toEqual([
    [BINANCE_DEVICES_URL, false],
    [BINANCE_DEVICES_URL, true],
    [ACTIVITY_URL, true],
  ]);
  // Closed again, and the user's tab was the active one throughout.
  await expect.poll(() => context.pages().length).toBe(pagesBefore);
  expect(activeDuringCheck.length).toBeGreaterThan(0);
  for (const ids of activeDuringCheck) expect(ids).toEqual(focused);
  expect(await activeTabIds(worker)).toEqual(focused);
  expect(await checkLog(worker)).toMatchObject({ lastResult: 'read', signedOutStreak: 0 });
  // The intruder's new high warning is notified as a visit's would be.
  expect(Object.keys(await worker.evaluate(() => chrome.notifications.getAll())).length).toBeGreaterThan(0);

  await popup.reload();
  const card = popup.getByTestId('account-card').filter({ hasText: '38451092' });
  await expect(card.getByTestId('checked-by-itself')).toHaveText(/^Checked by itself /);
  // The user's own visit keeps its time, twelve days back (older than a week shows as a date).
  const twelveDaysAgo = new Date(Date.now() - 12 * 86_400_000).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
  await expect(card.getByTestId('scanned-by-you')).toHaveText(new RegExp(`^Scanned by you ${twelveDaysAgo}, `));
  await expect(card).toContainText('159.89.200.14');

  // Firing again at once checks nothing: the schedule and the hourly floor hold.
  const pagesNow = context.pages().length;
  await fireChecks(worker);
  expect(opened).toHaveLength(2);
  await expect.poll(() => context.pages().length).toBe(pagesNow);

  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  for (const [lang, query] of [
    ['', ''],
    ['-ar', '?lang=ar'],
  ] as const) {
    const page = query ? await openExtensionPage(`popup/index.html${query}`) : popup;
    await page.setViewportSize({ width: 420, height: 600 });
    await expect(page.getByTestId('checked-by-itself').first()).toBeVisible();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(DOCS_SCREENSHOTS, `popup-checked${lang}-${scheme}.png`) });
    }
  }
  for (const [lang, query] of [
    ['', ''],
    ['-ar', '?lang=ar'],
  ] as const) {
    const options = await openExtensionPage(`options/index.html${query}#checks`);
    await options.setViewportSize({ width: 900, height: 700 });
    const panel = options.getByTestId('background-checks');
    await expect(panel.getByTestId('background-check-row')).toHaveCount(2);
    await expect(panel.locator('select').first()).toHaveValue(/daily|off/);
    for (const scheme of ['light', 'dark'] as const) {
      await options.emulateMedia({ colorScheme: scheme });
      await panel.screenshot({ path: join(DOCS_SCREENSHOTS, `options-checks${lang}-${scheme}.png`) });
    }
  }
  await site.close();
});

test('a check that lands on a sign-in page records "signed out", stores nothing, closes its tab, and never fills the form', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  // Three checks, each waiting for its tab to reach the sign-in page.
  test.setTimeout(150_000);
  const state = { devices: DEVICES, signedOut: false };
  await serveBinance(context, state);
  const { popup } = await visitAndSchedule(context, openExtensionPage);
  state.signedOut = true;
  const pagesBefore = context.pages().length;
  const loginPages: string[] = [];
  const tabs = loadAgainWhenUnrouted(
    context,
    [BINANCE_DEVICES_URL, BINANCE_DEVICES_URL, BINANCE_DEVICES_URL],
    loginPages,
  );

  await fireChecks(worker);

  expect(loginPages).toHaveLength(1);
  await expect.poll(() => context.pages().length).toBe(pagesBefore);
  expect(await popup.evaluate(readScans)).toEqual([[BINANCE_DEVICES_URL, false]]);
  expect(await checkLog(worker)).toMatchObject({ lastResult: 'signed-out', signedOutStreak: 1 });

  await popup.reload();
  const card = popup.getByTestId('account-card').filter({ hasText: '38451092' });
  await expect(card.getByTestId('check-status')).toHaveText(/^Could not check: signed out /);
  await expect(card.getByTestId('checked-by-itself')).toHaveCount(0);

  // Options shows the same account with its schedule and what the last check found.
  const options = await tabs.ignoreWhile(() => openExtensionPage('options/index.html#checks'));
  const row = options.getByTestId('background-check-row').filter({ hasText: '38451092' });
  await expect(row.locator('select')).toHaveValue('daily');
  await expect(row).toContainText('Could not check: signed out');

  // Two more signed-out checks on later days (the log is moved back a day each time, not the clock): paused.
  for (let i = 0; i < 2; i++) {
    await worker.evaluate(async (id) => {
      const { backgroundCheckLog: log } = (await chrome.storage.local.get('backgroundCheckLog')) as {
        backgroundCheckLog: Record<string, { lastAttemptAt: number }>;
      };
      const entry = log[id];
      if (entry) entry.lastAttemptAt -= 2 * 86_400_000;
      await chrome.storage.local.set({ backgroundCheckLog: log });
    }, ACCOUNT);
    await fireChecks(worker);
  }
  expect(loginPages).toHaveLength(3);
  expect(await checkLog(worker)).toMatchObject({ lastResult: 'signed-out', signedOutStreak: 3 });
  await popup.reload();
  await expect(card.getByTestId('check-status')).toHaveText(/^Checks paused: signed out 3 times in a row\./);
  for (const [lang, query] of [
    ['', ''],
    ['-ar', '?lang=ar'],
  ] as const) {
    // A page opened here is not a check's tab.
    const page = query ? await tabs.ignoreWhile(() => openExtensionPage(`popup/index.html${query}`)) : popup;
    await page.setViewportSize({ width: 420, height: 600 });
    const shown = page.getByTestId('account-card').filter({ hasText: '38451092' });
    await expect(shown.getByTestId('resume-checks')).toBeVisible();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await shown.screenshot({ path: join(DOCS_SCREENSHOTS, `popup-checks-paused${lang}-${scheme}.png`) });
    }
    if (query) await page.close();
  }
  await popup.emulateMedia({ colorScheme: 'light' });
  // A paused schedule opens nothing, until the user resumes it.
  await fireChecks(worker);
  expect(loginPages).toHaveLength(3);
  await card.getByTestId('resume-checks').click();
  await expect.poll(() => checkLog(worker)).toMatchObject({ signedOutStreak: 0, isPaused: false });
  await expect(card.getByTestId('resume-checks')).toHaveCount(0);
});

test('a check missed while the browser was closed runs once when the browser starts again', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'sw-e2e-restart-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: extensionArgs(DIST_CHROME),
    });
  const workerOf = async (context: BrowserContext) =>
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));

  let context = await launch();
  let worker = await workerOf(context);
  const id = new URL(worker.url()).host;
  const state = { devices: DEVICES, signedOut: false };
  await serveBinance(context, state);
  const { popup } = await visitAndSchedule(context, async (path) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/${path}`);
    return page;
  });
  expect(await popup.evaluate(readScans)).toEqual([[BINANCE_DEVICES_URL, false]]);
  // Closed with the check due (twelve days since the user's visit, a daily schedule): it was missed.
  await context.close();

  context = await launch();
  await serveBinance(context, state);
  const opened: string[] = [];
  const expected = [BINANCE_DEVICES_URL, ACTIVITY_URL];
  // The start-up check may open its tab before this test has routes or listeners: serve any such tab again too.
  const reload = (page: Page) => {
    const url = expected[opened.length];
    opened.push(url ?? '');
    if (url) void page.goto(url).catch(() => undefined);
  };
  let isWatching = true;
  context.on('page', (page) => {
    if (isWatching) reload(page);
  });
  for (const page of context.pages()) if (/binance|chrome-error/.test(page.url())) reload(page);
  worker = await workerOf(context);
  await expect
    .poll(
      async () =>
        (
          (await worker.evaluate(() => chrome.storage.local.get('backgroundCheckLog'))).backgroundCheckLog as
            | Record<string, { lastResult?: string }>
            | undefined
        )?.[ACCOUNT]?.lastResult,
      { timeout: 60_000 },
    )
    .toBe('read');
  isWatching = false;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/popup/index.html`);
  isWatching = true;
  await expect
    .poll(() => page.evaluate(readScans))
    .toEqual([
      [BINANCE_DEVICES_URL, false],
      [BINANCE_DEVICES_URL, true],
      [ACTIVITY_URL, true],
    ]);
  // Once, not once per missed day: another run at once finds nothing due.
  await fireChecks(worker);
  expect(opened).toEqual(expected);
  expect(await page.evaluate(readScans)).toHaveLength(3);
  await context.close();
});
