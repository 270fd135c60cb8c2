import type { IDBPTransaction, StoreNames } from 'idb';
import type { StoredWarning } from '../core/types';
import { ACCOUNT_ROW_CAPS, MAX_STORED_ACCOUNTS } from '../shared/backup';
import { type Db, loginsOfAccount } from './db';
import type { WatchdogDB } from './db-schema';

const DAY = 86_400_000;

/**
 * Per-account ceilings, whatever the retention: a page flooding rows (or claiming one account over and over)
 * only ever deletes that account's oldest rows, never another account's.
 */
export interface Caps {
  logins: number;
  goneSessions: number;
  scans: number;
}
export const CAPS: Caps = { ...ACCOUNT_ROW_CAPS };

/** New accounts beyond this are refused (a page cannot grow the database by inventing account ids). */
export const MAX_ACCOUNTS = MAX_STORED_ACCOUNTS;

export interface Pruned {
  logins: number;
  sessions: number;
  scans: number;
  warnings: number;
}

/** Keys of the account's rows in a [accountId, time] index strictly before `before` (oldest first). */
function olderThan(accountId: string, before: number): IDBKeyRange {
  return IDBKeyRange.bound([accountId, -Infinity], [accountId, before], false, true);
}

/** The stores a prune writes; a pass over every account adds the account list and the prune record. */
const PRUNED: StoreNames<WatchdogDB>[] = ['logins', 'sessions', 'scans', 'warnings', 'summaries'];
type PruneTx = IDBPTransaction<WatchdogDB, StoreNames<WatchdogDB>[], 'readwrite'>;

/**
 * Deletes the account's login events, scans and gone sessions older than the retention (0 keeps everything),
 * resolved warnings older than it when `isDaily`, then its oldest rows beyond the caps. One transaction. Live
 * sessions and unresolved warnings (in the account's summary) are current, not history: they are kept.
 */
export async function pruneAccount(
  db: Db,
  accountId: string,
  retentionDays: number,
  now: number,
  options: { caps?: Caps; isDaily?: boolean } = {},
): Promise<Pruned> {
  const tx = db.transaction(PRUNED, 'readwrite');
  const [out] = await Promise.all([pruneIn(tx, accountId, retentionDays, now, options), tx.done]);
  return out;
}

/** `pruneAccount`'s work inside a transaction the caller holds (and commits). */
async function pruneIn(
  tx: PruneTx,
  accountId: string,
  retentionDays: number,
  now: number,
  { caps = CAPS, isDaily = false }: { caps?: Caps; isDaily?: boolean },
): Promise<Pruned> {
  const logins = tx.objectStore('logins');
  const sessions = tx.objectStore('sessions');
  const scans = tx.objectStore('scans');
  const warnings = tx.objectStore('warnings');
  const out: Pruned = { logins: 0, sessions: 0, scans: 0, warnings: 0 };
  const all = IDBKeyRange.bound([accountId, -Infinity], [accountId, Infinity]);
  const cutoff = retentionDays > 0 ? now - retentionDays * DAY : undefined;
  const goneDeleted = new Set<IDBValidKey>();

  if (cutoff !== undefined) {
    // Login rows are keyed by account and time: the old ones are one key range, deleted as one request.
    const oldLogins = loginsOfAccount(accountId, cutoff);
    const [oldLoginCount, oldSessions, oldScans] = await Promise.all([
      logins.count(oldLogins),
      sessions.index('by-account-gone').getAllKeys(olderThan(accountId, cutoff)),
      scans.index('by-account-at').getAllKeys(olderThan(accountId, cutoff)),
    ]);
    for (const k of oldSessions) goneDeleted.add(k);
    await Promise.all([
      ...(oldLoginCount ? [logins.delete(oldLogins)] : []),
      ...oldSessions.map((k) => sessions.delete(k)),
      ...oldScans.map((k) => scans.delete(k)),
    ]);
    out.logins += oldLoginCount;
    out.sessions += oldSessions.length;
    out.scans += oldScans.length;
    if (isDaily) {
      const old = (await warnings.index('by-account').getAll(accountId)).filter(
        (w: StoredWarning) => w.state === 'resolved' && w.stateChangedAt < cutoff,
      );
      await Promise.all(old.map((w) => warnings.delete(w.id)));
      out.warnings += old.length;
    }
  }

  const [loginCount, goneCount, scanCount] = await Promise.all([
    logins.count(loginsOfAccount(accountId)),
    sessions.index('by-account-gone').count(all),
    scans.index('by-account-at').count(all),
  ]);
  if (loginCount > caps.logins) {
    // The oldest rows first, rows without a time after them (their key sorts last): one range up to the excess-th.
    const excess = loginCount - caps.logins;
    const first = await logins.openKeyCursor(loginsOfAccount(accountId));
    const last = excess > 1 ? await first?.advance(excess - 1) : first;
    if (last) {
      await logins.delete(IDBKeyRange.bound([accountId], last.key));
      out.logins += excess;
    }
  }
  if (goneCount > caps.goneSessions) {
    const keys = await sessions.index('by-account-gone').getAllKeys(all, goneCount - caps.goneSessions);
    for (const k of keys) goneDeleted.add(k);
    await Promise.all(keys.map((k) => sessions.delete(k)));
    out.sessions += keys.length;
  }
  if (scanCount > caps.scans) {
    const keys = await scans.index('by-account-at').getAllKeys(all, scanCount - caps.scans);
    await Promise.all(keys.map((k) => scans.delete(k)));
    out.scans += keys.length;
  }

  const summary = await tx.objectStore('summaries').get(accountId);
  if (summary && goneDeleted.size) {
    // The summary's recent gone sessions are copies of rows: they must not outlive them (its live ones are kept).
    const kept = summary.sessions.filter((s) => s.goneAt === undefined || !goneDeleted.has(s.key));
    await tx.objectStore('summaries').put({ ...summary, sessions: kept });
  }
  return out;
}

