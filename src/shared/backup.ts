/**
 * The full backup file: everything the extension keeps, in one versioned JSON document.
 * The same schema validates an import and, through `backupJsonSchema`, is published as docs/export.schema.json.
 */

import { messageOf } from '../core/message-of';
import {
  AccountSchema,
  ScanRecordSchema,
  StoredApiCallSchema,
  StoredApiKeySchema,
  StoredLoginSchema,
  StoredSessionSchema,
  StoredWarningSchema,
  StoredWhitelistEntrySchema,
} from './schemas';
import { defaultSettings, migrateSettings, SettingsSchema } from './settings';
import { MAX_ACTIONS_PER_ACCOUNT, UserActionSchema } from './user-actions';
import { z } from './zod';
import { type ErrorMessage, englishError, errorMessage, issuesMessage, REFINE_NO_ACCOUNT } from './zod-issue';

export { formatIssue, formatPath } from './zod-issue';

export const BACKUP_FORMAT = 'session-watchdog-backup';
/**
 * 2: API keys, access-log calls, withdrawal-whitelist entries and the identity secret their hashes are keyed with.
 * A version 1 file reads as one with none of them.
 */
export const BACKUP_VERSION = 2;
/** Files above this are refused before they are read or parsed. */
export const MAX_BACKUP_BYTES = 50 * 1024 * 1024;

/**
 * A backup's text crosses runtime messages in slices of at most this many characters: Chrome refuses one message
 * over 64 MiB once serialised, and a character can take up to 6 bytes there (a control character escaped).
 */
export const BACKUP_CHUNK_CHARS = 8 * 1024 * 1024;
/** Slices of one import: a file at MAX_BACKUP_BYTES, with room for cuts moved off a surrogate pair. */
export const MAX_IMPORT_CHUNKS = Math.ceil(MAX_BACKUP_BYTES / (BACKUP_CHUNK_CHARS - 1));

/**
 * `text` in slices of at most `max` characters (2 when `max` is 1 and a pair begins there), never cutting a surrogate pair (a lone half may not survive a
 * message's serialisation); joined, they are `text`.
 */
export function sliceText(text: string, max = BACKUP_CHUNK_CHARS): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + max);
    const last = text.charCodeAt(end - 1);
    // A pair's first half ends the slice: the pair moves to the next one (or, in a one-character slice, stays whole).
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += end - 1 > at ? -1 : 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/**
 * What the worker keeps of one account whatever the retention (src/background/retention.ts prunes to these), and
 * how many accounts it keeps. A backup holding more could not be stored whole, so it is refused whole.
 */
export const ACCOUNT_ROW_CAPS = { logins: 50_000, goneSessions: 5_000, scans: 2_000 } as const;
export const MAX_STORED_ACCOUNTS = 200;

/**
 * Row caps of a whole file. The file's size (MAX_BACKUP_BYTES) binds first: 50 MB holds about 210,000 sign-ins as
 * the extension writes them; these bound how long a crafted file of tiny rows can keep the worker busy.
 */
export const BACKUP_LIMITS = {
  accounts: MAX_STORED_ACCOUNTS,
  scans: MAX_STORED_ACCOUNTS * ACCOUNT_ROW_CAPS.scans,
  sessions: 500_000,
  logins: 1_000_000,
  warnings: 500_000,
  apiKeys: 100_000,
  apiCalls: 1_000_000,
  whitelist: 100_000,
  actions: MAX_STORED_ACCOUNTS * MAX_ACTIONS_PER_ACCOUNT,
} as const;

/** Words of the refusal of an account over ACCOUNT_ROW_CAPS (zod-issue.ts turns them into importErr_accountCap). */
export function accountCapWords(cap: number, accountId: string): string {
  return `more than ${cap} rows of account ${accountId}`;
}

