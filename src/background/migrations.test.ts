import 'fake-indexeddb/auto';
import type { IDBPDatabase } from 'idb';
import { describe, expect, test } from 'vitest';
import { keptReasons } from '../core/incident';
import { withAddressValue } from '../core/ingest';
import type { StoredLogin, StoredWarning } from '../core/types';
import { MAX_ACTIONS_PER_ACCOUNT } from '../shared/user-actions';
import {
  actionsOfAccount,
  countOpen,
  loginRowKey,
  loginsOfAccount,
  openDatabase,
  readAllRows,
  recordActions,
  sessionsOf,
  warningsOf,
} from './db';
import { migrations } from './migrations';
import { pruneAccount } from './retention';

const DAY = 86_400_000;

// Seeds rows as the worker wrote them at a given version, so every later migration is run over real data.
const seeds: Record<number, (db: IDBDatabase) => Promise<void>> = {
  1: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['accounts', 'sessions', 'logins', 'warnings', 'scans'], 'readwrite');
      tx.objectStore('accounts').put({
        id: 'binance:1',
        siteId: 'binance',
        hint: '1',
        firstScanAt: 1,
        lastScanAt: 2,
        scanCount: 1,
      });
      tx.objectStore('sessions').put({
        key: 'k1',
        accountId: 'binance:1',
        device: 'Chrome',
        isCurrent: true,
        firstObservedAt: 1,
        lastObservedAt: 2,
      });
      tx.objectStore('sessions').put({
        key: 'k0',
        accountId: 'binance:1',
        device: 'Edge',
        isCurrent: false,
        firstObservedAt: 1,
        lastObservedAt: 1,
        goneAt: 2,
      });
      tx.objectStore('warnings').put({
        id: 'binance:1|unknown-device|k1',
        accountId: 'binance:1',
        rule: 'unknown-device',
        subject: 'k1',
        severity: 'high',
        reason: 'r',
        evidence: {},
        state: 'open',
        firstRaisedAt: 2,
        lastRaisedAt: 2,
        stateChangedAt: 2,
      });
      tx.objectStore('warnings').put({
        id: 'binance:1|new-session|k0',
        accountId: 'binance:1',
        rule: 'new-session',
        subject: 'k0',
        severity: 'medium',
        reason: 'r',
        evidence: {},
        state: 'resolved',
        firstRaisedAt: 1,
        lastRaisedAt: 1,
        stateChangedAt: 2,
      });
      tx.objectStore('logins').put({
        key: 'l1',
        accountId: 'binance:1',
        device: 'Chrome',
        ip: '203.0.113.7',
        firstObservedAt: 1,
        time: 1,
      });
      tx.objectStore('scans').add({
        accountId: 'binance:1',
        at: 2,
        url: 'u',
        sessionCount: 1,
        loginCount: 1,
        newSessionKeys: [],
        goneSessionKeys: [],
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // Version 2 adds a second account written the way the worker writes it since: rows plus a summary.
  2: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['accounts', 'sessions', 'summaries', 'meta'], 'readwrite');
      tx.objectStore('accounts').put({
        id: 'okx:2',
        siteId: 'okx',
        hint: '2',
        firstScanAt: 3,
        lastScanAt: 3,
        scanCount: 1,
      });
      const session = {
        key: 'k2',
        accountId: 'okx:2',
        device: 'Firefox',
        isCurrent: true,
        firstObservedAt: 3,
        lastObservedAt: 3,
      };
      tx.objectStore('sessions').put(session);
      // Version 2 rewrote a summary without its rows when only the observation time moved: the summary is newer.
      tx.objectStore('summaries').put({
        accountId: 'okx:2',
        sessions: [{ ...session, lastObservedAt: 5 }],
        warnings: [],
      });
      tx.objectStore('meta').put({ name: 'prunedAt', at: 3 });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // Version 3 keeps live sessions and unresolved warnings in the summary only; gone sessions are rows.
  3: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['accounts', 'sessions', 'summaries'], 'readwrite');
      tx.objectStore('accounts').put({
        id: 'kraken:3',
        siteId: 'kraken',
        hint: '3',
        firstScanAt: 4,
        lastScanAt: 4,
        scanCount: 2,
      });
      const live = {
        key: 'k3',
        accountId: 'kraken:3',
        device: 'Safari',
        isCurrent: true,
        firstObservedAt: 4,
        lastObservedAt: 4,
      };
      const gone = { ...live, key: 'k4', device: 'Opera', isCurrent: false, goneAt: 4 };
      tx.objectStore('sessions').put(gone);
      tx.objectStore('summaries').put({ accountId: 'kraken:3', sessions: [live, gone], warnings: [] });
      // Before version 4 a stranger on a server was three open warnings (two sessions on one /24, two rules); an
      // acknowledged one about another network and an upkeep warning stay apart.
      tx.objectStore('accounts').put({
        id: 'kucoin:4',
        siteId: 'kucoin',
        hint: '4',
        firstScanAt: 5,
        lastScanAt: 5,
        scanCount: 2,
      });
      const w = (rule: string, subject: string, severity: string, ip: string, state = 'open') => ({
        id: `kucoin:4|${rule}|${subject}`,
        accountId: 'kucoin:4',
        rule,
        subject,
        severity,
        reason: `${rule} about ${subject}`,
        evidence: { device: 'Firefox 128 (Linux)', ip, location: 'Frankfurt, Germany', time: 5 },
        state,
        firstRaisedAt: 5,
        lastRaisedAt: 5,
        stateChangedAt: 5,
      });
      tx.objectStore('summaries').put({
        accountId: 'kucoin:4',
        sessions: [],
        warnings: [
          w('unknown-device', 's1', 'high', '52.95.110.1'),
          w('new-country', 's1', 'medium', '52.95.110.1'),
          w('unknown-device', 's2', 'high', '52.95.110.7'),
          w('unknown-device', 's3', 'high', '102.89.0.1', 'acknowledged'),
          w('too-many-sessions', 'account', 'low', ''),
        ],
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // Version 4 keys login rows out of line by [accountId, time, key].
  4: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['logins'], 'readwrite');
      const row = { key: 'l5', accountId: 'kraken:3', device: 'Safari', firstObservedAt: 5, time: 5 };
      tx.objectStore('logins').put(row, ['kraken:3', 5, 'l5']);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // Version 5 writes as version 4 did (only two indexes went): a resolved warning of a new account.
  5: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['accounts', 'warnings', 'summaries'], 'readwrite');
      tx.objectStore('accounts').put({
        id: 'gitlab:5',
        siteId: 'gitlab',
        hint: '5',
        firstScanAt: 5,
        lastScanAt: 5,
        scanCount: 1,
      });
      tx.objectStore('warnings').put({
        id: 'gitlab:5|stale-session|k5',
        accountId: 'gitlab:5',
        rule: 'stale-session',
        subject: 'k5',
        severity: 'low',
        reason: 'r',
        evidence: {},
        state: 'resolved',
        firstRaisedAt: 5,
        lastRaisedAt: 5,
        stateChangedAt: 5,
      });
      tx.objectStore('summaries').put({ accountId: 'gitlab:5', sessions: [], warnings: [] });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // Version 6 stores one incident per intruder, its reasons inside.
  6: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['accounts', 'summaries'], 'readwrite');
      tx.objectStore('accounts').put({
        id: 'gitlab:6',
        siteId: 'gitlab',
        hint: '6',
        firstScanAt: 6,
        lastScanAt: 6,
        scanCount: 1,
      });
      const evidence = { device: 'Chrome 126 on macOS', ip: '159.89.0.1', time: 6 };
      tx.objectStore('summaries').put({
        accountId: 'gitlab:6',
        sessions: [],
        warnings: [
          {
            id: 'gitlab:6|hosting-ip|s5',
            accountId: 'gitlab:6',
            rule: 'hosting-ip',
            subject: 's5',
            severity: 'high',
            reason: 'r',
            evidence,
            reasons: [
              { rule: 'hosting-ip', subject: 's5', severity: 'high', reason: 'r', evidence },
              { rule: 'copied-session', subject: 's5', severity: 'high', reason: 'c', evidence },
            ],
            state: 'open',
            firstRaisedAt: 6,
            lastRaisedAt: 6,
            stateChangedAt: 6,
          },
        ],
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // Version 7 records what the user did, with its time.
  7: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['actions'], 'readwrite');
      tx.objectStore('actions').add({ accountId: 'binance:1', at: 7, kind: 'logOutAllOpened' });
      tx.objectStore('actions').add({ accountId: 'binance:1', at: 8, kind: 'stepTicked', step: 'logout' });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // Version 8 keeps API keys, access-log calls and withdrawal addresses, masked, by keyed hash.
  8: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['apiKeys', 'apiCalls', 'whitelist'], 'readwrite');
      const hash = 'a'.repeat(64);
      tx.objectStore('apiKeys').put({
        id: `binance:1|${hash}`,
        accountId: 'binance:1',
        keyHash: hash,
        refs: [hash],
        label: 'Trading Bot',
        masked: 'vmPU…Eh8A',
        permissions: ['read', 'trade'],
        firstSeenAt: 7,
        lastSeenAt: 7,
      });
      tx.objectStore('apiCalls').put({ id: `binance:1|${'b'.repeat(64)}`, accountId: 'binance:1', firstSeenAt: 7 });
      tx.objectStore('whitelist').put({
        id: `binance:1|${'c'.repeat(64)}`,
        accountId: 'binance:1',
        addressHash: 'c'.repeat(64),
        firstSeenAt: 7,
        lastSeenAt: 7,
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // 9: a kept overview, which no later version reads as data.
  9: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction('kept', 'readwrite');
      tx.objectStore('kept').put(
        { format: 1, appVersion: '0', at: 1, validUntil: 2, print: 'p', overview: {} },
        'keptOverview',
      );
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // 10: a login and a scan of an account that sorts right after binance:1, written without the by-account indexes.
  10: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['logins', 'scans'], 'readwrite');
      const row = { key: 'l10', accountId: 'binance:10', time: 10, device: 'Chrome', firstObservedAt: 10 };
      tx.objectStore('logins').put(row, ['binance:10', 10, 'l10']);
      tx.objectStore('scans').put({ accountId: 'binance:10', at: 10, url: 'https://www.binance.com/' });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // 11: a login row as version 11 writes it, its address's value beside the text.
  11: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction('logins', 'readwrite');
      const row = { key: 'l11', accountId: 'binance:11', time: 11, ip: '10.0.0.11', ipValue: 0x0a00000b };
      tx.objectStore('logins').put({ ...row, device: 'Chrome', firstObservedAt: 11 }, ['binance:11', 11, 'l11']);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
  // 12: a resolved incident as version 12 keeps it, at most 50 reasons.
  12: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction('warnings', 'readwrite');
      tx.objectStore('warnings').put(longIncident('binance:12|cross-account|s0', 'resolved', 50));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    }),
};

