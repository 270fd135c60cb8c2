import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type ExtractedLogin, type ExtractedScan, MAX_INCIDENT_REASONS } from '../core/types';
import { defaultSettings, type Settings } from '../shared/settings';
import { exportBackup, importBackup } from './backup-service';
import { type Db, loginsOfAccount, openDatabase, readAllRows, sessionsOf } from './db';
import { handleMessage, judgePendingScans, type Services } from './handlers';
import { badgeCount, judgeUnjudged, recordScan, reevaluateAll } from './scan-service';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 3, 14, 15);
/** An account's scans in their by-account-at index. */
const scansOfAccount = (accountId: string) => IDBKeyRange.bound([accountId], [accountId, []]);
const URL = 'https://www.binance.com/en/my/security/device-management';
const ORIGIN = 'chrome-extension://ext-id/';

let db: Db;
let settings: Settings;
let n = 0;

beforeEach(async () => {
  db = await openDatabase(`scan-service-${n++}`);
  settings = defaultSettings();
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

function scanOf(devices: string[], logins: ExtractedLogin[] = [], hint = 'UID 1', net = 0): ExtractedScan {
  return {
    url: URL,
    scannedAt: T0,
    accountHint: hint,
    hasSessionList: devices.length > 0,
    hasLoginList: logins.length > 0,
    sessions: devices.map((device, i) => ({
      device,
      ip: `203.${net}.${i >> 8}.${i & 255}`,
      location: 'Berlin, Germany',
      isCurrent: i === 0,
    })),
    logins,
  };
}

const devices = (count: number, prefix = 'Chrome on Windows') =>
  Array.from({ length: count }, (_, i) => `${prefix} ${i}`);

function loginsAt(times: number[], ipBase = 10): ExtractedLogin[] {
  return times.map((time, i) => ({
    time,
    ip: `198.51.${ipBase}.${i & 255}`,
    device: `Chrome ${i}`,
    outcome: 'success',
  }));
}

/** Counts put() per object store while `fn` runs. */
async function putsDuring(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const put = IDBObjectStore.prototype.put;
  const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
    counts[this.name] = (counts[this.name] ?? 0) + 1;
    return put.apply(this, args as Parameters<typeof put>);
  });
  await fn();
  spy.mockRestore();
  return counts;
}

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    now: () => T0,
    refreshBadge: async () => {},
    onRaised: async () => {},
    identity: { id: 'ext-id', origin: ORIGIN },
    words: englishWords,
  });
}

async function overview() {
  const r = await handleMessage(
    { type: 'getOverview', payload: {} },
    { id: 'ext-id', url: `${ORIGIN}popup/index.html` },
    services(),
  );
  if (!r.ok) throw new Error(r.error);
  return r.value as {
    accounts: { account: { id: string }; sessions: { key: string; goneAt?: number; lastObservedAt: number }[] }[];
    badgeCount: number;
    storageProblem?: string;
  };
}

