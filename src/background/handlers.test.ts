import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { countedIncidents, incidentsOfWarnings } from '../core/incidents';
import type { ExtractedScan } from '../core/types';
import type { AccountView } from '../shared/contract';
import { defaultSettings, type Settings } from '../shared/settings';
import { type Db, openDatabase, readAllRows } from './db';
import { handleMessage, type Services } from './handlers';
import { recordPageOf } from './scan-page-test-helpers';
import { completeServices, memorySites } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const PAGE = { id: ID, url: `${ORIGIN}popup/index.html` };
const URL_ = 'https://www.binance.com/en/my/security/device-management';
/** A tab per test: the worker meters each tab's readings (a burst of five at one instant). */
const tabOf = (id: number) => ({ id: ID, url: URL_, tab: { id, url: URL_ }, frameId: 0 });
let TAB = tabOf(0);
const T0 = Date.UTC(2026, 3, 14, 15);

let db: Db;
let settings: Settings;
let opened: string[];
let notified: string[];
let badge: number;
let name = 0;

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
    refreshBadge: async () => {
      badge++;
    },
    onRaised: async (raised) => {
      notified.push(raised.map((r) => `${r.siteName}: ${r.reason}`).join('\n'));
    },
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
  });
}

/** A Vultr address: a stranger's session there is high even on a first scan, when nothing is trusted yet. */
const VULTR = '45.77.12.9';

function scanOf(devices: string[], hint = '1001', ips: (string | undefined)[] = []): ExtractedScan {
  return {
    url: URL_,
    scannedAt: T0,
    accountHint: hint,
    hasSessionList: true,
    hasLoginList: false,
    sessions: devices.map((device, i) => ({ device, ip: ips[i] ?? `203.0.113.${i + 1}`, isCurrent: i === 0 })),
    logins: [],
  };
}

beforeEach(async () => {
  db = await openDatabase(`test-${name++}`);
  TAB = tabOf(name);
  settings = defaultSettings();
  opened = [];
  notified = [];
  badge = 0;
});
afterEach(() => db.close());

describe('sender checks come before anything else', () => {
  test.each([
    ['another extension', { ...TAB, id: 'other' }],
    ['a page of another origin', { id: ID, url: 'https://evil.example/' }],
    ['a subframe of the site', { ...TAB, frameId: 3 }],
    ['no tab at all', { id: ID, url: 'https://www.binance.com/en/my/security' }],
  ])('%s is refused', async (_n, sender) => {
    const r = await handleMessage(recordPageOf(scanOf(['Chrome'])), sender, services());
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/sender|not accepted/) });
    expect((await readAllRows(db)).sessions).toHaveLength(0);
  });

  test('a page message from a content script is refused', async () => {
    const r = await handleMessage({ type: 'getOverview', payload: {} }, TAB, services());
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('not accepted') });
  });

  test('a scan from a tab that is not a registered security page is refused', async () => {
    const sender = {
      ...TAB,
      tab: { id: TAB.tab.id, url: 'https://www.binance.com/en/markets' },
      url: 'https://www.binance.com/en/markets',
    };
    const r = await handleMessage(recordPageOf(scanOf(['Chrome'])), sender, services());
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('not a registered') });
  });

  test.each([
    ['unknown type', { type: 'dropTables', payload: {} }, 'Unknown message'],
    ['not an object', 'recordPage', 'Malformed'],
    ['the retired recordScan', { type: 'recordScan', payload: { scan: scanOf(['Chrome']) } }, 'Unknown message'],
    [
      'an extra field',
      { type: 'recordPage', payload: { ...recordPageOf(scanOf(['x'])).payload, scan: scanOf(['x']) } },
      'Invalid recordPage',
    ],
    [
      'a list of more rows than a page copy may hold',
      recordPageOf(scanOf(Array.from({ length: 4101 }, (_, i) => `Chrome ${i}`))),
      'not a page snapshot within its limits',
    ],
  ])('%s is refused with a precise error and nothing stored', async (_n, message, error) => {
    const r = await handleMessage(message, TAB, services());
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining(error) });
    expect((await readAllRows(db)).sessions).toHaveLength(0);
  });
});

