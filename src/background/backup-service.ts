import type { IDBPTransaction } from 'idb';
import { toCsv } from '../core/csv';
import type { StoredLogin } from '../core/types';
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup, parseBackup } from '../shared/backup';
import { defaultSettings, type Settings } from '../shared/settings';
import { errorMessage, LocalisedError } from '../shared/zod-issue';
import { type Db, readAllRows } from './db';
import type { WatchdogDB } from './db-schema';
import { summaryOf } from './summary';

const STORES = ['accounts', 'scans', 'sessions', 'logins', 'warnings'] as const;
/** Each account's live sessions and unresolved warnings (summaries); meta: stamps, prune dates, the last write error. */
const DERIVED = ['summaries', 'meta'] as const;

/** Everything in the database plus the settings, read in one transaction so the copy is consistent. */
export async function exportBackup(
  db: Db,
  settings: Settings,
  now: number,
  appVersion: string,
  timeZone: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone,
): Promise<Backup> {
  const { accounts, scans, sessions, logins, warnings } = await readAllRows(db);
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now,
    appVersion,
    ...(timeZone ? { timeZone } : {}),
    accounts,
    scans,
    sessions,
    logins,
    warnings,
    settings,
  };
}

export interface ImportCounts {
  accounts: number;
  scans: number;
  sessions: number;
  logins: number;
  warnings: number;
}

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

type Rows = Pick<Backup, (typeof STORES)[number]>;
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
  for (const r of data.logins) writes.push(tx.objectStore('logins').put(r));
  for (const r of data.warnings) if (r.state === 'resolved') writes.push(tx.objectStore('warnings').put(r));
}

/** Replaces every store's rows in one readwrite transaction; any failed request aborts all of it. */
async function replaceAll(db: Db, data: Rows): Promise<void> {
  const tx = db.transaction([...STORES, ...DERIVED], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    for (const name of [...STORES, ...DERIVED]) writes.push(tx.objectStore(name).clear());
    // Pushed one by one: a put that throws must not leave the ones before it untracked.
    putRows(tx, data, writes);
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
 * Restores a backup, replacing everything. All or nothing: the file is parsed and checked in full first; the settings
 * are written next (the old ones kept in memory); then the database in one transaction. If that fails, the old
 * settings are written back, so either both change or neither does.
 */
export async function importBackup(db: Db, text: string, settings: SettingsAccess): Promise<ImportCounts> {
  const parsed = parseBackup(text);
  if (!parsed.ok) throw new LocalisedError(parsed.message, parsed.error);
  const b = parsed.backup;
  const previous = await settings.load();
  await settings.save(b.settings);
  try {
    await replaceAll(db, b);
  } catch (err) {
    await settings.save(previous);
    const why = err instanceof Error ? err.message : String(err);
    throw new LocalisedError(errorMessage('importErr_notWritten', why));
  }
  return {
    accounts: b.accounts.length,
    scans: b.scans.length,
    sessions: b.sessions.length,
    logins: b.logins.length,
    warnings: b.warnings.length,
  };
}

/** Clears every store in one transaction and puts the settings back to their defaults. */
export async function wipeAll(db: Db, settings: SettingsAccess): Promise<Settings> {
  const tx = db.transaction([...STORES, ...DERIVED], 'readwrite');
  await Promise.all([...[...STORES, ...DERIVED].map((name) => tx.objectStore(name).clear()), tx.done]);
  const fresh = defaultSettings();
  await settings.save(fresh);
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
    ]),
  );
}

/** Login history as CSV, for one account or all of them. */
export async function exportLoginCsv(
  db: Db,
  accountId: string | undefined,
): Promise<{ csv: string; rowCount: number }> {
  const logins =
    accountId === undefined ? await db.getAll('logins') : await db.getAllFromIndex('logins', 'by-account', accountId);
  if (accountId !== undefined && logins.length === 0 && !(await db.get('accounts', accountId))) {
    throw new Error('Unknown account');
  }
  return { csv: loginsToCsv(logins), rowCount: logins.length };
}
