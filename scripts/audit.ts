// `npm run audit -- <backup.json> [--table] [--open] [--now <ISO date or epoch ms>] [--tz <IANA zone>]`
// Judges a backup exported from the extension with the worker's own code: the file is restored into an in-memory
// IndexedDB by the same import the extension uses, then every account is judged by the worker's reevaluateAll, in
// the user's time zone (the backup's, or --tz), with the sessions each account's last scan found new.
import 'fake-indexeddb/auto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importBackup } from '../src/background/backup-service';
import { openDatabase, readAllRows } from '../src/background/db';
import { useDataFiles } from '../src/background/geo-data';
import { reevaluateAll } from '../src/background/scan-service';
import { bySeverity } from '../src/core/evaluate';
import { cleanText } from '../src/core/text';
import type { Evidence, Severity, StoredWarning } from '../src/core/types';
import { MAX_BACKUP_BYTES, parseBackup } from '../src/shared/backup';
import { defaultSettings, type Settings } from '../src/shared/settings';
import { diskDataReader } from './data-files';
import { generateData } from './gen-data.mjs';

// The same place, hosting and provider tables as the extension, read from disk (`npm run gen-data` makes them).
useDataFiles(diskDataReader());

/** What a reason points at, as the popup shows it: address, device, place and time in the user's zone. */
export interface AuditEvidence {
  address?: string;
  device?: string;
  place?: string;
  /** "2026-03-02 03:10" in the audit's time zone. */
  time?: string;
  /** New since the user's last visit (the popup's "new" mark). */
  isNew?: boolean;
  /** An API key's label and masked form, as kept (never the key). */
  apiKey?: string;
  /** The address an API call came from. */
  caller?: string;
  /** A withdrawal address's label, masked form and network. */
  withdrawalAddress?: string;
}

export interface AuditReason {
  rule: string;
  severity: Severity;
  reason: string;
  evidence: AuditEvidence;
}

/** One incident: one intruder (a device identity on a network), its combined severity and every reason. */
export interface AuditWarning {
  rule: string;
  severity: Severity;
  account: string;
  subject: string;
  reason: string;
  evidence: AuditEvidence;
  reasons: AuditReason[];
}

export interface AuditOptions {
  /** The time the data is judged at; the backup's export time when absent. */
  now?: number;
  /** Leave out warnings the user acknowledged ("this was me") or dismissed in the extension. */
  isOpenOnly?: boolean;
  /** The zone to judge and print times in; the backup's when absent, else UTC. */
  timeZone?: string;
}

