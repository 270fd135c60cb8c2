// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CheckLog } from '../core/background-check';
import { snapshotDom } from '../core/extract/snapshot';
import type { AccountView } from '../shared/contract';
import { defaultSettings, type Settings } from '../shared/settings';
import { type BackgroundChecks, type CheckServices, checkPages, createBackgroundChecks } from './background-checks';
import { allAccounts, type Db, openDatabase, readAllRows } from './db';
import { handleMessage, type Services, siteOf } from './handlers';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../e2e/fixtures');
const DEVICES = 'https://www.binance.com/en/my/security/device-management';
const ACTIVITY = 'https://www.binance.com/en/my/security/account-activity';
const ACCOUNT = 'binance:38451092';
const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 3, 14, 15);

const page = (name: string) => new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');

/** What the fake site does with a tab opened at a URL: where it ends up, and what its content script sends. */
type Behaviour = { finalUrl?: string; html?: () => Document; loadMs: number } | 'never-loads' | 'closed-by-user';

let db: Db;
let settings: Settings;
let now: number;
let log: CheckLog;
let raised: { siteName: string; reason: string }[];
let n = 0;
let nextTabId: number;
/** Tab ids differ in every test: the worker remembers each tab's last reading for as long as it runs. */
let userTab: number;
let locked: boolean;
let openFails: boolean;
/** The site's behaviour per URL opened. */
let site: Map<string, Behaviour>;
/** Every tab the checks opened, with whether it is still open. */
let tabs: Map<number, { url: string; openedAt: number; isOpen: boolean; isSent: boolean; behaviour: Behaviour }>;
let checks: BackgroundChecks;

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    now: () => now,
    refreshBadge: async () => undefined,
    onRaised: async (r) => {
      raised.push(...r);
    },
    identity: { id: 'ext', origin: 'chrome-extension://ext/' },
    words: englishWords,
    saveSettings: async (next) => {
      settings = next;
    },
    checks,
    checkLog: {
      load: async () => structuredClone(log),
      save: async (next) => {
        log = structuredClone(next);
      },
    },
  });
}

const send = (
  type: string,
  payload: unknown,
  sender: object = { id: 'ext', url: 'chrome-extension://ext/popup/index.html' },
) => handleMessage({ type, payload }, sender, services());

const fromTab = (tabId: number, url: string) => ({ id: 'ext', url, tab: { id: tabId, url }, frameId: 0 });

/** Lets the fake time run: a tab whose page has loaded gets its content script's reading sent once. */
async function advance(ms: number): Promise<void> {
  now += ms;
  for (const [tabId, tab] of tabs) {
    if (tab.behaviour === 'closed-by-user' && now - tab.openedAt > 2_000) tab.isOpen = false;
    if (!tab.isOpen || tab.isSent || typeof tab.behaviour === 'string') continue;
    if (now - tab.openedAt < tab.behaviour.loadMs) continue;
    tab.isSent = true;
    const html = tab.behaviour.html;
    const url = tab.behaviour.finalUrl ?? tab.url;
    if (html)
      await handleMessage(
        { type: 'recordPage', payload: { url, visit: `v${tabId}`, snapshot: snapshotDom(html()) } },
        fromTab(tabId, url),
        services(),
      );
  }
}

function checkServices(): CheckServices {
  return {
    settings: async () => settings,
    accounts: async () => allAccounts(db),
    siteOf,
    canRead: async () => true,
    loadLog: async () => structuredClone(log),
    saveLog: async (next) => {
      log = structuredClone(next);
    },
    tabs: {
      open: async (url) => {
        if (openFails) throw new Error('No window');
        const id = nextTabId++;
        tabs.set(id, { url, openedAt: now, isOpen: true, isSent: false, behaviour: site.get(url) ?? 'never-loads' });
        return id;
      },
      state: async (id) => {
        const tab = tabs.get(id);
        if (!tab?.isOpen) return undefined;
        if (typeof tab.behaviour === 'string') return { url: '', isComplete: false };
        const isComplete = now - tab.openedAt >= tab.behaviour.loadMs;
        if (!isComplete) return { url: tab.url, isComplete };
        const url = tab.behaviour.finalUrl ?? tab.url;
        // A host the extension has no access to shows no URL.
        return new URL(url).hostname === 'www.binance.com' ? { url, isComplete } : { isComplete };
      },
      close: async (id) => {
        const tab = tabs.get(id);
        if (tab) tab.isOpen = false;
      },
    },
    isScreenLocked: async () => locked,
    now: () => now,
    random: () => 0.5,
    sleep: advance,
    pageTimeoutMs: 30_000,
  };
}