/** An incident with `n` reasons, most of one rule and three others at the end, as a judging stored it. */
function longIncident(id: string, state: string, n: number): StoredWarning {
  const reason = (rule: string, i: number) => ({
    rule,
    subject: `s${i}`,
    severity: 'medium' as const,
    reason: `${rule} ${i}`,
    evidence: { device: 'Firefox', ip: `203.0.113.${i % 250}` },
  });
  const reasons = [
    ...Array.from({ length: n - 3 }, (_, i) => reason('cross-account', i)),
    reason('unknown-device', n),
    reason('new-city', n + 1),
    reason('night-sign-in', n + 2),
  ];
  return {
    ...reasons[0]!,
    id,
    accountId: id.split('|')[0]!,
    subject: 's0',
    reasons,
    state: state as StoredWarning['state'],
    firstRaisedAt: 1,
    lastRaisedAt: 1,
    stateChangedAt: 1,
  };
}

/** A database built at `version` with every seed up to it, as a user's database was. */
async function databaseAt(name: string, version: number): Promise<void> {
  for (let v = 1; v <= version; v++) {
    const old = await openDatabase(name, v);
    await seeds[v]?.(old as unknown as IDBDatabase);
    old.close();
  }
}

/** Raw reads, as the version being tested wrote them (no helper of today's schema). */
async function rawAll(name: string, store: string, version: number): Promise<Record<string, unknown>[]> {
  const db = await openDatabase(name, version);
  const rows = (await (db as unknown as IDBPDatabase).getAll(store)) as Record<string, unknown>[];
  db.close();
  return rows;
}

