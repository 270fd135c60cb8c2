import { type IDBPDatabase, openDB } from 'idb';
import type { StoredBackdoors } from '../core/backdoors';
import type {
  Account,
  ScanRecord,
  StoredApiCall,
  StoredApiKey,
  StoredLogin,
  StoredSession,
  StoredWarning,
  StoredWhitelistEntry,
} from '../core/types';
import { KEPT_OVERVIEW_KEY, type KeptOverview } from '../shared/kept-overview';
import { MAX_ACTIONS_PER_ACCOUNT, type UserAction } from '../shared/user-actions';
import type { AccountSummary, LoginRowKey, SeenStamp, WatchdogDB } from './db-schema';
import { migrations } from './migrations';
import { stampInPlace, stampName, summaryOf, withStamp, withWarnings } from './summary';

export { DB_NAME } from './db-name';

import { DB_NAME } from './db-name';
export type Db = IDBPDatabase<WatchdogDB>;

/**
 * Where a login row is kept (its primary key since version 4): by account, then time, rows without a time after every
 * timed one, then the row's identity. Migration 4 computes the same key for the rows it moves.
 */
export function loginRowKey(l: Pick<StoredLogin, 'accountId' | 'time' | 'key'>): LoginRowKey {
  return [l.accountId, l.time === undefined || Number.isNaN(l.time) ? Number.POSITIVE_INFINITY : l.time, l.key];
}

/** Every login row of an account (a key range, oldest first); `before` ends it strictly before that time. */
export function loginsOfAccount(accountId: string, before?: number): IDBKeyRange {
  // [accountId] sorts before every [accountId, time, key]; an array sorts after every number.
  return before === undefined
    ? IDBKeyRange.bound([accountId], [accountId, []])
    : IDBKeyRange.bound([accountId], [accountId, before], false, true);
}

/** Owner of IndexedDB: only the background opens the database. */
export function openDatabase(name = DB_NAME, version = migrations.length): Promise<Db> {
  return openDB<WatchdogDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      // Each entry runs when the one before has finished moving data (only IndexedDB requests are awaited, so the
      // upgrade transaction stays active); entries that answer nothing run at once.
      let pending: Promise<void> | undefined;
      for (let v = oldVersion; v < (newVersion ?? version); v++) {
        const migrate = migrations[v];
        if (!migrate) continue;
        pending = pending ? pending.then(() => migrate(db, tx)) : (migrate(db, tx) ?? undefined);
      }
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
    tx.objectStore('logins').getAll(loginsOfAccount(accountId)),
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
    // Read just now, so nothing else holds its objects.
    summary: stampInPlace(summary, stamp),
    isSummaryStored: stored !== undefined,
    stamp,
    logins,
    loginKeys: new Set(logins.map((l) => l.key)),
  };
}

export interface ScanWrite {
  account: Account;
  scan: ScanRecord;
  /** Sessions that went at this scan: they leave the summary's live list for the row store. */
  goneSessions: StoredSession[];
  /** Sessions live in the summary now that were not before (new, or back): a gone row they left is deleted. */
  liveAgainKeys: string[];
  logins: StoredLogin[];
  /** Warnings resolved at this scan: they leave the summary for the row store. */
  resolvedWarnings: StoredWarning[];
  /** Warnings in the summary now that were not before: a resolved row of the same id is deleted. */
  unresolvedAgainIds: string[];
  /** Written only when something in it changed; the stamp carries the times otherwise. */
  summary?: AccountSummary;
  stamp: SeenStamp;
  /** API keys, calls and whitelist entries new or changed at this scan (src/core/backdoors.ts). */
  backdoors?: Omit<StoredBackdoors, 'baselines'>;
}

/**
 * Everything one scan changes, in one transaction: a worker killed midway leaves no half-written scan. The
 * account's live sessions and open warnings are one summary record, so a scan of a thousand rows is a few puts.
 */
