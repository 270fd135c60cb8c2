import { type IDBPDatabase, openDB } from 'idb';
import type { Account, ScanRecord, StoredLogin, StoredSession, StoredWarning } from '../core/types';
import type { WatchdogDB } from './db-schema';
import { migrations } from './migrations';

export const DB_NAME = 'session-watchdog';
export type Db = IDBPDatabase<WatchdogDB>;

/** Owner of IndexedDB: only the background opens the database. */
export function openDatabase(name = DB_NAME, version = migrations.length): Promise<Db> {
  return openDB<WatchdogDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) migrations[v]?.(db, tx);
    },
  });
}

export interface AccountData {
  account?: Account;
  sessions: StoredSession[];
  loginKeys: Set<string>;
  logins: StoredLogin[];
  warnings: StoredWarning[];
}

export async function readAccount(db: Db, accountId: string): Promise<AccountData> {
  const tx = db.transaction(['accounts', 'sessions', 'logins', 'warnings'], 'readonly');
  const [account, sessions, logins, warnings] = await Promise.all([
    tx.objectStore('accounts').get(accountId),
    tx.objectStore('sessions').index('by-account').getAll(accountId),
    tx.objectStore('logins').index('by-account').getAll(accountId),
    tx.objectStore('warnings').index('by-account').getAll(accountId),
  ]);
  await tx.done;
  return { account, sessions, logins, loginKeys: new Set(logins.map((l) => l.key)), warnings };
}

export interface ScanWrite {
  account: Account;
  scan: ScanRecord;
  sessions: StoredSession[];
  logins: StoredLogin[];
  warnings: StoredWarning[];
}

/** Everything one scan changes, in one transaction: a worker killed midway leaves no half-written scan. */
export async function writeScan(db: Db, w: ScanWrite): Promise<void> {
  const tx = db.transaction(['accounts', 'scans', 'sessions', 'logins', 'warnings'], 'readwrite');
  const puts: Promise<unknown>[] = [tx.objectStore('accounts').put(w.account), tx.objectStore('scans').add(w.scan)];
  const sessions = tx.objectStore('sessions');
  for (const s of w.sessions) puts.push(sessions.put(s));
  const logins = tx.objectStore('logins');
  for (const l of w.logins) puts.push(logins.put(l));
  const warnings = tx.objectStore('warnings');
  for (const x of w.warnings) puts.push(warnings.put(x));
  await Promise.all([...puts, tx.done]);
}

export async function putWarnings(db: Db, list: StoredWarning[]): Promise<void> {
  const tx = db.transaction('warnings', 'readwrite');
  await Promise.all([...list.map((w) => tx.store.put(w)), tx.done]);
}

export function allAccounts(db: Db): Promise<Account[]> {
  return db.getAll('accounts');
}

export function getWarning(db: Db, id: string): Promise<StoredWarning | undefined> {
  return db.get('warnings', id);
}

export function openWarnings(db: Db): Promise<StoredWarning[]> {
  return db.getAllFromIndex('warnings', 'by-state', 'open');
}

export function sessionsOf(db: Db, accountId: string): Promise<StoredSession[]> {
  return db.getAllFromIndex('sessions', 'by-account', accountId);
}

export function warningsOf(db: Db, accountId: string): Promise<StoredWarning[]> {
  return db.getAllFromIndex('warnings', 'by-account', accountId);
}

/** Sets when the user last reviewed the account; answers undefined when there is no such account. */
export async function markAccountReviewed(db: Db, accountId: string, at: number): Promise<Account | undefined> {
  const tx = db.transaction('accounts', 'readwrite');
  const account = await tx.store.get(accountId);
  if (account) await tx.store.put({ ...account, lastReviewedAt: at });
  await tx.done;
  return account && { ...account, lastReviewedAt: at };
}

/** One account's login events, straight from the by-account index (read-only). */
export function loginsOf(db: Db, accountId: string): Promise<StoredLogin[]> {
  return db.getAllFromIndex('logins', 'by-account', accountId);
}