describe('each migration on its own, from the version before with data', () => {
  test('2: summaries built from the rows of every account, 20 most recently gone sessions at most', async () => {
    const name = 'only-2';
    await databaseAt(name, 1);
    // 25 gone sessions: the summary keeps the 20 that went last.
    const v1 = await openDatabase(name, 1);
    const tx = (v1 as unknown as IDBPDatabase).transaction('sessions', 'readwrite');
    for (let i = 0; i < 25; i++) {
      await tx.store.put({
        key: `g${i}`,
        accountId: 'binance:1',
        device: 'Old',
        isCurrent: false,
        firstObservedAt: 1,
        lastObservedAt: 1,
        goneAt: 100 + i,
      });
    }
    await tx.done;
    v1.close();
    const db = await openDatabase(name, 2);
    const summary = (await (db as unknown as IDBPDatabase).get('summaries', 'binance:1')) as {
      sessions: { key: string }[];
      warnings: { id: string }[];
    };
    db.close();
    expect(summary.sessions.map((x) => x.key)).toEqual(['k1', ...Array.from({ length: 20 }, (_, i) => `g${24 - i}`)]);
    expect(summary.warnings.map((w) => w.id)).toEqual(['binance:1|unknown-device|k1']);
  });

  test('3: live sessions and open warnings leave the row stores for the summary', async () => {
    const name = 'only-3';
    await databaseAt(name, 2);
    const db = await openDatabase(name, 3);
    const raw = db as unknown as IDBPDatabase;
    expect(((await raw.getAll('sessions')) as { key: string }[]).map((x) => x.key).sort()).toEqual(['k0']);
    expect(((await raw.getAll('warnings')) as { state: string }[]).map((w) => w.state)).toEqual(['resolved']);
    const okx = (await raw.get('summaries', 'okx:2')) as { sessions: { key: string; lastObservedAt: number }[] };
    expect(okx.sessions).toMatchObject([{ key: 'k2', lastObservedAt: 5 }]);
    db.close();
  });

  test('5: the unread warning indexes are dropped; the rows stay', async () => {
    const name = 'only-5';
    await databaseAt(name, 4);
    const before = await openDatabase(name, 4);
    expect([...before.transaction('warnings').store.indexNames].sort()).toEqual([
      'by-account',
      'by-state',
      'by-state-severity',
    ]);
    before.close();
    const db = await openDatabase(name, 5);
    expect([...db.transaction('warnings').store.indexNames]).toEqual(['by-account']);
    db.close();
    expect((await rawAll(name, 'warnings', 5)).map((w) => w.id)).toEqual(['binance:1|new-session|k0']);
  });
});

