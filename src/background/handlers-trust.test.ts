import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { ExtractedScan, StoredWarning } from '../core/types';
import type { AccountView, ResponseOf } from '../shared/contract';
import type { EmergencyState } from '../shared/emergency';
import { defaultSettings, type Settings } from '../shared/settings';
import { type Db, openDatabase, readAllRows } from './db';
import { handleMessage, type Services } from './handlers';
import { recordPageOf } from './scan-page-test-helpers';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const PAGE = { id: ID, url: `${ORIGIN}popup/index.html` };
const URL_ = 'https://www.binance.com/en/my/security/device-management';
/** A tab per test: the worker meters each tab's readings. */
const tabOf = (id: number) => ({ id: ID, url: URL_, tab: { id, url: URL_ }, frameId: 0 });
let TAB = tabOf(0);
const T0 = Date.UTC(2026, 3, 14, 15);
const ACCOUNT = 'binance:1001';

let db: Db;
let settings: Settings;
let saved: Settings[];
let badge: number;
let now: number;
let n = 0;
let emergency: EmergencyState = {};

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    saveSettings: async (next) => {
      saved.push(next);
      settings = next;
    },
    now: () => now,
    refreshBadge: async () => {
      badge++;
    },
    onRaised: async () => {},
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
    emergency: {
      load: async () => structuredClone(emergency),
      save: async (next) => {
        emergency = structuredClone(next);
      },
    },
  });
}

const scan = (rows: [device: string, ip: string][]): ExtractedScan => ({
  url: URL_,
  scannedAt: now,
  accountHint: '1001',
  hasSessionList: true,
  hasLoginList: false,
  sessions: rows.map(([device, ip], i) => ({ device, ip, isCurrent: i === 0 })),
  logins: [],
});

async function send(type: string, payload: unknown, sender: object = PAGE) {
  return handleMessage({ type, payload }, sender, services());
}

/** The tab's page showing `scan`, as its content script sends it. */
async function sendPage(scan: ExtractedScan) {
  return handleMessage(recordPageOf(scan), TAB, services());
}

async function warnings(): Promise<StoredWarning[]> {
  return (await readAllRows(db)).warnings;
}

beforeEach(async () => {
  db = await openDatabase(`trust-${n++}`);
  TAB = tabOf(n);
  settings = defaultSettings();
  saved = [];
  badge = 0;
  now = T0;
  emergency = {};
});
afterEach(() => db.close());

test('"This was me" trusts the row by browser, OS and /24; its warning resolves and the other stays open', async () => {
  await sendPage(
    scan([
      ['Chrome 126 on macOS 14.5', '203.0.113.42'],
      ['Firefox 115 on Windows 10', '198.51.100.7'],
    ]),
  );
  const mac = (await warnings()).find(
    (w) => w.rule === 'unknown-device' && w.evidence.device?.toString().includes('macOS'),
  );
  expect(mac?.state).toBe('open');
  badge = 0;
  const r = await send('trustFromWarning', { id: mac?.id });
  expect(r).toEqual({ ok: true, value: { change: 'created', trustedDeviceName: 'Chrome on macOS', openWarnings: 1 } });
  expect(saved).toHaveLength(1);
  expect(settings.trustedDevices).toEqual([
    expect.objectContaining({
      browser: 'Chrome',
      os: 'macOS',
      deviceType: 'desktop',
      ipRanges: ['203.0.113.0/24'],
      accountIds: [ACCOUNT],
    }),
  ]);
  const after = await warnings();
  expect(after.find((w) => w.id === mac?.id)?.state).toBe('resolved');
  expect(after.filter((w) => w.rule === 'unknown-device' && w.state === 'open')).toHaveLength(1);
  expect(badge).toBe(1);
});

test('"This was me" on the same browser from another network widens the entry instead of adding one', async () => {
  await sendPage(scan([['Chrome 126 on macOS 14.5', '203.0.113.42']]));
  await send('trustFromWarning', { id: (await warnings())[0]?.id });
  now += 86_400_000;
  await sendPage(
    scan([
      ['Chrome 126 on macOS 14.5', '203.0.113.42'],
      ['Chrome 127 on macOS 14.5', '192.0.2.10'],
    ]),
  );
  const open = (await warnings()).filter((w) => w.rule === 'unknown-device' && w.state === 'open');
  expect(open).toHaveLength(1);
  const r = await send('trustFromWarning', { id: open[0]?.id });
  expect(r).toMatchObject({ ok: true, value: { change: 'widened' } });
  expect(settings.trustedDevices).toHaveLength(1);
  expect(settings.trustedDevices[0]?.ipRanges).toEqual(['203.0.113.0/24', '192.0.2.0/24']);
});

test('"This was me" on a masked address trusts no network and says what it trusted', async () => {
  await sendPage(scan([['Chrome 126 on macOS 14.5', '198.51.*.*']]));
  const w = (await warnings()).find((x) => x.rule === 'unknown-device');
  const r = await send('trustFromWarning', { id: w?.id });
  expect(r).toMatchObject({
    ok: true,
    value: {
      change: 'created',
      notice: {
        text: expect.stringContaining('hid part of this address'),
        message: { key: expect.stringMatching(/^trustNotice_masked/) },
      },
    },
  });
  expect(saved.at(-1)?.trustedDevices[0]?.ipRanges).toBeUndefined();
});