/** An issue on the first account of a list that holds more rows than the worker keeps of one account. */
function checkAccountCap(
  rows: { accountId: string }[],
  field: string,
  cap: number,
  ctx: z.RefinementCtx,
  counts = new Map<string, number>(),
): void {
  for (const r of rows) counts.set(r.accountId, (counts.get(r.accountId) ?? 0) + 1);
  for (const [accountId, n] of counts) {
    if (n > cap) {
      ctx.addIssue({ code: 'custom', path: [field], message: accountCapWords(cap, accountId) });
      return;
    }
  }
}

type Keyed = { key?: string; id?: string | number; accountId?: string };

/** Two rows with one key would silently overwrite each other on import: refuse the file instead. */
function checkRows(
  rows: Keyed[],
  field: string,
  keyOf: (r: Keyed) => string | number | undefined,
  accountIds: Set<string> | undefined,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string | number>();
  rows.forEach((row, i) => {
    const key = keyOf(row);
    if (key !== undefined) {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [field, i], message: `duplicate key ${String(key)}` });
      seen.add(key);
    }
    if (accountIds && row.accountId !== undefined && !accountIds.has(row.accountId)) {
      ctx.addIssue({ code: 'custom', path: [field, i, 'accountId'], message: REFINE_NO_ACCOUNT });
    }
  });
}

export const BackupSchema = z
  .strictObject({
    format: z.literal(BACKUP_FORMAT),
    version: z.number().int().min(1).max(BACKUP_VERSION),
    /** When the backup was made (epoch ms); the audit judges the data as of this time unless told otherwise. */
    exportedAt: z.number().int().min(0),
    /** The extension version that wrote the file. */
    appVersion: z.string().max(50),
    /**
     * The user's time zone (IANA) when the backup was made: the rules about the hour of day judge in it, and the
     * audit too. Optional: older backups lack it (the audit then judges in UTC unless told `--tz`).
     */
    timeZone: z.string().min(1).max(64).optional(),
    accounts: z.array(AccountSchema).max(BACKUP_LIMITS.accounts),
    scans: z.array(ScanRecordSchema).max(BACKUP_LIMITS.scans),
    sessions: z.array(StoredSessionSchema).max(BACKUP_LIMITS.sessions),
    /** Login events (login history rows). */
    logins: z.array(StoredLoginSchema).max(BACKUP_LIMITS.logins),
    warnings: z.array(StoredWarningSchema).max(BACKUP_LIMITS.warnings),
    /** API keys as kept: masked, identified by keyed hashes (since version 2; absent in older files). */
    apiKeys: z.array(StoredApiKeySchema).max(BACKUP_LIMITS.apiKeys).default([]),
    apiCalls: z.array(StoredApiCallSchema).max(BACKUP_LIMITS.apiCalls).default([]),
    whitelist: z.array(StoredWhitelistEntrySchema).max(BACKUP_LIMITS.whitelist).default([]),
    /** What the user did about each account, with its time, for the support report (absent in older files). */
    actions: z.array(UserActionSchema).max(BACKUP_LIMITS.actions).default([]),
    /**
     * The install's secret the hashes above are keyed with (32 random bytes, base64), so a restored history
     * recognises the same keys and addresses on the next visit.
     */
    identitySecret: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/)
      .optional(),
    /** Trusted devices, schedules, blocklist, thresholds, sites, retention and the rest of the user's settings. */
    settings: SettingsSchema,
  })
  .superRefine((b, ctx) => {
    const ids = new Set<string>();
    checkRows(b.accounts, 'accounts', (r) => r.id, undefined, ctx);
    for (const a of b.accounts) ids.add(a.id);
    checkRows(b.scans, 'scans', (r) => r.id, ids, ctx);
    checkRows(b.sessions, 'sessions', (r) => r.key, ids, ctx);
    checkRows(b.logins, 'logins', (r) => r.key, ids, ctx);
    checkRows(b.warnings, 'warnings', (r) => r.id, ids, ctx);
    checkAccountCap(b.logins, 'logins', ACCOUNT_ROW_CAPS.logins, ctx);
    checkAccountCap(b.scans, 'scans', ACCOUNT_ROW_CAPS.scans, ctx);
    checkAccountCap(
      b.sessions.filter((x) => x.goneAt !== undefined),
      'sessions',
      ACCOUNT_ROW_CAPS.goneSessions,
      ctx,
    );
    checkRows(b.apiKeys, 'apiKeys', (r) => r.id, ids, ctx);
    checkRows(b.apiCalls, 'apiCalls', (r) => r.id, ids, ctx);
    checkRows(b.whitelist, 'whitelist', (r) => r.id, ids, ctx);
    checkRows(b.actions, 'actions', () => undefined, ids, ctx);
  });