test('6 on its own: open warnings about one intruder fold into one incident; other states and upkeep stay', async () => {
  const name = 'only-6';
  await databaseAt(name, 5);
  const db = await openDatabase(name, 6);
  const ws = await warningsOf(db, 'kucoin:4');
  db.close();
  const open = ws.filter((w) => w.state === 'open').map((w) => [w.id, w.reasons?.length]);
  expect(open.sort()).toEqual([
    ['kucoin:4|too-many-sessions|account', undefined],
    ['kucoin:4|unknown-device|s1', 3],
  ]);
  expect(ws.find((w) => w.subject === 's3')?.state).toBe('acknowledged');
});

test('7 on its own: an empty store of actions read per account by time; nothing else changes', async () => {
  const name = 'only-7';
  await databaseAt(name, 6);
  const old = await openDatabase(name, 6);
  // The stores version 6 has (a full read would ask for stores later versions add).
  const rowsOf = (d: typeof old) =>
    Promise.all(
      ['accounts', 'scans', 'sessions', 'logins', 'warnings', 'summaries', 'meta'].map((n) => d.getAll(n as 'meta')),
    );
  const before = await rowsOf(old);
  old.close();
  const db = await openDatabase(name, 7);
  expect(await db.count('actions')).toBe(0);
  await recordActions(db, [
    { accountId: 'binance:1', at: 9, kind: 'stepTicked', step: 'password' },
    { accountId: 'binance:1', at: 3, kind: 'logOutAllOpened' },
    { accountId: 'okx:2', at: 5, kind: 'signOutOpened', device: 'Firefox', ip: '45.77.12.9' },
  ]);
  expect(await actionsOfAccount(db, 'binance:1')).toEqual([
    { accountId: 'binance:1', at: 3, kind: 'logOutAllOpened' },
    { accountId: 'binance:1', at: 9, kind: 'stepTicked', step: 'password' },
  ]);
  expect(await rowsOf(db)).toEqual(before);
  db.close();
});