const READS: Behaviour = { html: () => page('binance-device-management.en.html'), loadMs: 1_200 };
const HISTORY: Behaviour = { html: () => page('binance-account-activity.en.html'), loadMs: 900 };
const SIGN_IN: Behaviour = { finalUrl: 'https://accounts.binance.com/en/login?return_to=x', loadMs: 700 };

async function scanAsUser(at: number): Promise<void> {
  const before = now;
  now = at;
  const r = await handleMessage(
    {
      type: 'recordPage',
      payload: { url: DEVICES, visit: `user-${at}`, snapshot: snapshotDom(page('binance-device-management.en.html')) },
    },
    fromTab(userTab++, DEVICES),
    services(),
  );
  expect(r).toMatchObject({ ok: true, value: { isRecorded: true, accountId: ACCOUNT } });
  now = before;
}

const openTabs = () => [...tabs.values()].filter((t) => t.isOpen);
const opened = () => [...tabs.values()].map((t) => t.url);

beforeEach(async () => {
  db = await openDatabase(`checks-${n++}`);
  settings = defaultSettings();
  now = T0;
  log = {};
  raised = [];
  nextTabId = n * 1000;
  userTab = n * 1000 + 500;
  locked = false;
  openFails = false;
  site = new Map([
    [DEVICES, READS],
    [ACTIVITY, HISTORY],
  ]);
  tabs = new Map();
  checks = createBackgroundChecks(checkServices());
  await scanAsUser(T0 - 12 * D);
  raised = [];
});
afterEach(() => db.close());

async function schedule(value: 'off' | 'daily' | 'weekly') {
  expect(await send('setBackgroundCheck', { accountId: ACCOUNT, schedule: value })).toEqual({ ok: true, value: {} });
}

