import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { WatchdogDB } from './db-schema';
import { summaryOf } from './summary';

type Db = IDBPDatabase<WatchdogDB>;
type UpgradeTx = IDBPTransaction<WatchdogDB, StoreNames<WatchdogDB>[], 'versionchange'>;

/**
 * Append-only: the database version is this list's length. Never edit a shipped entry; add one.
 * Each entry is tested by building the database at every earlier version with data in it.
 */
export const migrations: ((db: Db, tx: UpgradeTx) => void)[] = [
  // 1: the first schema.
  (db) => {
    db.createObjectStore('accounts', { keyPath: 'id' });
    const scans = db.createObjectStore('scans', { keyPath: 'id', autoIncrement: true });
    scans.createIndex('by-account', 'accountId');
    const sessions = db.createObjectStore('sessions', { keyPath: 'key' });
    sessions.createIndex('by-account', 'accountId');
    const logins = db.createObjectStore('logins', { keyPath: 'key' });
    logins.createIndex('by-account', 'accountId');
    const warnings = db.createObjectStore('warnings', { keyPath: 'id' });
    warnings.createIndex('by-account', 'accountId');
    warnings.createIndex('by-state', 'state');
  },
  // 2: per-account summaries (what a scan and the popup read), indexes for retention and caps, a meta store.
  (db, tx) => {
    tx.objectStore('scans').createIndex('by-account-at', ['accountId', 'at']);
    // Live sessions have no goneAt, so they are not in this index: it lists gone sessions only, oldest first.
    tx.objectStore('sessions').createIndex('by-account-gone', ['accountId', 'goneAt']);
    tx.objectStore('logins').createIndex('by-account-time', ['accountId', 'time']);
    // The badge counts open warnings by severity without reading them.
    tx.objectStore('warnings').createIndex('by-state-severity', ['state', 'severity']);
    db.createObjectStore('summaries', { keyPath: 'accountId' });
    db.createObjectStore('meta', { keyPath: 'name' });
    // Only IndexedDB requests are awaited here, so the upgrade transaction stays open until every summary is put.
    void (async () => {
      for (const accountId of await tx.objectStore('accounts').getAllKeys()) {
        const [sessions, warnings] = await Promise.all([
          tx.objectStore('sessions').index('by-account').getAll(accountId),
          tx.objectStore('warnings').index('by-account').getAll(accountId),
        ]);
        await tx.objectStore('summaries').put(summaryOf(accountId, sessions, warnings));
      }
    })().catch(() => tx.abort());
  },
];