test('an account keeps its latest actions only', async () => {
  const db = await openDatabase('actions-cap');
  const many = Array.from({ length: MAX_ACTIONS_PER_ACCOUNT + 3 }, (_, i) => ({
    accountId: 'a',
    at: i,
    kind: 'logOutAllOpened' as const,
  }));
  await recordActions(db, many.slice(0, 10));
  await recordActions(db, many.slice(10));
  await recordActions(db, [{ accountId: 'b', at: 0, kind: 'logOutAllOpened' }]);
  const kept = await actionsOfAccount(db, 'a');
  expect(kept).toHaveLength(MAX_ACTIONS_PER_ACCOUNT);
  expect(kept[0]?.at).toBe(3);
  expect(await actionsOfAccount(db, 'b')).toHaveLength(1);
  db.close();
});

test('8 on its own: the key, call and whitelist stores exist, listed by account; older rows are untouched', async () => {
  const name = 'only-8';
  await databaseAt(name, 7);
  const db = await openDatabase(name, 8);
  for (const store of ['apiKeys', 'apiCalls', 'whitelist'] as const) {
    expect([...db.transaction(store).store.indexNames]).toEqual(['by-account']);
    expect(await db.count(store)).toBe(0);
  }
  expect((await sessionsOf(db, 'binance:1')).map((x) => x.key)).toEqual(['k0', 'k1']);
  db.close();
});

test('9 on its own: the kept overview has a store of its own; older rows are untouched', async () => {
  const name = 'only-9';
  await databaseAt(name, 8);
  const db = await openDatabase(name, 9);
  expect(await db.count('kept')).toBe(0);
  expect((await sessionsOf(db, 'binance:1')).map((x) => x.key)).toEqual(['k0', 'k1']);
  db.close();
});

test('10 on its own: the login and scan stores lose their by-account indexes; every row stays, listed by key range', async () => {
  const name = 'only-10';
  await databaseAt(name, 9);
  const before = await openDatabase(name, 9);
  expect([...before.transaction('logins').store.indexNames]).toEqual(['by-account']);
  expect([...before.transaction('scans').store.indexNames].sort()).toEqual(['by-account', 'by-account-at']);
  before.close();
  const loginsBefore = await rawAll(name, 'logins', 9);
  const scansBefore = await rawAll(name, 'scans', 9);
  const db = await openDatabase(name, 10);
  expect([...db.transaction('logins').store.indexNames]).toEqual([]);
  expect([...db.transaction('scans').store.indexNames]).toEqual(['by-account-at']);
  db.close();
  expect(await rawAll(name, 'logins', 10)).toEqual(loginsBefore);
  expect(await rawAll(name, 'scans', 10)).toEqual(scansBefore);
  // What the index answered, the key range answers: the account's own rows, not binance:10's beside them.
  const after = await openDatabase(name, 10);
  await seeds[10]?.(after as unknown as IDBDatabase);
  expect((await after.getAll('logins', loginsOfAccount('binance:1'))).map((l) => l.key)).toEqual(['l1']);
  expect((await after.getAll('logins', loginsOfAccount('binance:10'))).map((l) => l.key)).toEqual(['l10']);
  expect(
    await after.countFromIndex('scans', 'by-account-at', IDBKeyRange.bound(['binance:10'], ['binance:10', []])),
  ).toBe(1);
  after.close();
});

