import type { IDBPTransaction } from 'idb';
import { toCsv } from '../core/csv';
import { withAddressValue, withoutAddressValue } from '../core/ingest';
import { messageOf } from '../core/message-of';
import type { ScanRecord, StoredLogin } from '../core/types';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type Backup,
  BackupSchema,
  type ImportCounts,
  parseBackup,
} from '../shared/backup';
import { defaultSettings, type Settings } from '../shared/settings';
import { MAX_ACTIONS_PER_ACCOUNT, type UserAction } from '../shared/user-actions';
import { englishError, errorMessage, issuesMessage, LocalisedError } from '../shared/zod-issue';
import { type Db, loginRowKey, loginsOfAccount, readAllRows } from './db';
import type { WatchdogDB } from './db-schema';
import { summaryOf } from './summary';

const STORES = [
  'accounts',
  'scans',
  'sessions',
  'logins',
  'warnings',
  'apiKeys',
  'apiCalls',
  'whitelist',
  'actions',
] as const;
/** Each account's live sessions and unresolved warnings (summaries); meta: stamps, prune dates, the last write error. */
const DERIVED = ['summaries', 'meta'] as const;

/** Per account oldest first, at most MAX_ACTIONS_PER_ACCOUNT of the latest. */
function latestActions(actions: UserAction[]): UserAction[] {
  return [...groupBy(actions).values()].flatMap((list) =>
    list.sort((a, b) => a.at - b.at).slice(-MAX_ACTIONS_PER_ACCOUNT),
  );
}

/** Everything in the database plus the settings, read in one transaction so the copy is consistent. */
export async function exportBackup(
  db: Db,
  settings: Settings,
  now: number,
  appVersion: string,
  timeZone: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone,
): Promise<Backup> {
  const { accounts, scans, sessions, logins, warnings, apiKeys, apiCalls, whitelist, actions, identitySecret } =
    await readAllRows(db);
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now,
    appVersion,
    ...(timeZone ? { timeZone } : {}),
    accounts,
    scans,
    sessions,
    // A backup holds what the pages showed: the address value is the worker's own, worked out again on import.
    logins: logins.map(withoutAddressValue),
    warnings,
    apiKeys,
    apiCalls,
    whitelist,
    actions,
    ...(identitySecret ? { identitySecret } : {}),
    settings,
  };
}

export type { ImportCounts } from '../shared/backup';

export interface SettingsAccess {
  load: () => Promise<Settings>;
  save: (settings: Settings) => Promise<void>;
}

function groupBy<T extends { accountId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.accountId);
    if (list) list.push(r);
    else out.set(r.accountId, [r]);
  }
  return out;
}

type Rows = Pick<Backup, (typeof STORES)[number] | 'identitySecret'>;
type WriteTx = IDBPTransaction<WatchdogDB, (typeof STORES | typeof DERIVED)[number][], 'readwrite'>;

/**
 * Issues the puts that store rows as the worker keeps them: each account's summary holds its live sessions and
 * unresolved warnings; the row stores hold gone sessions and resolved warnings, logins and scans. Each request is
 * pushed to `writes` as it is issued, so one that throws leaves none untracked.
 */
export function putRows(tx: WriteTx, data: Rows, writes: Promise<unknown>[]): void {
  const sessions = groupBy(data.sessions);
  const warnings = groupBy(data.warnings);
  for (const a of data.accounts) {
    writes.push(tx.objectStore('summaries').put(summaryOf(a.id, sessions.get(a.id) ?? [], warnings.get(a.id) ?? [])));
  }
  for (const r of data.accounts) writes.push(tx.objectStore('accounts').put(r));
  for (const r of data.scans) writes.push(tx.objectStore('scans').put(r));
  for (const r of data.sessions) if (r.goneAt !== undefined) writes.push(tx.objectStore('sessions').put(r));
  // The address value is worked out again from the row's text, whatever the file said (withAddressValue).
  for (const r of data.logins) writes.push(tx.objectStore('logins').put(withAddressValue(r), loginRowKey(r)));
  for (const r of data.warnings) if (r.state === 'resolved') writes.push(tx.objectStore('warnings').put(r));
  for (const r of data.apiKeys) writes.push(tx.objectStore('apiKeys').put(r));
  for (const r of data.apiCalls) writes.push(tx.objectStore('apiCalls').put(r));
  for (const r of data.whitelist) writes.push(tx.objectStore('whitelist').put(r));
  // Numbered by the store as they are added (a file's order is oldest first per account).
  for (const r of data.actions) writes.push(tx.objectStore('actions').add(r));
  if (data.identitySecret)
    writes.push(tx.objectStore('meta').put({ name: 'identitySecret', secret: data.identitySecret, at: 0 }));
}

/**
 * Replaces every store's rows in one readwrite transaction; any failed request aborts all of it. The settings that
 * go with the rows are put in the same transaction (meta `pendingSettings`): a worker stopped after the commit but
 * before storage.local holds them writes them when it starts again (finishPendingSettings), so data and settings
 * change together or not at all.
 */