export async function writeScan(db: Db, w: ScanWrite): Promise<void> {
  const tx = db.transaction(
    ['accounts', 'scans', 'sessions', 'logins', 'warnings', 'summaries', 'meta', ...BACKDOOR_STORES],
    'readwrite',
  );
  await allOrNothing(tx, (puts) => {
    // One push per request: a request that throws must not leave the ones before it untracked.
    puts.push(tx.objectStore('accounts').put(w.account));
    puts.push(tx.objectStore('scans').add(w.scan));
    if (w.summary) puts.push(tx.objectStore('summaries').put(w.summary));
    puts.push(tx.objectStore('meta').put(w.stamp));
    // A scan stored is the sign that storage works again.
    puts.push(tx.objectStore('meta').delete('storageProblem'));
    const sessions = tx.objectStore('sessions');
    for (const key of w.liveAgainKeys) puts.push(sessions.delete(key));
    for (const s of w.goneSessions) puts.push(sessions.put(s));
    const logins = tx.objectStore('logins');
    for (const l of w.logins) puts.push(logins.put(l, loginRowKey(l)));
    const warnings = tx.objectStore('warnings');
    for (const id of w.unresolvedAgainIds) puts.push(warnings.delete(id));
    for (const x of w.resolvedWarnings) puts.push(warnings.put(x));
    for (const x of w.backdoors?.apiKeys ?? []) puts.push(tx.objectStore('apiKeys').put(x));
    for (const x of w.backdoors?.apiCalls ?? []) puts.push(tx.objectStore('apiCalls').put(x));
    for (const x of w.backdoors?.whitelist ?? []) puts.push(tx.objectStore('whitelist').put(x));
  });
  unsavedProblem = undefined;
}

/** The stores of what an intruder leaves behind (since version 7). */
export const BACKDOOR_STORES = ['apiKeys', 'apiCalls', 'whitelist'] as const;

/** An account's API keys, access-log calls and withdrawal addresses, with the baselines its record keeps. */
export async function readBackdoors(db: Db, account: Account | undefined, accountId: string): Promise<StoredBackdoors> {
  const tx = db.transaction(BACKDOOR_STORES, 'readonly');
  const [apiKeys, apiCalls, whitelist] = await Promise.all([
    tx.objectStore('apiKeys').index('by-account').getAll(accountId),
    tx.objectStore('apiCalls').index('by-account').getAll(accountId),
    tx.objectStore('whitelist').index('by-account').getAll(accountId),
  ]);
  await tx.done;
  return { apiKeys, apiCalls, whitelist, baselines: account?.backdoorBaselines ?? {} };
}

/**
 * "I added it": marks a key or whitelist address as the user's (`at`), or takes that back (`at` undefined, undo).
 * Answers whether the row exists.
 */
export async function confirmBackdoor(
  db: Db,
  store: 'apiKeys' | 'whitelist',
  id: string,
  at: number | undefined,
): Promise<boolean> {
  const tx = db.transaction(store, 'readwrite');
  const row = await tx.store.get(id);
  if (row) {
    const { confirmedAt: _was, ...rest } = row;
    await tx.store.put(at === undefined ? rest : { ...rest, confirmedAt: at });
  }
  await tx.done;
  return row !== undefined;
}

export interface JudgementWrite {
  /** Warnings resolved by this judging: they leave the summary for the row store. */
  resolvedWarnings: StoredWarning[];
  /** Warnings in the summary now that were not before: a resolved row of the same id is deleted. */
  unresolvedAgainIds: string[];
  /** Written only when its warnings changed (its sessions were written with the scan). */
  summary?: AccountSummary;
  /** Judged now: the stamp no longer says the scan awaits its judging. */
  stamp: SeenStamp;
}