test('11 on its own: each login row with a bare v4 address gains its value, as a write today works it out; nothing else changes', async () => {
  const name = 'only-11';
  await databaseAt(name, 10);
  const texts = ['198.51.100.20', '010.0.0.1', '255.255.255.255', '2001:db8::1', '81.2.*.*', '256.1.1.1', '1.2.3', ''];
  const v10 = await openDatabase(name, 10);
  const tx = (v10 as unknown as IDBPDatabase).transaction('logins', 'readwrite');
  // More rows than one batch of the upgrade, so the batches meet.
  for (let i = 0; i < 2_100; i++) {
    const ip = texts[i % texts.length] as string;
    const row = {
      key: `m${i}`,
      accountId: 'binance:5',
      time: i,
      device: 'Chrome',
      firstObservedAt: i,
      ...(ip ? { ip } : {}),
    };
    void tx.store.put(row, ['binance:5', i, `m${i}`]);
  }
  await tx.done;
  v10.close();
  const before = await rawAll(name, 'logins', 10);
  const db = await openDatabase(name, 11);
  db.close();
  const after = await rawAll(name, 'logins', 11);
  expect(after).toHaveLength(before.length);
  // The rows as a scan or an import writes them today.
  expect(after).toEqual(before.map((r) => withAddressValue(structuredClone(r) as unknown as StoredLogin)));
  // The first three texts are bare v4 addresses; l1 (seeded at version 1) has one too.
  const bareV4 = Array.from({ length: 2_100 }, (_, i) => i % texts.length).filter((k) => k < 3).length;
  expect(after.filter((r) => 'ipValue' in r)).toHaveLength(1 + bareV4);
  expect(after.find((r) => r.key === 'l1')?.ipValue).toBe(0xcb007107);
});

test('12 on its own: an incident of more than 50 reasons keeps 50, as the judging keeps them now; others stay', async () => {
  const name = 'only-12';
  await databaseAt(name, 11);
  const v11 = await openDatabase(name, 11);
  const open = longIncident('okx:12|cross-account|s0', 'open', 120);
  const resolved = [
    longIncident('okx:12|cross-account|s1', 'resolved', 80),
    longIncident('okx:12|x|s2', 'resolved', 30),
  ];
  const raw = v11 as unknown as IDBPDatabase;
  await raw.put('summaries', { accountId: 'okx:12', sessions: [], warnings: [open] });
  for (const w of resolved) await raw.put('warnings', w);
  v11.close();
  const before = await rawAll(name, 'warnings', 11);
  const db = await openDatabase(name, 12);
  const summary = await db.get('summaries', 'okx:12');
  expect(summary?.warnings).toEqual([{ ...open, reasons: keptReasons(open.reasons ?? []) }]);
  expect(summary?.warnings[0]?.reasons).toHaveLength(50);
  expect(new Set(summary?.warnings[0]?.reasons?.map((r) => r.rule))).toEqual(
    new Set(['cross-account', 'unknown-device', 'new-city', 'night-sign-in']),
  );
  const after = await db.getAll('warnings');
  db.close();
  expect(after).toEqual(
    before.map((w) => {
      const reasons = (w as unknown as StoredWarning).reasons;
      return reasons ? { ...w, reasons: keptReasons(reasons) } : w;
    }),
  );
  expect(after.find((w) => w.id === 'okx:12|cross-account|s1')?.reasons).toHaveLength(50);
  expect(after.find((w) => w.id === 'okx:12|x|s2')).toEqual(resolved[1]);
});

test('every migration has a seed for the version it creates', () => {
  for (let v = 1; v <= migrations.length; v++) expect(seeds[v], `seed for version ${v}`).toBeTypeOf('function');
});