function addTo(total: Pruned, p: Pruned): void {
  total.logins += p.logins;
  total.sessions += p.sessions;
  total.scans += p.scans;
  total.warnings += p.warnings;
}

const none = (): Pruned => ({ logins: 0, sessions: 0, scans: 0, warnings: 0 });

/**
 * The full pass over every account (resolved warnings too), then when it ran and for which retention: one
 * transaction, every account's requests issued together (20 accounts pruned one transaction after another waited
 * on each account's round trips and commit in turn), all or nothing.
 */
async function pruneEveryAccount(
  db: Db,
  retentionDays: number,
  now: number,
  caps: Caps,
  skip?: string,
): Promise<Pruned> {
  const stores: StoreNames<WatchdogDB>[] = [...PRUNED, 'accounts', 'meta'];
  const tx = db.transaction(stores, 'readwrite');
  const ids = (await tx.objectStore('accounts').getAllKeys()).filter((id) => id !== skip);
  const each = await Promise.all(ids.map((id) => pruneIn(tx, id, retentionDays, now, { caps, isDaily: true })));
  await tx.objectStore('meta').put({ name: 'prunedAt', at: now, retentionDays });
  await tx.done;
  const total = none();
  for (const p of each) addTo(total, p);
  return total;
}

/**
 * After a scan: the scanned account is held to its caps and retention every time; once a day every account
 * gets the full pass (resolved warnings too), so accounts no longer visited age out as well.
 */
export async function pruneAfterScan(
  db: Db,
  accountId: string,
  retentionDays: number,
  now: number,
  caps: Caps = CAPS,
): Promise<Pruned> {
  const total = none();
  const record = await db.get('meta', 'prunedAt');
  const last = record?.name === 'prunedAt' ? record.at : undefined;
  const isDaily = last === undefined || last <= now - DAY || last > now;
  addTo(total, await pruneAccount(db, accountId, retentionDays, now, { caps, isDaily }));
  if (isDaily) addTo(total, await pruneEveryAccount(db, retentionDays, now, caps, accountId));
  return total;
}

/**
 * After the settings changed: when the retention is not the one every account was last pruned for, every account
 * is pruned now rather than at the next scan or the next day. Answers undefined when there was nothing to do.
 */
export async function pruneIfRetentionChanged(
  db: Db,
  retentionDays: number,
  now: number,
  caps: Caps = CAPS,
): Promise<Pruned | undefined> {
  const record = await db.get('meta', 'prunedAt');
  if (record?.name === 'prunedAt' && record.retentionDays === retentionDays) return undefined;
  return pruneEveryAccount(db, retentionDays, now, caps);
}
