import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { openDatabase } from './db';
import { migrations } from './migrations';

// Seeds rows valid at a given version, so every later migration is run over real data.
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
      tx.objectStore('logins').put({ key: 'l1', accountId: 'binance:1', device: 'Chrome', firstObservedAt: 1 });
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
};

test('every migration has a seed for the version it creates', () => {
  for (let v = 1; v <= migrations.length; v++) expect(seeds[v], `seed for version ${v}`).toBeTypeOf('function');
});

test.each(Array.from({ length: migrations.length }, (_, i) => i + 1))(
  'a database at version %i with data upgrades to the latest with its rows intact',
  async (from) => {
    const name = `migrate-from-${from}`;
    const old = await openDatabase(name, from);
    for (let v = 1; v <= from; v++) await seeds[v]?.(old as unknown as IDBDatabase);
    old.close();
    const db = await openDatabase(name);
    expect(db.version).toBe(migrations.length);
    expect(await db.get('accounts', 'binance:1')).toMatchObject({ siteId: 'binance' });
    expect(await db.getAllFromIndex('sessions', 'by-account', 'binance:1')).toHaveLength(1);
    expect(await db.getAllFromIndex('logins', 'by-account', 'binance:1')).toHaveLength(1);
    expect(await db.count('scans')).toBe(1);
    db.close();
  },
);