test.each(Array.from({ length: migrations.length }, (_, i) => i + 1))(
  'a database at version %i with data upgrades to the latest with its rows intact',
  async (from) => {
    const name = `migrate-from-${from}`;
    // Each version's data is written at that version and migrated on, as a user's database was.
    for (let v = 1; v <= from; v++) {
      const old = await openDatabase(name, v);
      await seeds[v]?.(old as unknown as IDBDatabase);
      old.close();
    }
    const db = await openDatabase(name);
    expect(db.version).toBe(migrations.length);
    expect(await db.get('accounts', 'binance:1')).toMatchObject({ siteId: 'binance' });
    // Every session and warning is still there, wherever it is kept now.
    expect((await sessionsOf(db, 'binance:1')).map((x) => x.key)).toEqual(['k0', 'k1']);
    expect((await warningsOf(db, 'binance:1')).map((w) => w.state)).toEqual(['resolved', 'open']);
    expect(await db.getAll('logins', loginsOfAccount('binance:1'))).toMatchObject([{ ipValue: 0xcb007107 }]);
    expect(await db.count('scans')).toBe(from >= 10 ? 2 : 1);
    // Since 3: the summary holds live and recently gone sessions and unresolved warnings; rows only the history.
    const summary = await db.get('summaries', 'binance:1');
    expect(summary?.sessions.map((x) => x.key).sort()).toEqual(['k0', 'k1']);
    expect(summary?.warnings.map((w) => w.id)).toEqual(['binance:1|unknown-device|k1']);
    expect(await db.getAllKeysFromIndex('sessions', 'by-account', 'binance:1')).toEqual(['k0']);
    expect((await db.getAllFromIndex('warnings', 'by-account', 'binance:1')).map((w) => w.state)).toEqual(['resolved']);
    expect(
      await countOpen(db, (s) => s.warnings.filter((w) => w.state === 'open' && w.severity === 'high').length),
    ).toBe(from >= 6 ? 3 : from >= 3 ? 2 : 1);
    // The indexes cover rows written before them.
    expect(
      await db.getAllKeysFromIndex(
        'sessions',
        'by-account-gone',
        IDBKeyRange.bound(['binance:1', 0], ['binance:1', 9]),
      ),
    ).toEqual(['k0']);
    // Since 4 the login rows are keyed by account and time: the old row's key is that range's.
    expect(await db.getAllKeys('logins', IDBKeyRange.bound(['binance:1', 0], ['binance:1', 9]))).toEqual([
      ['binance:1', 1, 'l1'],
    ]);
    expect(
      await db.countFromIndex('scans', 'by-account-at', IDBKeyRange.bound(['binance:1', 0], ['binance:1', 9])),
    ).toBe(1);
    if (from >= 2) {
      // The summary's newer values won over the row's, and the live row left the row store.
      expect(await sessionsOf(db, 'okx:2')).toMatchObject([{ key: 'k2', lastObservedAt: 5 }]);
      expect(await db.count('sessions', IDBKeyRange.only('k2'))).toBe(0);
      expect(await db.get('meta', 'prunedAt')).toMatchObject({ at: 3 });
    }
    if (from >= 4) expect(await db.getAllKeys('logins', loginsOfAccount('kraken:3'))).toEqual([['kraken:3', 5, 'l5']]);
    if (from >= 3) {
      expect((await sessionsOf(db, 'kraken:3')).map((x) => [x.key, x.goneAt])).toEqual([
        ['k3', undefined],
        ['k4', 4],
      ]);
    }
    if (from >= 3) {
      // One incident for the stranger on the server: the first high warning leads with every reason; the others
      // are resolved, not lost; what is not the stranger's open warning (acknowledged, upkeep) is untouched.
      const ws = await warningsOf(db, 'kucoin:4');
      const open = ws.filter((x) => x.state === 'open');
      expect(open.map((x) => x.id).sort()).toEqual([
        'kucoin:4|too-many-sessions|account',
        'kucoin:4|unknown-device|s1',
      ]);
      const incident = open.find((x) => x.rule === 'unknown-device');
      expect(incident?.severity).toBe('high');
      expect(incident?.reasons?.map((r) => [r.rule, r.subject])).toEqual([
        ['unknown-device', 's1'],
        ['unknown-device', 's2'],
        ['new-country', 's1'],
      ]);
      expect(
        ws
          .filter((x) => x.state === 'resolved')
          .map((x) => x.id)
          .sort(),
      ).toEqual(['kucoin:4|new-country|s1', 'kucoin:4|unknown-device|s2']);
      expect(ws.find((x) => x.subject === 's3')?.state).toBe('acknowledged');
    }
    if (from >= 6) {
      expect((await warningsOf(db, 'gitlab:6'))[0]?.reasons?.map((r) => r.rule)).toEqual([
        'hosting-ip',
        'copied-session',
      ]);
    }
    if (from >= 8) {
      expect((await db.getAllFromIndex('apiKeys', 'by-account', 'binance:1')).map((k) => k.label)).toEqual([
        'Trading Bot',
      ]);
      expect(await db.countFromIndex('apiCalls', 'by-account', 'binance:1')).toBe(1);
      expect(await db.countFromIndex('whitelist', 'by-account', 'binance:1')).toBe(1);
    }
    // What a backup would hold: every row once.
    const all = await readAllRows(db);
    expect(all.sessions).toHaveLength(from >= 3 ? 5 : from >= 2 ? 3 : 2);
    expect(all.warnings).toHaveLength(
      2 + (from >= 3 ? 5 : 0) + (from >= 5 ? 1 : 0) + (from >= 6 ? 1 : 0) + (from >= 12 ? 1 : 0),
    );
    if (from >= 5) expect(await db.get('warnings', 'gitlab:5|stale-session|k5')).toMatchObject({ state: 'resolved' });
    // Since 7: the user's actions, kept by account and time.
    expect((await actionsOfAccount(db, 'binance:1')).map((a) => a.kind)).toEqual(
      from >= 7 ? ['logOutAllOpened', 'stepTicked'] : [],
    );
    db.close();
  },
);