/** The warnings of a scan stored just before (writeScan), in one transaction of their own. */
export async function writeJudgement(db: Db, j: JudgementWrite): Promise<void> {
  const tx = db.transaction(['warnings', 'summaries', 'meta'], 'readwrite');
  await allOrNothing(tx, (puts) => {
    if (j.summary) puts.push(tx.objectStore('summaries').put(j.summary));
    puts.push(tx.objectStore('meta').put(j.stamp));
    // Judged and stored: a problem reported by an earlier judging is over.
    puts.push(tx.objectStore('meta').delete('storageProblem'));
    const warnings = tx.objectStore('warnings');
    for (const id of j.unresolvedAgainIds) puts.push(warnings.delete(id));
    for (const x of j.resolvedWarnings) puts.push(warnings.put(x));
  });
  unsavedProblem = undefined;
}

/** Stamps of scans stored whose judging never finished (the worker was stopped in between). */
export async function unjudgedStamps(db: Db): Promise<SeenStamp[]> {
  const all = await db.getAll('meta');
  return all.filter((m): m is SeenStamp => m.name.startsWith('seen:') && isUnjudged(m as SeenStamp));
}

function isUnjudged(stamp: SeenStamp | undefined): boolean {
  return stamp?.scannedAt !== undefined && stamp.scannedAt > stamp.judgedAt;
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

/**
 * Changed warnings, in one transaction: unresolved ones are replaced in their account's summary (a resolved row of
 * the same id is deleted), resolved ones leave it for the row store.
 */
export async function putWarnings(db: Db, list: StoredWarning[]): Promise<void> {
  const tx = db.transaction(['warnings', 'summaries'], 'readwrite');
  const byAccount = new Map<string, StoredWarning[]>();
  for (const w of list) {
    const changed = byAccount.get(w.accountId);
    if (changed) changed.push(w);
    else byAccount.set(w.accountId, [w]);
  }
  const rows = tx.objectStore('warnings');
  const summaries = tx.objectStore('summaries');
  await allOrNothing(tx, (requests) => {
    for (const w of list) if (w.state === 'resolved') requests.push(rows.put(w));
    for (const [accountId, changed] of byAccount) {
      requests.push(
        summaries.get(accountId).then((stored) => {
          const summary = stored ?? { accountId, sessions: [], warnings: [] };
          const before = new Set(summary.warnings.map((w) => w.id));
          const back = changed.filter((w) => w.state !== 'resolved' && !before.has(w.id));
          return Promise.all([summaries.put(withWarnings(summary, changed)), ...back.map((w) => rows.delete(w.id))]);
        }),
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

/**
 * What the popup's overview needs, in one transaction: the accounts, their summaries (stamps applied), the last
 * write that failed if any (cleared by the next scan stored), and the accounts with fewer than `minHistory` logins (at most that many keys read per account:
 * counting a long history would cost more than the rest of the overview).
 */
export async function overviewRows(
  db: Db,
  minHistory: number,
): Promise<{ accounts: Account[]; summaries: AccountSummary[]; problem: string | undefined; learning: Set<string> }> {
  const tx = db.transaction(['accounts', 'summaries', 'meta', 'logins'], 'readonly');
  const [accounts, summaries, meta] = await Promise.all([
    tx.objectStore('accounts').getAll(),
    tx.objectStore('summaries').getAll(),
    tx.objectStore('meta').getAll(),
  ]);
  const logins = tx.objectStore('logins');
  const learning = new Set<string>();
  if (minHistory > 0) {
    await Promise.all(
      accounts.map(async (a) => {
        if ((await logins.getAllKeys(loginsOfAccount(a.id), minHistory)).length < minHistory) learning.add(a.id);
      }),
    );
  }
  await tx.done;
  const stamps = new Map(meta.map((m) => [m.name, m]));
  const problem = meta.find((m) => m.name === 'storageProblem');
  return {
    accounts,
    summaries: summaries.map((s) => withStamp(s, stamps.get(stampName(s.accountId)) as SeenStamp | undefined)),
    problem: unsavedProblem ?? (problem?.name === 'storageProblem' ? problem.message : undefined),
    learning,
  };
}

/** A warning by id: unresolved ones from their account's summary, resolved ones from the row store. */
export async function getWarning(db: Db, id: string): Promise<StoredWarning | undefined> {
  const tx = db.transaction(['summaries', 'warnings', 'meta'], 'readonly');
  // The id starts with its account's id; account ids may hold `|`, so every account whose id prefixes it is tried.
  const ids = (await tx.objectStore('summaries').getAllKeys()).filter((a) => id.startsWith(`${a}|`));
  for (const accountId of ids) {
    const [summary, stamp] = await Promise.all([
      tx.objectStore('summaries').get(accountId),
      tx.objectStore('meta').get(stampName(accountId)) as Promise<SeenStamp | undefined>,
    ]);
    const found = summary && withStamp(summary, stamp).warnings.find((w) => w.id === id);
    if (found) return found;
  }
  return tx.objectStore('warnings').get(id);
}

/** Every open warning, from the summaries. */
export async function openWarnings(db: Db): Promise<StoredWarning[]> {
  return (await allSummaries(db)).flatMap((s) => s.warnings.filter((w) => w.state === 'open'));
}

/** Open warnings of the given severities, counted from the summaries. */
/** What the badge counts, over every account's summary (open warnings and live sessions). */
export async function countOpen(db: Db, count: (summary: AccountSummary) => number): Promise<number> {
  let n = 0;
  for (const s of await db.getAll('summaries')) n += count(s);
  return n;
}

/** Every stored row of one kind, sorted by key, the current value first: a summary's over a row's. */
function merged<T>(rows: T[], current: T[], key: (x: T) => string): T[] {
  const byKey = new Map(rows.map((r) => [key(r), r]));
  for (const x of current) byKey.set(key(x), x);
  // IndexedDB orders string keys by code unit, as `<` does: the order getAll would answer.
  return [...byKey.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** An account's sessions, live and gone, stamps applied. */
export async function sessionsOf(db: Db, accountId: string): Promise<StoredSession[]> {
  const data = await readAccountRows(db, accountId);
  return merged(data.sessionRows, data.summary.sessions, (s) => s.key);
}

/** An account's warnings, resolved ones included, stamps applied. */
export async function warningsOf(db: Db, accountId: string): Promise<StoredWarning[]> {
  const data = await readAccountRows(db, accountId);
  return merged(data.warningRows, data.summary.warnings, (w) => w.id);
}

async function readAccountRows(db: Db, accountId: string) {
  const tx = db.transaction(['summaries', 'sessions', 'warnings', 'meta'], 'readonly');
  const [summary, stamp, sessionRows, warningRows] = await Promise.all([
    tx.objectStore('summaries').get(accountId),
    tx.objectStore('meta').get(stampName(accountId)) as Promise<SeenStamp | undefined>,
    tx.objectStore('sessions').index('by-account').getAll(accountId),
    tx.objectStore('warnings').index('by-account').getAll(accountId),
  ]);
  await tx.done;
  return { summary: withStamp(summary ?? { accountId, sessions: [], warnings: [] }, stamp), sessionRows, warningRows };
}

export interface AllRows {
  accounts: Account[];
  scans: ScanRecord[];
  sessions: StoredSession[];
  logins: StoredLogin[];
  warnings: StoredWarning[];
  apiKeys: StoredApiKey[];
  apiCalls: StoredApiCall[];
  whitelist: StoredWhitelistEntry[];
  /** What the user did about each account (the support report's actions), oldest first per account. */
  actions: UserAction[];
  /** The install's identity secret (src/background/identity.ts), when one was made. */
  identitySecret?: string;
}

/**
 * Everything stored, as rows (one transaction, so the copy is consistent): live sessions and unresolved warnings
 * come from the summaries with their stamps applied, gone sessions and resolved warnings from the row stores.
 */
export async function readAllRows(db: Db): Promise<AllRows> {
  const tx = db.transaction(
    [
      'accounts',
      'scans',
      'sessions',
      'logins',
      'warnings',
      'summaries',
      'meta',
      ...BACKDOOR_STORES,
      'actions',
    ] as const,
    'readonly',
  );
  const [accounts, scans, sessionRows, logins, warningRows, summaries, meta, apiKeys, apiCalls, whitelist, actionRows] =
    await Promise.all([
      tx.objectStore('accounts').getAll(),
      tx.objectStore('scans').getAll(),
      tx.objectStore('sessions').getAll(),
      tx.objectStore('logins').getAll(),
      tx.objectStore('warnings').getAll(),
      tx.objectStore('summaries').getAll(),
      tx.objectStore('meta').getAll(),
      tx.objectStore('apiKeys').getAll(),
      tx.objectStore('apiCalls').getAll(),
      tx.objectStore('whitelist').getAll(),
      tx.objectStore('actions').index('by-account-at').getAll(),
    ]);
  await tx.done;
  const stamps = new Map(meta.map((m) => [m.name, m]));
  const secret = meta.find((m) => m.name === 'identitySecret');
  const current = summaries.map((s) => withStamp(s, stamps.get(stampName(s.accountId)) as SeenStamp | undefined));
  return {
    accounts,
    scans,
    sessions: merged(
      sessionRows,
      current.flatMap((s) => s.sessions),
      (s) => s.key,
    ),
    logins,
    warnings: merged(
      warningRows,
      current.flatMap((s) => s.warnings),
      (w) => w.id,
    ),
    apiKeys,
    apiCalls,
    whitelist,
    actions: actionRows.map(({ id: _id, ...a }) => a),
    ...(secret?.name === 'identitySecret' ? { identitySecret: secret.secret } : {}),
  };
}

/** Sets when the user last reviewed the account; answers undefined when there is no such account. */
export async function markAccountReviewed(db: Db, accountId: string, at: number): Promise<Account | undefined> {
  const tx = db.transaction('accounts', 'readwrite');
  const account = await tx.store.get(accountId);
  if (account) await tx.store.put({ ...account, lastReviewedAt: at });
  await tx.done;
  return account && { ...account, lastReviewedAt: at };
}

/** One account's login events, oldest first: its key range (read-only). */
export function loginsOf(db: Db, accountId: string): Promise<StoredLogin[]> {
  return db.getAll('logins', loginsOfAccount(accountId));
}

/** A failed write's message when even recording it failed (disk full): lives as long as the worker. */
let unsavedProblem: string | undefined;

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

/** An account's actions as one key range of the by-account-at index, oldest first. */
const actionsRange = (accountId: string) =>
  IDBKeyRange.bound([accountId, Number.NEGATIVE_INFINITY], [accountId, Number.POSITIVE_INFINITY]);

/** Appends what the user did; past MAX_ACTIONS_PER_ACCOUNT for the account, its oldest go. */
export async function recordActions(db: Db, actions: UserAction[]): Promise<void> {
  if (!actions.length) return;
  const tx = db.transaction('actions', 'readwrite');
  const index = tx.store.index('by-account-at');
  for (const a of actions) await tx.store.add(a);
  for (const accountId of new Set(actions.map((a) => a.accountId))) {
    let extra = (await index.count(actionsRange(accountId))) - MAX_ACTIONS_PER_ACCOUNT;
    for (let c = extra > 0 ? await index.openCursor(actionsRange(accountId)) : null; c && extra > 0; extra--) {
      await c.delete();
      c = await c.continue();
    }
  }
  await tx.done;
}

/** What the user did about an account, oldest first. */
export async function actionsOfAccount(db: Db, accountId: string): Promise<UserAction[]> {
  const rows = await db.getAllFromIndex('actions', 'by-account-at', actionsRange(accountId));
  return rows.map(({ id: _id, ...a }) => a as UserAction);
}

/** Forgets the kept overview (src/shared/kept-overview.ts): before anything that may change what it shows. */
export async function forgetKeptOverview(db: Db): Promise<void> {
  await db.delete('kept', KEPT_OVERVIEW_KEY);
}

export async function keepOverview(db: Db, kept: KeptOverview): Promise<void> {
  await db.put('kept', kept, KEPT_OVERVIEW_KEY);
}