test('a warning no trust can silence (too many sessions) is acknowledged instead', async () => {
  settings.thresholds.maxActiveSessions = 1;
  await sendPage(
    scan([
      ['Chrome 126 on macOS 14.5', '203.0.113.42'],
      ['Chrome 126 on macOS 14.5', '203.0.113.43'],
    ]),
  );
  const many = (await warnings()).find((w) => w.rule === 'too-many-sessions');
  expect(many?.state).toBe('open');
  const r = await send('trustFromWarning', { id: many?.id });
  // The two sessions are one device on one network: one incident about them, still open beside this one.
  expect(r).toMatchObject({ ok: true, value: { change: 'acknowledged', openWarnings: 1 } });
  expect(saved).toHaveLength(0);
  expect((await warnings()).find((w) => w.id === many?.id)?.state).toBe('acknowledged');
});

test('"These are mine" trusts the ticked sessions of a first scan only, and refuses an unknown key whole', async () => {
  await sendPage(
    scan([
      ['Chrome 126 on macOS 14.5', '203.0.113.42'],
      ['iPhone 15 Pro · iOS 17.4', '2001:db8:1:2::9'],
      ['Chrome 126 on macOS 14.5', '198.51.100.7'],
      ['Firefox 115 on Windows 10', '45.77.12.9'],
    ]),
  );
  const sessions = (await db.get('summaries', ACCOUNT))?.sessions ?? [];
  const keyOf = (ip: string) => sessions.find((x) => x.ip === ip)?.key ?? '';
  const mine = ['203.0.113.42', '2001:db8:1:2::9', '198.51.100.7'].map(keyOf);
  const refused = await send('trustAccountSessions', { accountId: ACCOUNT, sessionKeys: [...mine, 'not-a-session'] });
  expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('live session') });
  expect(saved).toHaveLength(0);
  const r = await send('trustAccountSessions', { accountId: ACCOUNT, sessionKeys: mine });
  expect(r).toMatchObject({ ok: true, value: { created: 2, widened: 1 } });
  // The session left unticked is still a stranger.
  const open = (await warnings()).filter(
    (w) => w.state === 'open' && (w.reasons ?? [w]).some((r) => r.rule === 'unknown-device'),
  );
  expect(open.map((w) => w.evidence.ip)).toEqual(['45.77.12.9']);
  expect((await db.get('accounts', ACCOUNT))?.lastReviewedAt).toBe(T0);

  await sendPage(scan([['Chrome 126 on macOS 14.5', '203.0.113.42']]));
  const again = await send('trustAccountSessions', { accountId: ACCOUNT, sessionKeys: [keyOf('203.0.113.42')] });
  expect(again).toMatchObject({ ok: false, error: expect.stringContaining('first scan') });
});

test('"These are all mine" trusts the sessions named, and never one on a rented server', async () => {
  await sendPage(
    scan([
      ['Chrome 126 on macOS 14.5', '203.0.113.42'],
      ['iPhone 15 Pro · iOS 17.4', '2001:db8:1:2::9'],
      ['Firefox 128 on Linux', '52.95.110.1'],
    ]),
  );
  const overview = await send('getOverview', {});
  const view = overview.ok
    ? (overview.value as { accounts: AccountView[] }).accounts.find((a) => a.account.id === ACCOUNT)
    : undefined;
  const server = view?.sessions.find((x) => x.ip === '52.95.110.1');
  const mac = view?.sessions.find((x) => x.ip === '203.0.113.42');
  // The overview tells the popup which sessions not to tick.
  expect(view?.highSignalKeys).toEqual([server?.key]);
  // Named, the server's session is refused whole: nothing is trusted.
  const refused = await send('trustAccountSessions', {
    accountId: ACCOUNT,
    sessionKeys: [mac?.key ?? '', server?.key ?? ''],
  });
  expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('high signal') });
  expect(saved).toHaveLength(0);
  // Only the Mac ticked: only the Mac trusted.
  const r = await send('trustAccountSessions', { accountId: ACCOUNT, sessionKeys: [mac?.key ?? ''] });
  expect(r).toMatchObject({ ok: true, value: { created: 1, widened: 0 } });
  expect(saved.at(-1)?.trustedDevices.map((t) => t.os)).toEqual(['macOS']);
});

test('"These are mine" without a list is refused: nothing is trusted implicitly', async () => {
  await sendPage(scan([['Chrome 126 on macOS 14.5', '203.0.113.42']]));
  expect(await send('trustAccountSessions', { accountId: ACCOUNT })).toMatchObject({ ok: false });
  expect(saved).toHaveLength(0);
});

