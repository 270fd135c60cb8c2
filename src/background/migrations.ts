import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Severity, StoredWarning } from '../core/types';
import type { WatchdogDB } from './db-schema';
import { summaryOf } from './summary';

type Db = IDBPDatabase<WatchdogDB>;
type UpgradeTx = IDBPTransaction<WatchdogDB, StoreNames<WatchdogDB>[], 'versionchange'>;

/**
 * Append-only: the database version is this list's length. Never edit a shipped entry; add one.
 * Each entry is tested by building the database at every earlier version with data in it.
 * An entry that moves data answers a promise: the next entry starts when it settles (an upgrade from version 1
 * runs every entry in one transaction, and one entry's reads must not interleave with another's writes).
 */
export const migrations: ((db: Db, tx: UpgradeTx) => void | Promise<void>)[] = [
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
    return (async () => {
      for (const accountId of await tx.objectStore('accounts').getAllKeys()) {
        const [sessions, warnings] = await Promise.all([
          tx.objectStore('sessions').index('by-account').getAll(accountId),
          tx.objectStore('warnings').index('by-account').getAll(accountId),
        ]);
        await tx.objectStore('summaries').put(summaryOf(accountId, sessions, warnings));
      }
    })().catch(() => tx.abort());
  },
  // 3: live sessions and unresolved warnings are kept only in the account's summary (one put per scan instead of
  // one per row); the row stores keep gone sessions and resolved warnings. Rows were the record in version 2
  // and the summary held their current values: both are merged, the summary's values winning.
  (_db, tx) => {
    const warnings = tx.objectStore('warnings');
    return (async () => {
      const sessions = tx.objectStore('sessions');
      const summaries = tx.objectStore('summaries');
      for (const accountId of await tx.objectStore('accounts').getAllKeys()) {
        const [sessionRows, warningRows, stored] = await Promise.all([
          sessions.index('by-account').getAll(accountId),
          warnings.index('by-account').getAll(accountId),
          summaries.get(accountId),
        ]);
        const rowKeys = new Set(sessionRows.map((x) => x.key));
        const allSessions = new Map(sessionRows.map((x) => [x.key, x]));
        // A gone session the summary still lists but whose row was pruned stays pruned.
        for (const x of stored?.sessions ?? [])
          if (x.goneAt === undefined || rowKeys.has(x.key)) allSessions.set(x.key, x);
        const allWarnings = new Map(warningRows.map((x) => [x.id, x]));
        for (const x of stored?.warnings ?? []) allWarnings.set(x.id, x);
        const summary = summaryOf(accountId, [...allSessions.values()], [...allWarnings.values()]);
        await Promise.all([
          summaries.put(summary),
          ...[...allSessions.values()].map((x) => (x.goneAt === undefined ? sessions.delete(x.key) : sessions.put(x))),
          ...[...allWarnings.values()].filter((x) => x.state !== 'resolved').map((x) => warnings.delete(x.id)),
        ]);
      }
    })().catch(() => tx.abort());
  },
  // 4: one incident per intruder. Open warnings about one device on one network (several rules, several sessions)
  // fold into one: the worst (then in the rules' order) leads, keeps its id and fields, and lists every reason in
  // `reasons`; the others are resolved (their words live on in the reasons). Frozen copies below: the rules'
  // grouping may change later, this step must not.
  (_db, tx) => {
    return (async () => {
      const summaries = tx.objectStore('summaries');
      const warnings = tx.objectStore('warnings');
      const now = Date.now();
      for (const summary of await summaries.getAll()) {
        const groups = new Map<string, StoredWarning[]>();
        for (const w of summary.warnings) {
          const key = w.state === 'open' && !w.reasons ? v4IntruderKey(w) : undefined;
          if (key === undefined) continue;
          const g = groups.get(key) ?? [];
          g.push(w);
          groups.set(key, g);
        }
        const replaced = new Map<string, StoredWarning>();
        const folded: StoredWarning[] = [];
        for (const g of groups.values()) {
          if (g.length < 2) continue;
          const sorted = [...g].sort(
            (a, b) => V4_RANK[a.severity] - V4_RANK[b.severity] || v4Order(a.rule) - v4Order(b.rule),
          );
          const lead = sorted[0] as StoredWarning;
          const reasons = sorted.map((w) => ({
            rule: w.rule,
            subject: w.subject,
            severity: w.severity,
            reason: w.reason,
            ...(w.message ? { message: w.message } : {}),
            evidence: w.evidence,
          }));
          replaced.set(lead.id, { ...lead, severity: v4Combined(reasons), reasons });
          for (const w of sorted.slice(1)) folded.push({ ...w, state: 'resolved', stateChangedAt: now });
        }
        if (!replaced.size) continue;
        const gone = new Set(folded.map((w) => w.id));
        const kept = summary.warnings.filter((w) => !gone.has(w.id)).map((w) => replaced.get(w.id) ?? w);
        await Promise.all([summaries.put({ ...summary, warnings: kept }), ...folded.map((w) => warnings.put(w))]);
      }
    })().catch(() => tx.abort());
  },
];

// Frozen for migration 4.
const V4_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
const V4_ORDER = [
  'hosting-ip',
  'copied-session',
  'unknown-device',
  'impossible-travel',
  'blocklisted-ip',
  'weaker-second-factor',
  'failed-login-burst',
  'password-spraying',
  'dormant-account',
  'new-country',
  'cross-account',
  'new-session',
  'new-city',
  'outside-schedule',
  'night-sign-in',
];
const v4Order = (rule: string) => (V4_ORDER.includes(rule) ? V4_ORDER.indexOf(rule) : V4_ORDER.length);
const V4_HYGIENE = new Set(['too-many-sessions', 'stale-session', 'session-lifetime']);
const V4_SIGNS = new Set(V4_ORDER.slice(0, 11).filter((r) => r !== 'unknown-device'));

/** The device text without versions, and the address's /24 (v4) or first four groups (v6), else the place. */
function v4IntruderKey(w: StoredWarning): string | undefined {
  if (V4_HYGIENE.has(w.rule) || w.subject === 'rule-error') return undefined;
  const device = typeof w.evidence.device === 'string' ? w.evidence.device : '';
  const ip = typeof w.evidence.ip === 'string' ? w.evidence.ip.trim().toLowerCase() : '';
  const place = typeof w.evidence.location === 'string' ? w.evidence.location.trim().toLowerCase() : '';
  if (!device && !ip) return undefined;
  const network = ip.includes(':')
    ? ip.split(':').slice(0, 4).join(':')
    : ip
      ? ip.split('.').slice(0, 3).join('.')
      : place
        ? `at:${place}`
        : `row:${String(w.evidence.time ?? '')}`;
  const kind = device
    .toLowerCase()
    .replace(/\d+(?:[._]\d+)*/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  return `${kind}\u0000${network}`;
}

function v4Combined(reasons: { rule: string; severity: Severity }[]): Severity {
  let worst: Severity = 'low';
  for (const r of reasons) if (V4_RANK[r.severity] < V4_RANK[worst]) worst = r.severity;
  if (worst === 'high' || new Set(reasons.map((r) => r.rule)).size < 2) return worst;
  const signs = reasons.filter((r) => V4_SIGNS.has(r.rule));
  if (signs.some((r) => r.severity !== 'low')) return 'high';
  if (new Set(signs.map((r) => r.rule)).size >= 2 && worst === 'medium') return 'high';
  if (reasons.some((r) => r.rule === 'outside-schedule') && worst === 'low') return 'medium';
  return worst;
}
