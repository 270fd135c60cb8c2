import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { WatchdogDB } from './db-schema';

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
];