describe('a background check', () => {
  test('reads the device page and the login history in background tabs, stores them marked, closes the tabs', async () => {
    await schedule('daily');
    const run = await checks.run();
    expect(run).toEqual({ checked: [{ accountId: ACCOUNT, result: 'read' }] });
    expect(opened()).toEqual([DEVICES, ACTIVITY]);
    expect(openTabs()).toEqual([]);

    const rows = await readAllRows(db);
    expect(rows.scans.map((s) => [s.url, s.isBackgroundCheck === true])).toEqual([
      [DEVICES, false],
      [DEVICES, true],
      [ACTIVITY, true],
    ]);
    const [account] = await allAccounts(db);
    // Sign-ins first seen by the check are marked so (the CSV's "seen by" column, the history's count).
    const logins = (await readAllRows(db)).logins;
    const fromHistoryPage = logins.filter((l) => l.accountId !== ACCOUNT);
    expect(fromHistoryPage.length).toBeGreaterThan(0);
    expect(fromHistoryPage.every((l) => l.isFromBackgroundCheck)).toBe(true);
    expect(logins.filter((l) => l.accountId === ACCOUNT).some((l) => l.isFromBackgroundCheck)).toBe(false);
    // The account-activity fixture shows the account's e-mail, not its UID: it is stored under that, as on a visit.
    expect(account).toMatchObject({ lastUserScanAt: T0 - 12 * D, scanCount: 2 });
    expect(account?.lastCheckedAt).toBeGreaterThan(T0);
    expect(account?.lastScanAt).toBe(account?.lastCheckedAt);
    expect(log[ACCOUNT]).toMatchObject({ lastAttemptAt: T0, lastResult: 'read', lastReadAt: T0, signedOutStreak: 0 });

    const overview = (await send('getOverview', {})) as { value: { accounts: AccountView[] } };
    const views = new Map(overview.value.accounts.map((v) => [v.account.id, v.check]));
    expect(views.get(ACCOUNT)).toEqual({ schedule: 'daily', lastResult: 'read', lastAttemptAt: T0, isPaused: false });
    expect([...views.keys()]).toHaveLength(2);
    expect([...views.entries()].filter(([id]) => id !== ACCOUNT).map(([, check]) => check)).toEqual([undefined]);
  });

  test('the user’s own visit after a check is a user scan again', async () => {
    await schedule('daily');
    await checks.run();
    const checkedAt = (await allAccounts(db))[0]?.lastCheckedAt;
    await scanAsUser(now + H);
    expect((await allAccounts(db))[0]).toMatchObject({ lastUserScanAt: now + H, lastCheckedAt: checkedAt });
    expect((await readAllRows(db)).scans.at(-1)?.isBackgroundCheck).toBeUndefined();
  });

  test('the alarm firing twice checks once: the hourly floor and the schedule hold', async () => {
    await schedule('daily');
    await checks.run();
    await advance(5 * 60_000);
    expect(await checks.run()).toEqual({ checked: [] });
    await advance(20 * H);
    expect(await checks.run()).toEqual({ checked: [] });
    expect(opened()).toEqual([DEVICES, ACTIVITY]);
    // A day, plus its jitter (random 0.5 draws 1.2 h), after the first check's reading.
    now = T0 + D + 1.2 * H;
    expect(await checks.run()).toEqual({ checked: [] });
    now += 60_000;
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'read' }]);
  });

  test('two runs asked for at once check once', async () => {
    await schedule('weekly');
    const [a, b] = await Promise.all([checks.run(), checks.run()]);
    expect(a).toBe(b);
    expect(opened()).toEqual([DEVICES, ACTIVITY]);
  });

  test('nothing is opened for an account with no schedule, or with it off again', async () => {
    expect(await checks.run()).toEqual({ checked: [] });
    await schedule('daily');
    await schedule('off');
    expect(settings.backgroundChecks).toEqual({});
    expect(await checks.run()).toEqual({ checked: [] });
    expect(opened()).toEqual([]);
  });

  test('a switched-off site is not checked', async () => {
    await schedule('daily');
    settings = { ...settings, disabledSites: ['binance'] };
    expect(await checks.run()).toEqual({ checked: [] });
  });

  test('a locked screen skips the run and records no attempt', async () => {
    await schedule('daily');
    locked = true;
    expect(await checks.run()).toEqual({ skipped: 'screen-locked', checked: [] });
    expect(opened()).toEqual([]);
    expect(log).toEqual({});
    locked = false;
    expect((await checks.run()).checked).toHaveLength(1);
  });

  test('a new high warning from a background check notifies like a visit', async () => {
    await schedule('daily');
    // The user trusted everything at the first visit; then a stranger signs in from a server in Singapore.
    const doc = page('binance-device-management.en.html');
    const intruder = doc.createElement('tr');
    intruder.innerHTML =
      '<td>Chrome 131 on Linux</td><td>159.89.200.14</td><td>Singapore, SG</td><td>2026-04-14 14:55 UTC</td><td>Online</td><td></td>';
    doc.querySelectorAll('tbody')[1]?.append(intruder);
    site.set(DEVICES, { html: () => doc, loadMs: 1_000 });
    await checks.run();
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.every((r) => r.siteName === 'Binance')).toBe(true);
    expect(raised.map((r) => r.reason).join('\n')).toContain('159.89.200.14');
  });
});