async function replaceAll(db: Db, data: Rows, settings: Settings, at: number): Promise<void> {
  const tx = db.transaction([...STORES, ...DERIVED], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    for (const name of [...STORES, ...DERIVED]) writes.push(tx.objectStore(name).clear());
    // Pushed one by one: a put that throws must not leave the ones before it untracked.
    putRows(tx, data, writes);
    writes.push(tx.objectStore('meta').put({ name: 'pendingSettings', settings, at }));
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    // A put can throw at once (DataCloneError) or fail later (QuotaExceededError): either way nothing commits.
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request.
    }
    await Promise.allSettled([...writes, tx.done]);
    throw err;
  }
}

/**
 * Settings committed with the data but not yet in storage.local (the worker stopped in between): written now, then
 * the mark is removed. Run when the worker starts and after every import or wipe; answers whether there were any.
 */
export async function finishPendingSettings(db: Db, save: (settings: Settings) => Promise<void>): Promise<boolean> {
  const pending = await db.get('meta', 'pendingSettings');
  if (pending?.name !== 'pendingSettings') return false;
  await save(pending.settings);
  await db.delete('meta', 'pendingSettings');
  return true;
}

/**
 * Scans numbered 1…n, oldest first. A file's ids are never kept: an id near the top of the key range would leave
 * the store's key generator unable to number the next scan (ConstraintError on every visit after).
 */
