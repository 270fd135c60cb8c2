import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { countOpen, openDatabase, readAllRows, sessionsOf, warningsOf } from './db';
import { migrations } from './migrations';

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
  // Version 4 stores one incident per intruder, its reasons inside.
  4: (db) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(['accounts', 'summaries'], 'readwrite');
      tx.objectStore('accounts').put({
        id: 'gitlab:5',
        siteId: 'gitlab',
        hint: '5',
        firstScanAt: 6,
        lastScanAt: 6,
        scanCount: 1,
      });
      const evidence = { device: 'Chrome 126 on macOS', ip: '159.89.0.1', time: 6 };
      tx.objectStore('summaries').put({
        accountId: 'gitlab:5',
        sessions: [],
        warnings: [
          {
            id: 'gitlab:5|hosting-ip|s5',
            accountId: 'gitlab:5',
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
};

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
    expect(await db.getAllFromIndex('logins', 'by-account', 'binance:1')).toHaveLength(1);
    expect(await db.count('scans')).toBe(1);
    // Since 3: the summary holds live and recently gone sessions and unresolved warnings; rows only the history.
    const summary = await db.get('summaries', 'binance:1');
    expect(summary?.sessions.map((x) => x.key).sort()).toEqual(['k0', 'k1']);
    expect(summary?.warnings.map((w) => w.id)).toEqual(['binance:1|unknown-device|k1']);
    expect(await db.getAllKeysFromIndex('sessions', 'by-account', 'binance:1')).toEqual(['k0']);
    expect((await db.getAllFromIndex('warnings', 'by-account', 'binance:1')).map((w) => w.state)).toEqual(['resolved']);
    expect(await countOpen(db, ['high'])).toBe(from >= 4 ? 3 : from >= 3 ? 2 : 1);
    // The indexes cover rows written before them.
    expect(
      await db.getAllKeysFromIndex(
        'sessions',
        'by-account-gone',
        IDBKeyRange.bound(['binance:1', 0], ['binance:1', 9]),
      ),
    ).toEqual(['k0']);
    expect(
      await db.countFromIndex('logins', 'by-account-time', IDBKeyRange.bound(['binance:1', 0], ['binance:1', 9])),
    ).toBe(1);
    expect(
      await db.countFromIndex('scans', 'by-account-at', IDBKeyRange.bound(['binance:1', 0], ['binance:1', 9])),
    ).toBe(1);
    if (from >= 2) {
      // The summary's newer values won over the row's, and the live row left the row store.
      expect(await sessionsOf(db, 'okx:2')).toMatchObject([{ key: 'k2', lastObservedAt: 5 }]);
      expect(await db.count('sessions', IDBKeyRange.only('k2'))).toBe(0);
      expect(await db.get('meta', 'prunedAt')).toMatchObject({ at: 3 });
    }
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
    if (from >= 4) {
      expect((await warningsOf(db, 'gitlab:5'))[0]?.reasons?.map((r) => r.rule)).toEqual([
        'hosting-ip',
        'copied-session',
      ]);
    }
    // What a backup would hold: every row once.
    const all = await readAllRows(db);
    expect(all.sessions).toHaveLength(from >= 3 ? 5 : from >= 2 ? 3 : 2);
    expect(all.warnings).toHaveLength(from >= 4 ? 8 : from >= 3 ? 7 : 2);
    db.close();
  },
);