/** Writes login rows into a database at version 3, where they are keyed in line by `key`. */
function seedLoginsAtVersion3(db: IDBDatabase, rows: StoredLogin[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['accounts', 'logins'], 'readwrite');
    for (const id of new Set(rows.map((r) => r.accountId))) {
      tx.objectStore('accounts').put({ id, siteId: 'binance', hint: id, firstScanAt: 0, lastScanAt: 0, scanCount: 1 });
    }
    for (const r of rows) tx.objectStore('logins').put(r);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

test('version 4 keys every login row by account and time, moving each row once and unchanged', async () => {
  const name = 'migrate-logins-4';
  // More rows than one batch of the move, two accounts interleaved, a few rows without a time.
  const rows: StoredLogin[] = [];
  for (let i = 0; i < 4_500; i++) {
    const accountId = i % 3 ? 'binance:a' : 'binance:b';
    const time = i % 1_000 === 7 ? undefined : 1_000_000 - i;
    rows.push({ key: `k${String(i).padStart(5, '0')}`, accountId, device: 'Chrome', firstObservedAt: i, time });
  }
  const v3 = await openDatabase(name, 3);
  await seedLoginsAtVersion3(v3 as unknown as IDBDatabase, rows);
  v3.close();

  const db = await openDatabase(name, 4);
  expect([...db.objectStoreNames].sort()).toEqual([
    'accounts',
    'logins',
    'meta',
    'scans',
    'sessions',
    'summaries',
    'warnings',
  ]);
  const byKey = new Map((await db.getAll('logins')).map((r) => [r.key, r]));
  expect(byKey.size).toBe(rows.length);
  for (const r of rows) expect(byKey.get(r.key)).toEqual(r);
  // An account's rows are one key range, oldest first, rows without a time last.
  const keys = await db.getAllKeys('logins', loginsOfAccount('binance:b'));
  const expected = rows
    .filter((r) => r.accountId === 'binance:b')
    .map((r) => loginRowKey(r))
    .sort((x, y) => indexedDB.cmp(x, y));
  expect(keys).toEqual(expected);
  expect(keys.at(-1)?.[1]).toBe(Number.POSITIVE_INFINITY);
  expect(keys[0]?.[1]).toBeLessThan(keys[1]?.[1] ?? 0);
  expect(await (db as unknown as IDBPDatabase).countFromIndex('logins', 'by-account', 'binance:a')).toBe(
    rows.filter((r) => r.accountId === 'binance:a').length,
  );

  // Retention over the moved rows deletes exactly those older than the limit, in both accounts, and no other.
  const cutoff = 998_000; // rows 2,001 to 4,499 are older
  const now = cutoff + 2 * DAY;
  const pruned = await pruneAccount(db, 'binance:b', 2, now);
  const left = await db.getAll('logins');
  const gone = rows.filter((r) => r.accountId === 'binance:b' && r.time !== undefined && r.time < cutoff);
  expect(gone.length).toBeGreaterThan(500);
  expect(pruned.logins).toBe(gone.length);
  expect(left.map((r) => r.key).sort()).toEqual(
    rows
      .filter((r) => !gone.includes(r))
      .map((r) => r.key)
      .sort(),
  );
  db.close();
});