describe('a scan writes only what changed', () => {
  test('a first visit is a few puts however many rows: live sessions and open warnings are one summary', async () => {
    const first = await putsDuring(() => recordScan(db, 'binance', scanOf(devices(500)), settings, T0));
    // Account, summary and stamp with the scan, then summary and stamp with its judging, and the first daily
    // prune's date: no row per session or warning.
    expect(first).toEqual({ accounts: 1, summaries: 2, meta: 3 });
    const stored = await readAllRows(db);
    expect(stored.sessions).toHaveLength(500);
    // 500 strangers of one kind are one warning that counts them (rules/session-flood.ts), not 500 to answer.
    const strangers = stored.warnings.filter((w) => w.state === 'open' && w.rule === 'unknown-device');
    expect(strangers).toHaveLength(1);
    expect(strangers[0]?.evidence).toMatchObject({ device: 'Chrome on Windows 0', count: 500 });
    expect(await db.count('sessions')).toBe(0);
    expect(await db.count('warnings')).toBe(0);
  });

  test('the same page again rewrites nothing but the stamp; one changed row is one summary write', async () => {
    await recordScan(db, 'binance', scanOf(devices(50)), settings, T0);

    const again = await putsDuring(() => recordScan(db, 'binance', scanOf(devices(50)), settings, T0 + 60_000));
    expect(again.sessions ?? 0).toBe(0);
    expect(again.warnings ?? 0).toBe(0);
    // Nor the summary: only the account, the scan row and the small stamp (stored, then judged) are written.
    expect(again.summaries ?? 0).toBe(0);
    expect(again.meta).toBe(2);
    const stamped = (await overview()).accounts[0];
    expect(stamped?.sessions.every((s) => s.lastObservedAt === T0 + 60_000)).toBe(true);

    const moved = scanOf(devices(50));
    moved.sessions[3] = { ...moved.sessions[3], device: 'Chrome on Windows 3', location: 'Lisbon, Portugal' } as never;
    const changed = await putsDuring(() => recordScan(db, 'binance', moved, settings, T0 + 120_000));
    // The summary with the moved row, then with the warning that names it.
    expect(changed).toEqual({ accounts: 1, summaries: 2, meta: 2 });

    // What the popup shows is current even though unchanged rows were not rewritten.
    const view = (await overview()).accounts[0];
    expect(view?.sessions).toHaveLength(50);
    expect(view?.sessions.every((s) => s.lastObservedAt === T0 + 120_000)).toBe(true);
  });

  test('login history seen again adds nothing; new rows are added once', async () => {
    const times = [1, 2, 3].map((d) => T0 - d * DAY);
    await recordScan(db, 'binance', scanOf(['Chrome'], loginsAt(times)), settings, T0);
    const again = await putsDuring(() =>
      recordScan(db, 'binance', scanOf(['Chrome'], loginsAt([...times, T0 - 60_000])), settings, T0 + 1),
    );
    expect(again.logins).toBe(1);
    expect(await db.count('logins')).toBe(4);
  });
});

test('the badge counts open high and medium warnings from the index, as the overview does', async () => {
  await recordScan(db, 'binance', scanOf(devices(3)), settings, T0);
  await recordScan(db, 'binance', scanOf(devices(4)), settings, T0 + 1000);
  const open = (await readAllRows(db)).warnings.filter((w) => w.state === 'open');
  const expected = open.filter((w) => w.severity !== 'low').length;
  expect(expected).toBeGreaterThan(0);
  expect(await badgeCount(db)).toBe(expected);
  expect((await overview()).badgeCount).toBe(expected);
  const first = open.find((w) => w.severity !== 'low');
  await handleMessage(
    { type: 'setWarningState', payload: { id: first?.id, state: 'dismissed' } },
    { id: 'ext-id', url: `${ORIGIN}popup/index.html` },
    services(),
  );
  expect(await badgeCount(db)).toBe(expected - 1);
  expect((await overview()).badgeCount).toBe(expected - 1);
});

test('judging again after the user trusts a device resolves its warnings in the rows and the overview', async () => {
  // The first visit lists this browser alone (asked about, not counted); the Mac's session appears on the next.
  await recordScan(db, 'binance', scanOf(['Edge on Windows']), settings, T0 - 1000);
  expect(await badgeCount(db)).toBe(0);
  await recordScan(db, 'binance', scanOf(['Edge on Windows', 'Chrome 126 on macOS']), settings, T0);
  expect(await badgeCount(db)).toBeGreaterThan(0);
  settings.trustedDevices = [{ id: 't', name: 'Mac', pattern: 'chrome * macos', createdAt: 0 }];
  await reevaluateAll(db, settings, T0 + 1000);
  expect(await badgeCount(db)).toBe(0);
  expect((await overview()).badgeCount).toBe(0);
  const rows = await db.getAll('warnings');
  const mac = (w: { evidence: { device?: unknown } }) => w.evidence.device === 'Chrome 126 on macOS';
  expect(rows.filter((w) => w.rule === 'unknown-device' && mac(w)).map((w) => w.state)).toEqual(['resolved']);
});