function localTime(t: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function evidenceOf(e: Evidence, timeZone: string): AuditEvidence {
  const out: AuditEvidence = {};
  if (typeof e.ip === 'string') out.address = e.ip;
  if (typeof e.device === 'string' && e.device) out.device = e.device;
  if (typeof e.location === 'string') out.place = e.location;
  if (typeof e.time === 'number') out.time = localTime(e.time, timeZone);
  if (e.isNew === true) out.isNew = true;
  if (typeof e.apiKey === 'string')
    out.apiKey = typeof e.apiKeyMasked === 'string' ? `${e.apiKey} (${e.apiKeyMasked})` : e.apiKey;
  if (typeof e.callerIp === 'string') out.caller = e.callerIp;
  if (typeof e.addressId === 'string')
    out.withdrawalAddress = [e.address, e.addressMasked, e.addressNetwork]
      .filter((x) => typeof x === 'string')
      .join(' ');
  return out;
}

function incidentOf(w: StoredWarning, timeZone: string): AuditWarning {
  const reasons = (w.reasons ?? [w]).map((r) => ({
    rule: r.rule,
    severity: r.severity,
    reason: r.reason,
    evidence: evidenceOf(r.evidence, timeZone),
  }));
  return {
    rule: w.rule,
    severity: w.severity,
    account: w.accountId,
    subject: w.subject,
    reason: w.reason,
    evidence: {
      ...evidenceOf(w.evidence, timeZone),
      ...(reasons.some((r) => r.evidence.isNew) ? { isNew: true } : {}),
    },
    reasons,
  };
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every warning the rules raise on the backup's data, worst first. */
export async function auditBackup(text: string, options: AuditOptions = {}): Promise<AuditWarning[]> {
  const parsed = parseBackup(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const now = options.now ?? parsed.backup.exportedAt;
  const timeZone = options.timeZone ?? parsed.backup.timeZone ?? 'UTC';
  if (!isZone(timeZone)) throw new Error(`not a time zone: ${timeZone}`);
  // "New since your last visit": what each account's last scan found, as the popup showed it.
  const lastScan = new Map<string, { at: number; keys: string[] }>();
  for (const scan of parsed.backup.scans) {
    const prev = lastScan.get(scan.accountId);
    if (!prev || scan.at >= prev.at) lastScan.set(scan.accountId, { at: scan.at, keys: scan.newSessionKeys });
  }
  const db = await openDatabase(`audit-${crypto.randomUUID()}`);
  try {
    let settings: Settings = defaultSettings();
    await importBackup(db, text, {
      load: async () => settings,
      save: async (s) => {
        settings = s;
      },
    });
    await reevaluateAll(db, settings, now, {
      timeZone,
      newSessionKeys: (id) => lastScan.get(id)?.keys ?? [],
    });
    // reevaluateAll stamps every current finding with `now` and resolves the rest.
    const current = (await readAllRows(db)).warnings.filter(
      (w) => w.lastRaisedAt === now && w.state !== 'resolved' && (!options.isOpenOnly || w.state === 'open'),
    );
    return current
      .sort((a, b) => bySeverity(a, b) || a.accountId.localeCompare(b.accountId))
      .map((w) => incidentOf(w, timeZone));
  } finally {
    db.close();
  }
}

/** One object per line inside a JSON array: valid JSON that still reads line by line. */
export function formatJson(warnings: AuditWarning[]): string {
  if (!warnings.length) return '[]\n';
  return `[\n${warnings.map((w) => `  ${JSON.stringify(w)}`).join(',\n')}\n]\n`;
}

// Page text reaches the terminal here: strip escape sequences and controls so a hostile row cannot repaint it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const cell = (text: string, max: number) => cleanText(text.replace(TERMINAL_CONTROLS, ' '), max);

export function formatTable(warnings: AuditWarning[]): string {
  if (!warnings.length) return 'No warnings.\n';
  const header = ['SEVERITY', 'RULE', 'ACCOUNT', 'SUBJECT', 'REASON'];
  const rows = warnings.map((w) => [
    w.severity,
    w.rule,
    cell(w.account, 40),
    cell(w.subject, 40),
    cell(
      w.reasons.length > 1
        ? `${w.reason} (+${w.reasons.length - 1} more: ${w.reasons
            .slice(1)
            .map((r) => r.rule)
            .join(', ')})`
        : w.reason,
      2000,
    ),
  ]);
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 4 ? c.padEnd(widths[i] ?? 0) : c))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function parseNow(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw new Error(`--now: not a date: ${value}`);
  return n;
}

const USAGE =
  'usage: npm run audit -- <backup.json> [--table] [--open] [--now <ISO date or epoch ms>] [--tz <IANA time zone>]';

export async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  const options: AuditOptions = {};
  let isTable = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--table') isTable = true;
    else if (arg === '--open') options.isOpenOnly = true;
    else if (arg === '--now') options.now = parseNow(argv[++i] ?? '');
    else if (arg === '--tz') options.timeZone = argv[++i] ?? '';
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else files.push(arg);
  }
  const [file] = files;
  if (!file || files.length > 1) throw new Error(USAGE);
  // A fresh clone has no tables yet; later runs find them fresh and go on at once.
  await generateData({ log: (line) => process.stderr.write(`${line}\n`) });
  if (statSync(file).size > MAX_BACKUP_BYTES) throw new Error(`${file}: over 50 MB; backups that large are refused`);
  const warnings = await auditBackup(readFileSync(file, 'utf8'), options);
  process.stdout.write(isTable ? formatTable(warnings) : formatJson(warnings));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`audit: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
