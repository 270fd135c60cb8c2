import { type IDBPDatabase, openDB } from 'idb';
import type { Account, ScanRecord, StoredLogin, StoredSession, StoredWarning } from '../core/types';
import type { AccountSummary, SeenStamp, WatchdogDB } from './db-schema';
import { migrations } from './migrations';
import { stampName, summaryOf, withStamp, withWarnings } from './summary';

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
  /** Current values: the stamp applied. */
  summary: AccountSummary;
  /** False when the summary was rebuilt from rows (or the account is new): it must be written. */
  isSummaryStored: boolean;
  stamp?: SeenStamp;
  loginKeys: Set<string>;
  logins: StoredLogin[];
}

/**
 * What a scan needs of one account: its summary (live and recent sessions, warnings not resolved) and its login
 * history, which the rules compare with. One read of the summary instead of every session and warning row.
 */
export async function readAccount(db: Db, accountId: string): Promise<AccountData> {
  const tx = db.transaction(['accounts', 'summaries', 'sessions', 'logins', 'warnings', 'meta'], 'readonly');
  const [account, stored, logins, stamp] = await Promise.all([
    tx.objectStore('accounts').get(accountId),
    tx.objectStore('summaries').get(accountId),
    tx.objectStore('logins').index('by-account').getAll(accountId),
    tx.objectStore('meta').get(stampName(accountId)) as Promise<SeenStamp | undefined>,
  ]);
  // Rows written without a summary (a failed migration step, a restored backup): rebuild it once from the rows.
  const summary =
    stored ??
    (account
      ? summaryOf(
          accountId,
          await tx.objectStore('sessions').index('by-account').getAll(accountId),
          await tx.objectStore('warnings').index('by-account').getAll(accountId),
        )
      : { accountId, sessions: [], warnings: [] });
  await tx.done;
  return {
    account,
    summary: withStamp(summary, stamp),
    isSummaryStored: stored !== undefined,
    stamp,
    logins,
    loginKeys: new Set(logins.map((l) => l.key)),
  };
}

export interface ScanWrite {
  account: Account;
  scan: ScanRecord;
  /** Session rows that changed (new, gone, or a field other than lastObservedAt). */
  sessions: StoredSession[];
  logins: StoredLogin[];
  /** Warning rows that changed (new, state, or a field other than lastRaisedAt). */
  warnings: StoredWarning[];
  /** Written only when a row it mirrors changed; the stamp carries the times otherwise. */
  summary?: AccountSummary;
  stamp: SeenStamp;
}

/** Everything one scan changes, in one transaction: a worker killed midway leaves no half-written scan. */
export async function writeScan(db: Db, w: ScanWrite): Promise<void> {
  const tx = db.transaction(['accounts', 'scans', 'sessions', 'logins', 'warnings', 'summaries', 'meta'], 'readwrite');
  await allOrNothing(tx, (puts) => {
    // One push per request: a request that throws must not leave the ones before it untracked.
    puts.push(tx.objectStore('accounts').put(w.account));
    puts.push(tx.objectStore('scans').add(w.scan));
    if (w.summary) puts.push(tx.objectStore('summaries').put(w.summary));
    puts.push(tx.objectStore('meta').put(w.stamp));
    // A scan stored is the sign that storage works again.
    puts.push(tx.objectStore('meta').delete('storageProblem'));
    const sessions = tx.objectStore('sessions');
    for (const s of w.sessions) puts.push(sessions.put(s));
    const logins = tx.objectStore('logins');
    for (const l of w.logins) puts.push(logins.put(l));
    const warnings = tx.objectStore('warnings');
    for (const x of w.warnings) puts.push(warnings.put(x));
  });
  unsavedProblem = undefined;
}

/**
 * Issues a transaction's requests and waits for it. Any failure, thrown while issuing (a store refusing a value)
 * or reported later (QuotaExceededError at commit), aborts it so nothing is applied, and is thrown; the other
 * requests' rejections are swallowed so none goes unhandled.
 */
async function allOrNothing(
  tx: { done: Promise<void>; abort(): void },
  issue: (requests: Promise<unknown>[]) => void,
): Promise<void> {
  const requests: Promise<unknown>[] = [];
  try {
    issue(requests);
    await Promise.all([...requests, tx.done]);
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    await Promise.allSettled([...requests, tx.done]);
    throw err;
  }
}

/** Warning rows and the summaries that mirror them, in one transaction. */
export async function putWarnings(db: Db, list: StoredWarning[]): Promise<void> {
  const tx = db.transaction(['warnings', 'summaries'], 'readwrite');
  const byAccount = new Map<string, StoredWarning[]>();
  for (const w of list) byAccount.set(w.accountId, [...(byAccount.get(w.accountId) ?? []), w]);
  await allOrNothing(tx, (requests) => {
    for (const w of list) requests.push(tx.objectStore('warnings').put(w));
    for (const [accountId, changed] of byAccount) {
      requests.push(
        tx
          .objectStore('summaries')
          .get(accountId)
          .then((s) => s && tx.objectStore('summaries').put(withWarnings(s, changed))),
      );
    }
  });
}

export function allAccounts(db: Db): Promise<Account[]> {
  return db.getAll('accounts');
}

export function countAccounts(db: Db): Promise<number> {
  return db.count('accounts');
}

/** The summaries of every account but one (the one being judged, whose summary the caller has). */
export async function otherSummaries(db: Db, exceptId: string): Promise<AccountSummary[]> {
  const tx = db.transaction('summaries', 'readonly');
  const ids = (await tx.store.getAllKeys()).filter((id) => id !== exceptId);
  const found = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  return found.filter((s): s is AccountSummary => s !== undefined);
}

/** Every account's summary, stamps applied. */
export async function allSummaries(db: Db): Promise<AccountSummary[]> {
  const tx = db.transaction(['summaries', 'meta'], 'readonly');
  const [summaries, meta] = await Promise.all([tx.objectStore('summaries').getAll(), tx.objectStore('meta').getAll()]);
  await tx.done;
  const stamps = new Map(meta.map((m) => [m.name, m]));
  return summaries.map((s) => withStamp(s, stamps.get(stampName(s.accountId)) as SeenStamp | undefined));
}

export function getWarning(db: Db, id: string): Promise<StoredWarning | undefined> {
  return db.get('warnings', id);
}

export function openWarnings(db: Db): Promise<StoredWarning[]> {
  return db.getAllFromIndex('warnings', 'by-state', 'open');
}

/** Open warnings of the given severities, counted from the index. */
export async function countOpen(db: Db, severities: string[]): Promise<number> {
  const tx = db.transaction('warnings', 'readonly');
  const index = tx.store.index('by-state-severity');
  const counts = await Promise.all(severities.map((s) => index.count(['open', s])));
  await tx.done;
  return counts.reduce((a, b) => a + b, 0);
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

/** A failed write's message when even recording it failed (disk full): lives as long as the worker. */
let unsavedProblem: string | undefined;

/** The last write that failed, for the popup; cleared by the next scan stored. */
export async function storageProblem(db: Db): Promise<string | undefined> {
  const record = await db.get('meta', 'storageProblem');
  return unsavedProblem ?? (record?.name === 'storageProblem' ? record.message : undefined);
}

/** Best effort: when the disk is full this small write may fail too, and then the worker's memory keeps it. */
export async function recordStorageProblem(db: Db, message: string, at: number): Promise<void> {
  unsavedProblem = message;
  try {
    await db.put('meta', { name: 'storageProblem', message, at });
    unsavedProblem = undefined;
  } catch {
    // kept in memory above
  }
}