describe('the overview lists current and recently gone sessions, not every session ever', () => {
  test('after many visits with all-new devices it shows the live ones and at most 20 gone', async () => {
    for (let visit = 0; visit < 8; visit++) {
      await recordScan(db, 'binance', scanOf(devices(5), [], 'UID 1', visit), settings, T0 + visit * 1000);
    }
    expect((await readAllRows(db)).sessions).toHaveLength(40);
    // Gone sessions are rows; the live ones are only in the summary.
    expect(await db.count('sessions')).toBe(35);
    const view = (await overview()).accounts[0];
    const live = view?.sessions.filter((s) => s.goneAt === undefined) ?? [];
    const gone = view?.sessions.filter((s) => s.goneAt !== undefined) ?? [];
    expect(live).toHaveLength(5);
    expect(gone).toHaveLength(20);
    // The most recently gone ones.
    expect(Math.min(...gone.map((s) => s.goneAt ?? 0))).toBe(T0 + 4000);
  });
});

describe('retention and caps keep the database bounded', () => {
  test('rows older than the retention are deleted after a scan and not brought back by the page', async () => {
    const old = [40, 35, 31].map((d) => T0 - d * DAY);
    const recent = [10, 5, 1].map((d) => T0 - d * DAY);
    await recordScan(db, 'binance', scanOf(['Chrome'], loginsAt([...old, ...recent])), settings, T0 - 60 * DAY + DAY);
    await recordScan(db, 'binance', scanOf(['Edge']), settings, T0 - 45 * DAY);
    expect(await db.count('logins')).toBe(6);
    expect(await db.count('scans')).toBe(2);

    settings.retentionDays = 30;
    await recordScan(db, 'binance', scanOf(['Edge'], loginsAt([...old, ...recent])), settings, T0);
    const left = await db.getAll('logins');
    expect(left.map((l) => l.time).sort()).toEqual(recent.sort());
    // Both earlier scans are older than 30 days; the gone Chrome session (gone 45 days ago) too.
    expect(await db.count('scans')).toBe(1);
    expect((await readAllRows(db)).sessions.map((s) => s.device)).toEqual(['Edge']);
    expect(await db.count('sessions')).toBe(0);
    expect((await overview()).accounts[0]?.sessions.map((s) => s.key)).toHaveLength(1);
  });

  test('retention 0 keeps everything', async () => {
    await recordScan(db, 'binance', scanOf(['Chrome'], loginsAt([T0 - 900 * DAY])), settings, T0 - 900 * DAY);
    await recordScan(db, 'binance', scanOf(['Edge']), settings, T0);
    expect(await db.count('logins')).toBe(1);
    expect(await db.count('scans')).toBe(2);
  });

  test('a page flooding one account stays within its caps and never evicts another account', async () => {
    const caps = { logins: 100, goneSessions: 30, scans: 10 };
    await recordScan(
      db,
      'binance',
      scanOf(['Mine'], loginsAt([T0 - DAY, T0 - 2 * DAY], 1), 'UID other'),
      settings,
      T0,
      caps,
    );
    for (let i = 0; i < 15; i++) {
      const times = Array.from({ length: 40 }, (_, j) => T0 - (i * 40 + j) * 60_000);
      await recordScan(db, 'binance', scanOf(devices(10), loginsAt(times, 20 + i), 'UID 1', i), settings, T0 + i, caps);
    }
    const flood = 'binance:UID 1';
    expect(await db.count('logins', loginsOfAccount(flood))).toBe(100);
    expect(await db.countFromIndex('scans', 'by-account-at', scansOfAccount(flood))).toBe(10);
    const floodSessions = await sessionsOf(db, flood);
    expect(floodSessions.filter((s) => s.goneAt !== undefined)).toHaveLength(30);
    expect(floodSessions.filter((s) => s.goneAt === undefined)).toHaveLength(10);
    // The newest logins were kept (the oldest went first).
    const times = (await db.getAll('logins', loginsOfAccount(flood))).map((l) => l.time ?? 0);
    expect(Math.max(...times)).toBe(T0);
    // The other account's rows are all there.
    expect(await db.count('logins', loginsOfAccount('binance:UID other'))).toBe(2);
    expect(await sessionsOf(db, 'binance:UID other')).toHaveLength(1);
    expect(await db.countFromIndex('scans', 'by-account-at', scansOfAccount('binance:UID other'))).toBe(1);
  });
});