export function renumberScans(scans: readonly ScanRecord[]): ScanRecord[] {
  return [...scans]
    .sort((a, b) => a.at - b.at || cmp(a.accountId, b.accountId) || cmp(a.url, b.url) || (a.id ?? 0) - (b.id ?? 0))
    .map(({ id: _id, ...rest }, i) => ({ ...rest, id: i + 1 }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type ImportMode = 'replace' | 'merge';

function countsOf(b: Rows): ImportCounts {
  return {
    accounts: b.accounts.length,
    scans: b.scans.length,
    sessions: b.sessions.length,
    logins: b.logins.length,
    warnings: b.warnings.length,
  };
}

/**
 * Restores a backup. All or nothing: the file is parsed and checked in full first; `replace` then puts its rows and
 * settings in place of everything, `merge` joins them with what is stored (mergeBackups) and checks the union
 * against the same schema and caps. The rows and the settings are committed in one transaction (replaceAll).
 */
export async function importBackup(
  db: Db,
  text: string,
  settings: SettingsAccess,
  mode: ImportMode = 'replace',
  now = Date.now(),
): Promise<ImportCounts> {
  const parsed = parseBackup(text);
  if (!parsed.ok) throw new LocalisedError(parsed.message, parsed.error);
  let next: Backup = parsed.backup;
  if (mode === 'merge') {
    const current = await exportBackup(db, await settings.load(), now, next.appVersion);
    const joined = BackupSchema.safeParse(mergeBackups(current, next));
    if (!joined.success) {
      const message = issuesMessage(joined.error.issues, 'importErr_invalidMerge');
      throw new LocalisedError(message, englishError(message));
    }
    next = joined.data;
  }
  const rows = { ...next, scans: renumberScans(next.scans) };
  try {
    await replaceAll(db, rows, next.settings, now);
  } catch (err) {
    const why = messageOf(err);
    throw new LocalisedError(errorMessage('importErr_notWritten', why));
  }
  await finishPendingSettings(db, settings.save);
  return countsOf(rows);
}

/** The newer of two copies of one row by `time` (ties keep `a`, so joining a copy with itself changes nothing). */
function newer<T>(a: T, b: T, time: (x: T) => number | undefined): T {
  return (time(b) ?? 0) > (time(a) ?? 0) ? b : a;
}

function unionBy<T>(a: readonly T[], b: readonly T[], key: (x: T) => string, pick: (x: T, y: T) => T): T[] {
  const out = new Map<string, T>();
  for (const x of a) out.set(key(x), x);
  for (const y of b) {
    const k = key(y);
    const x = out.get(k);
    out.set(k, x === undefined ? y : pick(x, y));
  }
  return [...out.values()];
}

const keep = <T>(x: T): T => x;

/**
 * The union of two histories by their keys, so a user can join what two browsers saw: accounts by id (first and
 * last scan the widest, the larger count), sessions by key and warnings by id (the copy seen or changed last),
 * sign-ins by key, scans by account, time and page. Settings: trusted devices, schedules and custom sites by id,
 * blocklist entries and log-out pages added; everything else (thresholds, retention, reminders, switches) stays
 * as this browser has it. Joining a history with itself, or merging the same file twice, changes nothing.
 */
export function mergeBackups(current: Backup, incoming: Backup): Backup {
  const cs = current.settings;
  const is = incoming.settings;
  const settings: Settings = {
    ...cs,
    trustedDevices: unionBy(cs.trustedDevices, is.trustedDevices, (x) => x.id, keep),
    schedules: unionBy(cs.schedules, is.schedules, (x) => x.id, keep),
    blocklist: [...new Set([...cs.blocklist, ...is.blocklist])],
    customSites: unionBy(cs.customSites, is.customSites, (x) => x.id, keep),
    ...(cs.logoutUrls || is.logoutUrls ? { logoutUrls: { ...is.logoutUrls, ...cs.logoutUrls } } : {}),
    ...(cs.checklist || is.checklist ? { checklist: cs.checklist ?? is.checklist } : {}),
  };
  return {
    ...current,
    accounts: unionBy(
      current.accounts,
      incoming.accounts,
      (x) => x.id,
      (a, b) => ({
        ...newer(a, b, (x) => x.lastScanAt),
        firstScanAt: Math.min(a.firstScanAt, b.firstScanAt),
        lastScanAt: Math.max(a.lastScanAt, b.lastScanAt),
        scanCount: Math.max(a.scanCount, b.scanCount),
        ...(a.lastReviewedAt !== undefined || b.lastReviewedAt !== undefined
          ? { lastReviewedAt: Math.max(a.lastReviewedAt ?? 0, b.lastReviewedAt ?? 0) }
          : {}),
      }),
    ),
    scans: unionBy(current.scans, incoming.scans, (x) => JSON.stringify([x.accountId, x.at, x.url]), keep),
    sessions: unionBy(
      current.sessions,
      incoming.sessions,
      (x) => x.key,
      (a, b) => newer(a, b, (x) => x.lastObservedAt),
    ),
    logins: unionBy(current.logins, incoming.logins, (x) => x.key, keep),
    warnings: unionBy(
      current.warnings,
      incoming.warnings,
      (x) => x.id,
      (a, b) => newer(a, b, (x) => Math.max(x.stateChangedAt, x.lastRaisedAt)),
    ),
    apiKeys: unionBy(
      current.apiKeys,
      incoming.apiKeys,
      (x) => x.id,
      (a, b) => newer(a, b, (x) => x.lastSeenAt),
    ),
    apiCalls: unionBy(current.apiCalls, incoming.apiCalls, (x) => x.id, keep),
    whitelist: unionBy(
      current.whitelist,
      incoming.whitelist,
      (x) => x.id,
      (a, b) => newer(a, b, (x) => x.lastSeenAt),
    ),
    // Both browsers' actions, each once, the latest MAX_ACTIONS_PER_ACCOUNT of an account kept (as recording does).
    actions: latestActions(unionBy(current.actions, incoming.actions, (x) => JSON.stringify(x), keep)),
    // This install's secret keys its hashes; the incoming one only when this install has none yet.
    ...((current.identitySecret ?? incoming.identitySecret)
      ? { identitySecret: current.identitySecret ?? incoming.identitySecret }
      : {}),
    settings,
  };
}

/**
 * Clears every store and puts the settings back to their defaults in one transaction (the defaults committed as
 * pending settings, as an import does), writes them to storage, then deletes and recreates the database when the
 * caller can (`recreate`): `clear()` keeps a store's key generator, so only a new database numbers scans from 1
 * again.
 */
export async function wipeAll(
  db: Db,
  settings: SettingsAccess,
  recreate?: () => Promise<Db>,
  now = Date.now(),
): Promise<Settings> {
  const fresh = defaultSettings();
  await replaceAll(
    db,
    {
      accounts: [],
      scans: [],
      sessions: [],
      logins: [],
      warnings: [],
      apiKeys: [],
      apiCalls: [],
      whitelist: [],
      actions: [],
    },
    fresh,
    now,
  );
  await finishPendingSettings(db, settings.save);
  if (recreate) await recreate();
  return fresh;
}

export const LOGIN_CSV_HEADER = [
  'account',
  'time (UTC)',
  'outcome',
  'ip',
  'location',
  'device',
  'second factor',
  'kind',
  'user agent',
  'first observed (UTC)',
  // "background check" when a check the watchdog made by itself first saw the row, "visit" when the user's own did.
  'seen by',
];

function iso(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString();
}

export function loginsToCsv(logins: StoredLogin[]): string {
  const byAccount = (a: StoredLogin, b: StoredLogin) =>
    a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
  const sorted = [...logins].sort(
    (a, b) => byAccount(a, b) || (a.time ?? a.firstObservedAt) - (b.time ?? b.firstObservedAt),
  );
  return toCsv(
    LOGIN_CSV_HEADER,
    sorted.map((l) => [
      l.accountId,
      iso(l.time),
      l.outcome,
      l.ip,
      l.location,
      l.device,
      l.secondFactor,
      l.kind,
      l.userAgent,
      iso(l.firstObservedAt),
      l.isFromBackgroundCheck ? 'background check' : 'visit',
    ]),
  );
}

/** Login history as CSV, for one account or all of them. */
export async function exportLoginCsv(
  db: Db,
  accountId: string | undefined,
): Promise<{ csv: string; rowCount: number }> {
  const logins =
    accountId === undefined ? await db.getAll('logins') : await db.getAll('logins', loginsOfAccount(accountId));
  if (accountId !== undefined && logins.length === 0 && !(await db.get('accounts', accountId))) {
    throw new Error('Unknown account');
  }
  return { csv: loginsToCsv(logins), rowCount: logins.length };
}