export type Backup = z.infer<typeof BackupSchema>;

/** The JSON Schema of the backup file, as written to docs/export.schema.json. */
export function backupJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(BackupSchema, { unrepresentable: 'any', io: 'input' }),
    $id: 'https://session-watchdog.invalid/export.schema.json',
    title: 'Session Watchdog backup',
    description: `A full backup exported from Session Watchdog (format "${BACKUP_FORMAT}", version ${BACKUP_VERSION}).`,
  };
}

/** A refusal carries its English words (`error`) and the message the options page shows in its language. */
export type BackupParse = { ok: true; backup: Backup } | { ok: false; error: string; message: ErrorMessage };

const refuse = (message: ErrorMessage): BackupParse => ({ ok: false, error: englishError(message), message });

/**
 * Reads a backup file's text: size first, then JSON, then the schema. Settings fields added after the file was
 * written take their defaults, so an older backup still imports; a field that is present must be valid.
 */
export function parseBackup(text: string): BackupParse {
  if (text.length > MAX_BACKUP_BYTES) return refuse(errorMessage('importErr_backupTooLarge'));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return refuse(errorMessage('importErr_notJson', messageOf(err)));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return refuse(errorMessage('importErr_expected', '(root)', { key: 'importType_object', args: [] }));
  const doc = raw as Record<string, unknown>;
  if (doc.format !== BACKUP_FORMAT) return refuse(errorMessage('importErr_format', 'format', BACKUP_FORMAT));
  if (typeof doc.version === 'number' && doc.version > BACKUP_VERSION) {
    return refuse(errorMessage('importErr_version', 'version', String(doc.version), String(BACKUP_VERSION)));
  }
  const settings = doc.settings;
  const withDefaults =
    typeof settings === 'object' && settings !== null && !Array.isArray(settings)
      ? { ...doc, settings: { ...defaultSettings(), ...(migrateSettings(settings) as object) } }
      : doc;
  const parsed = BackupSchema.safeParse(withDefaults);
  if (parsed.success) return { ok: true, backup: parsed.data };
  return refuse(issuesMessage(parsed.error.issues, 'importErr_invalidBackup'));
}

/** docs/export.schema.json byte for byte. */
export function backupJsonSchemaText(): string {
  return `${JSON.stringify(backupJsonSchema(), null, 2)}\n`;
}

export interface ImportCounts {
  accounts: number;
  scans: number;
  sessions: number;
  logins: number;
  warnings: number;
}

/** What a backup holds, for the confirmation the options page shows before anything is replaced or merged. */
export interface BackupPreview extends ImportCounts {
  /** The earliest and latest sign-in, session or scan time in the file (epoch ms); absent when it holds none. */
  from?: number;
  to?: number;
}

export function previewOf(b: Pick<Backup, 'accounts' | 'scans' | 'sessions' | 'logins' | 'warnings'>): BackupPreview {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  const see = (t: number | undefined) => {
    if (t === undefined) return;
    if (t < from) from = t;
    if (t > to) to = t;
  };
  for (const l of b.logins) see(l.time ?? l.firstObservedAt);
  for (const x of b.sessions) {
    see(x.firstObservedAt);
    see(x.lastObservedAt);
  }
  for (const x of b.scans) see(x.at);
  return {
    accounts: b.accounts.length,
    scans: b.scans.length,
    sessions: b.sessions.length,
    logins: b.logins.length,
    warnings: b.warnings.length,
    ...(from <= to ? { from, to } : {}),
  };
}