describe('a write that fails keeps what was stored and tells the user', () => {
  test('QuotaExceededError: the scan is not half-written, the popup gets the message, the next scan clears it', async () => {
    await recordScan(db, 'binance', scanOf(['Chrome'], loginsAt([T0 - DAY])), settings, T0);
    const before = {
      sessions: (await readAllRows(db)).sessions,
      logins: await db.count('logins'),
      scans: await db.count('scans'),
    };

    const put = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'logins') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args as Parameters<typeof put>);
    });
    await expect(
      recordScan(db, 'binance', scanOf(['Edge'], loginsAt([T0 - DAY, T0 - 60_000])), settings, T0 + 1),
    ).rejects.toThrow(/Storage is full.*kept/);
    spy.mockRestore();

    // Nothing of that scan landed: the Chrome session is not marked gone, no scan row, no login.
    expect((await readAllRows(db)).sessions).toEqual(before.sessions);
    expect(await db.count('logins')).toBe(before.logins);
    expect(await db.count('scans')).toBe(before.scans);
    const o = await overview();
    expect(o.storageProblem).toMatch(/Storage is full/);
    expect(o.accounts[0]?.sessions.map((s) => s.goneAt)).toEqual([undefined]);

    await recordScan(db, 'binance', scanOf(['Edge']), settings, T0 + 2);
    expect((await overview()).storageProblem).toBeUndefined();
  });

  test('any other write error is reported too', async () => {
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'summaries') throw new DOMException('disk I/O', 'UnknownError');
      return put.apply(this, args as Parameters<typeof put>);
    });
    await expect(recordScan(db, 'binance', scanOf(['Chrome']), settings, T0)).rejects.toThrow(/could not be saved/);
    vi.restoreAllMocks();
    expect(await db.count('accounts')).toBe(0);
    expect((await overview()).storageProblem).toMatch(/could not be saved.*kept/);
  });
});