describe('signed out', () => {
  test('a redirect to a sign-in page is "signed out": nothing stored, the tab closed, the history page not opened', async () => {
    await schedule('daily');
    site.set(DEVICES, SIGN_IN);
    const scansBefore = (await readAllRows(db)).scans.length;
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'signed-out' }]);
    expect(opened()).toEqual([DEVICES]);
    expect(openTabs()).toEqual([]);
    expect((await readAllRows(db)).scans).toHaveLength(scansBefore);
    // Decided when the sign-in page had loaded, not at the timeout.
    expect(now - T0).toBeLessThan(5_000);
    expect(log[ACCOUNT]).toMatchObject({ lastResult: 'signed-out', signedOutStreak: 1, isPaused: false });
    expect((await allAccounts(db))[0]?.lastCheckedAt).toBeUndefined();
  });

  test('a security page that shows no list is signed out at the timeout, and its tab is closed', async () => {
    await schedule('daily');
    // Markets, balances, orders and withdrawals only: its API-key table (a list the worker now stores) taken out.
    const noList = () => {
      const doc = page('unrelated-tables-only.en.html');
      for (const t of doc.querySelectorAll('table')) if (t.textContent?.includes('API Key')) t.remove();
      return doc;
    };
    site.set(DEVICES, { html: noList, loadMs: 800 });
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'signed-out' }]);
    expect(now - T0).toBeGreaterThanOrEqual(30_000);
    expect(now - T0).toBeLessThan(32_000);
    expect(openTabs()).toEqual([]);
  });

  test('a page that never loads is closed at the timeout', async () => {
    await schedule('daily');
    site.set(DEVICES, 'never-loads');
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'signed-out' }]);
    expect(openTabs()).toEqual([]);
  });

  test('three signed-out checks in a row pause the schedule until it is chosen again', async () => {
    await schedule('daily');
    site.set(DEVICES, SIGN_IN);
    for (let i = 0; i < 3; i++) {
      expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'signed-out' }]);
      now += 2 * D;
    }
    expect(log[ACCOUNT]).toMatchObject({ signedOutStreak: 3, isPaused: true });
    expect(await checks.run()).toEqual({ checked: [] });
    expect(opened()).toHaveLength(3);
    expect(await send('getOverview', {})).toMatchObject({
      value: { accounts: [{ check: { schedule: 'daily', lastResult: 'signed-out', isPaused: true } }] },
    });

    // The user signs in and chooses the schedule again: it resumes.
    site.set(DEVICES, READS);
    await schedule('daily');
    expect(log[ACCOUNT]).toMatchObject({ signedOutStreak: 0, isPaused: false });
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'read' }]);
  });

  test('a page signed in to another account of the site is signed out for this one', async () => {
    await schedule('daily');
    const other = page('binance-device-management.en.html');
    for (const el of other.querySelectorAll('*')) {
      if (el.children.length === 0 && el.textContent?.includes('38451092')) {
        el.textContent = el.textContent.replace('38451092', '77770000');
      }
    }
    site.set(DEVICES, { html: () => other, loadMs: 500 });
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'signed-out' }]);
  });
});

describe('setBackgroundCheck', () => {
  test('refuses an account that is not stored, and a content script', async () => {
    expect(await send('setBackgroundCheck', { accountId: 'binance:nobody', schedule: 'daily' })).toEqual({
      ok: false,
      error: 'Unknown account',
    });
    const fromPage = await send('setBackgroundCheck', { accountId: ACCOUNT, schedule: 'daily' }, fromTab(3, DEVICES));
    expect(fromPage).toMatchObject({ ok: false });
    expect(settings.backgroundChecks).toBeUndefined();
  });

  test('off removes the account from the settings and leaves others as they were', async () => {
    settings = { ...settings, backgroundChecks: { 'kraken:1': 'weekly' } };
    await schedule('daily');
    expect(settings.backgroundChecks).toEqual({ 'kraken:1': 'weekly', [ACCOUNT]: 'daily' });
    await schedule('off');
    expect(settings.backgroundChecks).toEqual({ 'kraken:1': 'weekly' });
  });
});

describe('failures', () => {
  test('no window to open a tab in fails the attempt and tries again an hour later', async () => {
    await schedule('daily');
    openFails = true;
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'failed' }]);
    expect(log[ACCOUNT]).toMatchObject({ lastResult: 'failed', signedOutStreak: 0 });
    openFails = false;
    now += 30 * 60_000;
    expect(await checks.run()).toEqual({ checked: [] });
    now += 31 * 60_000;
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'read' }]);
  });

  test('a tab the user closes under the check fails it, without counting as signed out', async () => {
    await schedule('daily');
    site.set(DEVICES, 'closed-by-user');
    expect((await checks.run()).checked).toEqual([{ accountId: ACCOUNT, result: 'failed' }]);
    expect(now - T0).toBeLessThan(5_000);
    expect(log[ACCOUNT]).toMatchObject({ signedOutStreak: 0, lastResult: 'failed' });
  });

  test('a reading from a tab the checks did not open is not marked', async () => {
    await schedule('daily');
    await scanAsUser(T0);
    expect((await readAllRows(db)).scans.every((s) => s.isBackgroundCheck === undefined)).toBe(true);
  });
});

test('checkPages: the device page, then the login history where it is a page of its own', () => {
  const s = (id: string) => {
    const def = siteOf(id, defaultSettings());
    if (!def) throw new Error(id);
    return checkPages(def);
  };
  expect(s('binance')).toEqual([DEVICES, ACTIVITY]);
  expect(s('kucoin')).toEqual([
    'https://www.kucoin.com/account/security',
    'https://www.kucoin.com/account/security/login-history',
  ]);
  expect(s('github')).toEqual(['https://github.com/settings/sessions']);
});