describe('recordPage', () => {
  test('stores the scan, flags untrusted sessions and notifies once', async () => {
    const r = await handleMessage(
      // A first scan: this browser is asked about ("is it yours?"), the stranger on a rented server is raised.
      recordPageOf(scanOf(['Chrome 126 on macOS', 'Firefox on Windows'], '1001', [undefined, VULTR])),
      TAB,
      services(),
    );
    expect(r).toEqual({
      ok: true,
      value: { isRecorded: true, accountId: 'binance:1001', newSessions: 2, goneSessions: 0, openWarnings: 2 },
    });
    expect((await readAllRows(db)).sessions).toHaveLength(2);
    expect(await db.count('scans')).toBe(1);
    expect(notified).toHaveLength(1);
    expect(notified[0]).toMatch(/^Binance: .*Firefox/);
    expect(badge).toBe(1);
  });

  test('a trusted device is not flagged', async () => {
    settings.trustedDevices = [{ id: 't', name: 'Mac', pattern: 'chrome * macos', createdAt: 0 }];
    const r = await handleMessage(recordPageOf(scanOf(['Chrome 126 on macOS', 'Firefox on Windows'])), TAB, services());
    expect(r).toMatchObject({ ok: true, value: { openWarnings: 1 } });
  });

  test('two accounts on one site stay apart', async () => {
    await handleMessage(recordPageOf(scanOf(['Chrome'], '1001')), TAB, services());
    await handleMessage(recordPageOf(scanOf(['Edge'], '1002')), TAB, services());
    const o = await handleMessage({ type: 'getOverview', payload: {} }, PAGE, services());
    expect(
      o.ok &&
        (o.value as { accounts: { account: { id: string }; sessions: unknown[] }[] }).accounts
          .map((a) => [a.account.id, a.sessions.length])
          .sort(),
    ).toEqual([
      ['binance:1001', 1],
      ['binance:1002', 1],
    ]);
  });

  test('the popup can acknowledge a warning, and the log-out page opens from the registry', async () => {
    await handleMessage(recordPageOf(scanOf(['Chrome'], '1001', [VULTR])), TAB, services());
    const o = await handleMessage({ type: 'getOverview', payload: {} }, PAGE, services());
    const view = o.ok
      ? (o.value as { accounts: { account: { id: string }; warnings: { id: string }[] }[]; badgeCount: number })
      : undefined;
    expect(view?.badgeCount).toBe(1);
    // Each account says how many incidents its card counts, as the popup counts them from the same view.
    for (const v of (o.ok ? (o.value as { accounts: AccountView[] }).accounts : []) as AccountView[])
      expect(v.incidentCount).toBe(countedIncidents(incidentsOfWarnings(v.account.id, v.warnings, v.sessions)).length);
    expect((o.ok ? (o.value as { accounts: AccountView[] }).accounts : []).map((v) => v.incidentCount)).toEqual([1]);
    const id = view?.accounts[0]?.warnings[0]?.id as string;
    expect(
      await handleMessage({ type: 'setWarningState', payload: { id, state: 'acknowledged' } }, PAGE, services()),
    ).toEqual({ ok: true, value: {} });
    const after = await handleMessage({ type: 'getOverview', payload: {} }, PAGE, services());
    expect(after.ok && (after.value as { badgeCount: number }).badgeCount).toBe(0);
    await handleMessage({ type: 'openDevicesPage', payload: { accountId: 'binance:1001' } }, PAGE, services());
    expect(opened).toEqual(['https://www.binance.com/en/my/security/device-management']);
  });
});

describe('getOverview and the security checklist', () => {
  test('due checklist items are listed; a fresh checklist lists none', async () => {
    const account = {
      name: 'binance_account',
      isAntiPhishingCodeSet: true,
      isWithdrawalWhitelistOn: true,
      trustedDevices: [],
      apiKeys: [],
    };
    settings = {
      ...settings,
      checklist: {
        accounts: [
          {
            ...account,
            lastDeviceReview: '2025-01-01',
            twoFactor: { type: 'authenticator', lastVerified: '2025-01-01' },
          },
        ],
      },
    };
    const due = await handleMessage({ type: 'getOverview', payload: {} }, PAGE, services());
    const items = due.ok ? (due.value as { checklistOverdue?: { item: string }[] }).checklistOverdue : undefined;
    expect(items?.map((o) => o.item).sort()).toEqual(['device-review', 'two-factor']);

    const today = new Date(T0).toISOString().slice(0, 10);
    settings = {
      ...settings,
      checklist: {
        accounts: [{ ...account, lastDeviceReview: today, twoFactor: { type: 'authenticator', lastVerified: today } }],
      },
    };
    const fresh = await handleMessage({ type: 'getOverview', payload: {} }, PAGE, services());
    expect(fresh.ok && (fresh.value as { checklistOverdue?: unknown[] }).checklistOverdue).toBeUndefined();
  });
});

describe('getOverview says when an account has too little history', () => {
  test('an account with fewer logins than the threshold is learning; lowering the threshold ends it', async () => {
    await handleMessage(recordPageOf(scanOf(['Chrome'], '1001')), TAB, services());
    const learning = async () => {
      const o = await handleMessage({ type: 'getOverview', payload: {} }, PAGE, services());
      return o.ok && (o.value as { accounts: { isLearning?: boolean }[] }).accounts[0]?.isLearning;
    };
    expect(await learning()).toBe(true);
    settings = { ...settings, thresholds: { ...settings.thresholds, minHistoryLogins: 0 } };
    expect(await learning()).toBeUndefined();
  });
});