describe('a scan is stored before it is judged', () => {
  /** The stores of each read-write transaction opened while `fn` runs, in order. */
  async function writesDuring(fn: () => Promise<unknown>): Promise<string[][]> {
    const opened: string[][] = [];
    const transaction = IDBDatabase.prototype.transaction;
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
      this: IDBDatabase,
      ...args
    ) {
      const [stores, mode] = args;
      if (mode === 'readwrite') opened.push((typeof stores === 'string' ? [stores] : [...stores]).sort());
      return transaction.apply(this, args as Parameters<typeof transaction>);
    });
    await fn().catch(() => undefined);
    spy.mockRestore();
    return opened;
  }

  test('the page is committed in a transaction of its own, then the warnings in a second one', async () => {
    const writes = await writesDuring(() => recordScan(db, 'binance', scanOf(devices(30)), settings, T0));
    expect(writes[0]).toEqual(expect.arrayContaining(['accounts', 'scans', 'summaries']));
    expect(writes[1]).toEqual(['meta', 'summaries', 'warnings']);
    expect((await overview()).badgeCount).toBeGreaterThan(0);
  });

  test('a worker stopped between the two: the sessions are kept and the next start judges them', async () => {
    // A second visit: sessions the first did not list are not the ones the account came with.
    await recordScan(db, 'binance', scanOf(['Edge on Windows']), settings, T0 - 1000);
    const transaction = IDBDatabase.prototype.transaction;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
      const [stores, mode] = args;
      if (mode === 'readwrite' && [...stores].sort().join() === 'meta,summaries,warnings') {
        throw new DOMException('the worker went away', 'AbortError');
      }
      return transaction.apply(this, args as Parameters<typeof transaction>);
    });
    await expect(recordScan(db, 'binance', scanOf(devices(3)), settings, T0)).rejects.toThrow(
      /warnings of the last scan.*scan is kept/,
    );
    vi.restoreAllMocks();
    const stored = await overview();
    expect(stored.storageProblem).toMatch(/judged again/);
    expect(stored.accounts[0]?.sessions.filter((x) => x.goneAt === undefined)).toHaveLength(3);
    expect(stored.badgeCount).toBe(0);

    // The worker's start: the judging is finished and its high warnings notified as the scan's would have been.
    const notified: { siteName: string; reason: string }[] = [];
    await judgePendingScans({ ...services(), now: () => T0 + 1000, onRaised: async (r) => void notified.push(...r) });
    const unknown = notified.filter((n) => /matches none of your trusted devices/.test(n.reason));
    // Three sessions of one kind of device on one /24: one intruder, one incident.
    expect(unknown).toHaveLength(1);
    expect(new Set(notified.map((n) => n.siteName))).toEqual(new Set(['Binance']));
    const judged = await overview();
    expect(judged.badgeCount).toBeGreaterThanOrEqual(1);
    expect(judged.storageProblem).toBeUndefined();
    // Judged once: the stamp says so, and a later start finds nothing to do.
    expect(await judgeUnjudged(db, settings, T0 + 2000)).toEqual([]);
  });

  test('a start with every scan judged changes nothing', async () => {
    await recordScan(db, 'binance', scanOf(devices(3)), settings, T0);
    expect(await judgeUnjudged(db, settings, T0 + 1000)).toEqual([]);
  });
});

test('a rule the user switched off raises nothing in the worker; switched on again, judging again raises it', async () => {
  settings = { ...settings, enabledRules: { 'unknown-device': false, 'new-session': false } };
  const got = await recordScan(db, 'binance', scanOf(['Chrome 126 on macOS']), settings, T0);
  const rulesOf = async () => (await readAllRows(db)).warnings.filter((w) => w.state === 'open').map((w) => w.rule);
  expect(got.raised.map((w) => w.rule)).not.toContain('unknown-device');
  expect(await rulesOf()).not.toContain('unknown-device');
  settings = defaultSettings();
  await reevaluateAll(db, settings, T0 + 1000);
  expect(await rulesOf()).toContain('unknown-device');
});

describe('one intruder behind hundreds of sessions', () => {
  test('its incident keeps a bounded list of reasons, so the backup of it restores', async () => {
    // The same 300 sessions (one browser, one network) on two accounts: every session is a reason of one incident.
    await recordScan(db, 'binance', scanOf(devices(300)), settings, T0);
    await recordScan(db, 'binance', scanOf(devices(300), [], 'UID 2'), settings, T0 + 60_000);
    const incidents = (await readAllRows(db)).warnings.filter((w) => w.reasons);
    expect(incidents.length).toBeGreaterThan(0);
    const most = Math.max(...incidents.map((w) => w.reasons?.length ?? 0));
    expect(most).toBe(MAX_INCIDENT_REASONS);
    const file = JSON.stringify(await exportBackup(db, settings, T0, '0.1.0'));
    const target = await openDatabase(`reasons-restore-${Math.random()}`);
    let saved: Settings | undefined;
    const counts = await importBackup(target, file, {
      load: async () => settings,
      save: async (x) => {
        saved = x;
      },
    });
    expect(counts.accounts).toBe(2);
    expect(saved).toBeDefined();
    target.close();
  });
});