test('markReviewed sets lastReviewedAt and keeps the rest of the account', async () => {
  await sendPage(scan([['Chrome 126 on macOS 14.5', '203.0.113.42']]));
  now = T0 + 5_000;
  expect(await send('markReviewed', { accountId: ACCOUNT })).toEqual({
    ok: true,
    value: { lastReviewedAt: T0 + 5_000 },
  });
  expect(await db.get('accounts', ACCOUNT)).toMatchObject({ lastReviewedAt: T0 + 5_000, scanCount: 1, lastScanAt: T0 });
  // A later scan keeps it.
  now = T0 + 10_000;
  await sendPage(scan([['Chrome 126 on macOS 14.5', '203.0.113.42']]));
  expect((await db.get('accounts', ACCOUNT))?.lastReviewedAt).toBe(T0 + 5_000);
  expect(await send('markReviewed', { accountId: 'nope' })).toMatchObject({ ok: false, error: 'Unknown account' });
});

test('the new messages are page-only', async () => {
  for (const [type, payload] of [
    ['trustFromWarning', { id: 'x' }],
    ['trustAccountSessions', { accountId: 'x', sessionKeys: ['k'] }],
    ['markReviewed', { accountId: 'x' }],
  ] as const) {
    expect(await send(type, payload, TAB)).toMatchObject({ ok: false, error: expect.stringContaining('not accepted') });
  }
});

test('emergency checklists are kept per account, validated, and cleared with null', async () => {
  expect(await send('getEmergency', {})).toEqual({ ok: true, value: { checklists: {} } });
  await send('saveEmergency', { accountId: ACCOUNT, checklist: { startedAt: T0, done: ['logout', 'logout'] } });
  await send('saveEmergency', { accountId: 'kucoin:x', checklist: { startedAt: T0 + 1, done: [] } });
  expect(emergency).toEqual({
    [ACCOUNT]: { startedAt: T0, done: ['logout'] },
    'kucoin:x': { startedAt: T0 + 1, done: [] },
  });
  expect(
    await send('saveEmergency', { accountId: ACCOUNT, checklist: { startedAt: T0, done: ['rm -rf'] } }),
  ).toMatchObject({ ok: false, error: expect.stringContaining('checklist.done.0') });
  await send('saveEmergency', { accountId: ACCOUNT, checklist: null });
  expect(await send('getEmergency', {})).toEqual({
    ok: true,
    value: { checklists: { 'kucoin:x': { startedAt: T0 + 1, done: [] } } },
  });
});

test('the worker records each tick and untick, and each log-out page opened, with its time, per account', async () => {
  await sendPage(
    scan([
      ['Chrome 126 on macOS', '203.0.113.42'],
      ['Firefox', '45.77.12.9'],
    ]),
  );
  const view = ((await send('getOverview', {})) as { value: ResponseOf<'getOverview'> }).value.accounts[0];
  const id = view?.account.id as string;
  const stranger = view?.sessions.find((x) => x.ip === '45.77.12.9');
  now = T0 + 1000;
  await send('openDevicesPage', { accountId: id });
  now = T0 + 2000;
  await send('saveEmergency', { accountId: id, checklist: { startedAt: T0 + 1500, done: ['logout'] } });
  now = T0 + 3000;
  await send('openDevicesPage', { accountId: id, sessionKey: stranger?.key });
  now = T0 + 4000;
  await send('saveEmergency', { accountId: id, checklist: { startedAt: T0 + 1500, done: ['password'] } });
  // Ending the checklist is not unticking it.
  await send('saveEmergency', { accountId: id, checklist: null });
  expect(await send('getActions', { accountId: id })).toEqual({
    ok: true,
    value: {
      actions: [
        { accountId: id, at: T0 + 1000, kind: 'logOutAllOpened' },
        { accountId: id, at: T0 + 2000, kind: 'stepTicked', step: 'logout' },
        { accountId: id, at: T0 + 3000, kind: 'signOutOpened', device: 'Firefox', ip: '45.77.12.9' },
        { accountId: id, at: T0 + 4000, kind: 'stepTicked', step: 'password' },
        { accountId: id, at: T0 + 4000, kind: 'stepUnticked', step: 'logout' },
      ],
    },
  });
  expect(await send('getActions', { accountId: 'kucoin:x' })).toEqual({ ok: true, value: { actions: [] } });
  // A page asks; a content script may not.
  expect(await send('getActions', { accountId: id }, TAB)).toMatchObject({ ok: false });
});

test('a log-out page opens even when its record cannot be written; the problem is shown instead', async () => {
  await sendPage(scan([['Chrome 126 on macOS', '203.0.113.42']]));
  const id = ((await send('getOverview', {})) as { value: ResponseOf<'getOverview'> }).value.accounts[0]?.account
    .id as string;
  const add = IDBObjectStore.prototype.add;
  const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
    if (this.name === 'actions') throw new DOMException('disk full', 'QuotaExceededError');
    return add.apply(this, args as Parameters<typeof add>);
  });
  const opened = await send('openDevicesPage', { accountId: id });
  spy.mockRestore();
  expect(opened).toMatchObject({ ok: true, value: { url: expect.stringContaining('binance.com') } });
  const overview = ((await send('getOverview', {})) as { value: ResponseOf<'getOverview'> }).value;
  expect(overview.storageProblem).toMatch(/not recorded/);
  expect(await send('getActions', { accountId: id })).toEqual({ ok: true, value: { actions: [] } });
});
