import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Severity, StoredWarning } from '../core/types';
import type { WatchdogDB } from './db-schema';

type Db = IDBPDatabase<WatchdogDB>;
type UpgradeTx = IDBPTransaction<WatchdogDB, StoreNames<WatchdogDB>[], 'versionchange'>;

/**
 * Migrations stand alone: each reads and writes records as they were at its version, through these frozen shapes and
 * functions, never through today's schema types or helpers (changing those must not change what a shipped
 * migration does). Only the fields a migration reads are named; every other field is carried as it is.
 */
type AnyTx = IDBPTransaction<unknown, string[], 'versionchange'>;
const untyped = (tx: UpgradeTx): AnyTx => tx as unknown as AnyTx;
interface V2Session {
  key: string;
  goneAt?: number;
  [field: string]: unknown;
}
interface V2Warning {
  id: string;
  state: string;
  [field: string]: unknown;
}
interface V2Summary {
  accountId: string;
  sessions: V2Session[];
  warnings: V2Warning[];
}

/** summaryOf as versions 2 and 3 wrote it: live sessions, the 20 most recently gone, warnings not resolved. */
function summaryV2(accountId: string, sessions: V2Session[], warnings: V2Warning[]): V2Summary {
  const live = sessions.filter((s) => s.goneAt === undefined);
  const gone = sessions
    .filter((s) => s.goneAt !== undefined)
    .sort((a, b) => (b.goneAt ?? 0) - (a.goneAt ?? 0))
    .slice(0, 20);
  return { accountId, sessions: [...live, ...gone], warnings: warnings.filter((w) => w.state !== 'resolved') };
}

/**
 * Append-only: the database version is this list's length. Never edit a shipped entry; add one.
 * Each entry is tested by building the database at every earlier version with data in it.
 * An entry that moves data answers a promise: the next entry starts when it settles (an upgrade from version 1
 * runs every entry in one transaction, and one entry's reads must not interleave with another's writes).
 */
export const migrations: ((db: Db, tx: UpgradeTx) => void | Promise<void>)[] = [
  // 1: the first schema.
  (typed) => {
    const db = typed as unknown as IDBPDatabase<unknown>;
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
  (typed, upgrade) => {
    const db = typed as unknown as IDBPDatabase<unknown>;
    const tx = untyped(upgrade);
    tx.objectStore('scans').createIndex('by-account-at', ['accountId', 'at']);
    // Live sessions have no goneAt, so they are not in this index: it lists gone sessions only, oldest first.
    tx.objectStore('sessions').createIndex('by-account-gone', ['accountId', 'goneAt']);
    // Version 4's primary key replaced it (so it is no longer in the schema's types).
    (tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>)
      .objectStore('logins')
      .createIndex('by-account-time', ['accountId', 'time']);
    // The badge counts open warnings by severity without reading them.
    tx.objectStore('warnings').createIndex('by-state-severity', ['state', 'severity']);
    db.createObjectStore('summaries', { keyPath: 'accountId' });
    db.createObjectStore('meta', { keyPath: 'name' });
    // Only IndexedDB requests are awaited here, so the upgrade transaction stays open until every summary is put.
    return (async () => {
      for (const accountId of await tx.objectStore('accounts').getAllKeys()) {
        const [sessions, warnings] = (await Promise.all([
          tx.objectStore('sessions').index('by-account').getAll(accountId),
          tx.objectStore('warnings').index('by-account').getAll(accountId),
        ])) as [V2Session[], V2Warning[]];
        await tx.objectStore('summaries').put(summaryV2(accountId as string, sessions, warnings));
      }
    })().catch(() => tx.abort());
  },
  // 3: live sessions and unresolved warnings are kept only in the account's summary (one put per scan instead of
  // one per row); the row stores keep gone sessions and resolved warnings. Rows were the record in version 2
  // and the summary held their current values: both are merged, the summary's values winning.
  (_db, upgrade) => {
    const tx = untyped(upgrade);
    const warnings = tx.objectStore('warnings');
    return (async () => {
      const sessions = tx.objectStore('sessions');
      const summaries = tx.objectStore('summaries');
      for (const accountId of await tx.objectStore('accounts').getAllKeys()) {
        const [sessionRows, warningRows, stored] = (await Promise.all([
          sessions.index('by-account').getAll(accountId),
          warnings.index('by-account').getAll(accountId),
          summaries.get(accountId),
        ])) as [V2Session[], V2Warning[], V2Summary | undefined];
        const rowKeys = new Set(sessionRows.map((x) => x.key));
        const allSessions = new Map(sessionRows.map((x) => [x.key, x]));
        // A gone session the summary still lists but whose row was pruned stays pruned.
        for (const x of stored?.sessions ?? [])
          if (x.goneAt === undefined || rowKeys.has(x.key)) allSessions.set(x.key, x);
        const allWarnings = new Map(warningRows.map((x) => [x.id, x]));
        for (const x of stored?.warnings ?? []) allWarnings.set(x.id, x);
        const summary = summaryV2(accountId as string, [...allSessions.values()], [...allWarnings.values()]);
        await Promise.all([
          summaries.put(summary),
          ...[...allSessions.values()].map((x) => (x.goneAt === undefined ? sessions.delete(x.key) : sessions.put(x))),
          ...[...allWarnings.values()].filter((x) => x.state !== 'resolved').map((x) => warnings.delete(x.id)),
        ]);
      }
    })().catch(() => tx.abort());
  },
  // 4: login rows are keyed [accountId, time, key] (rows without a time at +Infinity, after every timed one), so
  // retention and the cap delete an account's oldest rows as one key range instead of one request per row (50k
  // rows: 17 s row by row, well under a second as a range). The old keyPath cannot be changed in place: rows go
  // through a scratch store in batches (a history can be millions of rows; none is held in memory at once).
  (db, tx) => {
    const BATCH = 2_000;
    const keyOf = (r: { accountId?: unknown; time?: unknown; key?: unknown }): IDBValidKey => [
      typeof r.accountId === 'string' ? r.accountId : '',
      typeof r.time === 'number' && !Number.isNaN(r.time) ? r.time : Number.POSITIVE_INFINITY,
      r.key as IDBValidKey,
    ];
    // The scratch store is not in the schema's types.
    const raw = db as unknown as IDBPDatabase<unknown>;
    const rawTx = tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
    const copy = async (from: string, to: string, rekey: boolean) => {
      let after: IDBValidKey | undefined;
      for (;;) {
        const source = rawTx.objectStore(from);
        const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
        const [rows, keys] = await Promise.all([source.getAll(range, BATCH), source.getAllKeys(range, BATCH)]);
        const last = keys[keys.length - 1];
        if (last === undefined) return;
        const target = rawTx.objectStore(to);
        await Promise.all(rows.map((r, i) => target.put(r, rekey ? keyOf(r) : keys[i])));
        after = last;
      }
    };
    raw.createObjectStore('logins-moving');
    return (async () => {
      await copy('logins', 'logins-moving', true);
      raw.deleteObjectStore('logins');
      const logins = raw.createObjectStore('logins');
      logins.createIndex('by-account', 'accountId');
      await copy('logins-moving', 'logins', false);
      raw.deleteObjectStore('logins-moving');
    })().catch(() => tx.abort());
  },
  // 5: the warnings store has held resolved warnings only since version 3 (open ones live in the summaries), so
  // its by-state and by-state-severity indexes were kept up on every write and never read: dropped.
  (_db, tx) => {
    const warnings = untyped(tx).objectStore('warnings');
    for (const name of ['by-state', 'by-state-severity'])
      if (warnings.indexNames.contains(name)) warnings.deleteIndex(name);
  },
  // 6: one incident per intruder. Open warnings about one device on one network (several rules, several sessions)
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
          const key = w.state === 'open' && !w.reasons ? v6IntruderKey(w) : undefined;
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
            (a, b) => V6_RANK[a.severity] - V6_RANK[b.severity] || v6Order(a.rule) - v6Order(b.rule),
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
          replaced.set(lead.id, { ...lead, severity: v6Combined(reasons), reasons });
          for (const w of sorted.slice(1)) folded.push({ ...w, state: 'resolved', stateChangedAt: now });
        }
        if (!replaced.size) continue;
        const gone = new Set(folded.map((w) => w.id));
        const kept = summary.warnings.filter((w) => !gone.has(w.id)).map((w) => replaced.get(w.id) ?? w);
        await Promise.all([summaries.put({ ...summary, warnings: kept }), ...folded.map((w) => warnings.put(w))]);
      }
    })().catch(() => tx.abort());
  },
  // 7: what the user did about an account, with its time (the site's log-out page opened, the emergency
  // checklist's ticks), for the support report: a store of its own the worker appends to, read per account by time.
  // Nothing existing changes.
  (typed) => {
    const db = typed as unknown as IDBPDatabase<unknown>;
    const actions = db.createObjectStore('actions', { keyPath: 'id', autoIncrement: true });
    actions.createIndex('by-account-at', ['accountId', 'at']);
  },
  // 8: what an intruder leaves behind (API keys, access-log calls, withdrawal addresses), one store each, keyed by
  // `${accountId}|${keyed hash}` and listed per account. New stores: nothing older to move.
  (typed) => {
    const db = typed as unknown as IDBPDatabase<unknown>;
    for (const name of ['apiKeys', 'apiCalls', 'whitelist'])
      db.createObjectStore(name, { keyPath: 'id' }).createIndex('by-account', 'accountId');
  },
  // 9: the kept overview (src/shared/kept-overview.ts), one record keyed out of line: a copy the worker rebuilds,
  // never in a backup. A new store: nothing older to move.
  (typed) => {
    const db = typed as unknown as IDBPDatabase<unknown>;
    db.createObjectStore('kept');
  },
  // 10: the by-account indexes of the login and scan stores were kept up on every write and never needed: a login
  // row's key starts with its account (since 4), so an account's rows are one key range of the store itself, read
  // oldest first without the index's extra look-up per row, and scans are read per account by time
  // (by-account-at). Measured in Chromium over 100k rows: an account's 2.5k rows read in a third of the time, and
  // 50k rows deleted as ranges in about three quarters. The rows stay as they are.
  (_db, tx) => {
    for (const store of ['logins', 'scans']) {
      const s = untyped(tx).objectStore(store);
      if (s.indexNames.contains('by-account')) s.deleteIndex('by-account');
    }
  },
  // 11: each login row with a bare v4 address carries its value (`ipValue`, worked out from the text as every later
  // write does: withAddressValue), so judging a long history reads a number per row instead of parsing its text
  // (the rules over 100k sign-ins spent about a tenth of a judging on it). Rows of any other address are left as
  // they are; a row the rules meet without a value is parsed as before.
  // Read in batches, as 4 moved them (none held in memory at once).
  (_db, upgrade) => {
    const tx = untyped(upgrade);
    const BATCH = 2_000;
    return (async () => {
      let after: IDBValidKey | undefined;
      for (;;) {
        const logins = tx.objectStore('logins');
        const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
        const [rows, keys] = (await Promise.all([logins.getAll(range, BATCH), logins.getAllKeys(range, BATCH)])) as [
          V11Login[],
          IDBValidKey[],
        ];
        const last = keys[keys.length - 1];
        if (last === undefined) return;
        const writes: Promise<unknown>[] = [];
        rows.forEach((row, i) => {
          const value = v11Value(row.ip);
          if (value < 0 || row.ipValue === value) return;
          row.ipValue = value;
          writes.push(logins.put(row, keys[i]));
        });
        await Promise.all(writes);
        after = last;
      }
    })().catch(() => tx.abort());
  },
  // 12: an incident keeps at most 50 reasons (MAX_INCIDENT_REASONS): one intruder behind hundreds of sessions had
  // made incidents of hundreds, which the user's own backup then could not restore (its format allows 50). Open
  // incidents (in the summaries) and resolved ones (in the warnings store) are cut as the judging cuts them now.
  (_db, upgrade) => {
    const tx = untyped(upgrade);
    const BATCH = 500;
    return (async () => {
      const summaries = tx.objectStore('summaries');
      for (const summary of (await summaries.getAll()) as V12Summary[]) {
        if (summary.warnings.some(v12IsLong)) {
          await summaries.put({ ...summary, warnings: summary.warnings.map(v12Kept) });
        }
      }
      let after: IDBValidKey | undefined;
      for (;;) {
        const warnings = tx.objectStore('warnings');
        const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
        const rows = (await warnings.getAll(range, BATCH)) as V12Warning[];
        const last = rows[rows.length - 1];
        if (last === undefined) return;
        await Promise.all(rows.filter(v12IsLong).map((w) => warnings.put(v12Kept(w))));
        after = last.id;
      }
    })().catch(() => tx.abort());
  },
];

// Frozen for migration 12.
const V12_MAX_REASONS = 50;
interface V12Warning {
  id: string;
  reasons?: { rule: string }[];
  [field: string]: unknown;
}
interface V12Summary {
  warnings: V12Warning[];
  [field: string]: unknown;
}
const v12IsLong = (w: V12Warning) => (w.reasons?.length ?? 0) > V12_MAX_REASONS;

/** The warning with at most 50 reasons, in their order: each rule's first, then the others as they come. */
function v12Kept(w: V12Warning): V12Warning {
  const reasons = w.reasons;
  if (!reasons || reasons.length <= V12_MAX_REASONS) return w;
  const keep = reasons.map(() => false);
  const rules = new Set<string>();
  let n = 0;
  reasons.forEach((r, i) => {
    if (rules.has(r.rule)) return;
    rules.add(r.rule);
    keep[i] = true;
    n++;
  });
  for (let i = 0; i < reasons.length && n < V12_MAX_REASONS; i++) {
    if (keep[i]) continue;
    keep[i] = true;
    n++;
  }
  return { ...w, reasons: reasons.filter((_, i) => keep[i]) };
}

// Frozen for migration 11.
interface V11Login {
  ip?: unknown;
  ipValue?: number;
  [field: string]: unknown;
}

/** A bare v4 address's value, as `plainV4Value` read it at version 11; -1 for any other text. */
function v11Value(ip: unknown): number {
  if (typeof ip !== 'string' || !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(ip)) return -1;
  let value = 0;
  for (const part of ip.split('.')) {
    const n = Number(part);
    if (n > 255) return -1;
    value = value * 256 + n;
  }
  return value;
}

// Frozen for migration 6.
const V6_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
const V6_ORDER = [
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
const v6Order = (rule: string) => (V6_ORDER.includes(rule) ? V6_ORDER.indexOf(rule) : V6_ORDER.length);
const V6_HYGIENE = new Set(['too-many-sessions', 'stale-session', 'session-lifetime']);
const V6_SIGNS = new Set(V6_ORDER.slice(0, 11).filter((r) => r !== 'unknown-device'));

/** The device text without versions, and the address's /24 (v4) or first four groups (v6), else the place. */
function v6IntruderKey(w: StoredWarning): string | undefined {
  if (V6_HYGIENE.has(w.rule) || w.subject === 'rule-error') return undefined;
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

function v6Combined(reasons: { rule: string; severity: Severity }[]): Severity {
  let worst: Severity = 'low';
  for (const r of reasons) if (V6_RANK[r.severity] < V6_RANK[worst]) worst = r.severity;
  if (worst === 'high' || new Set(reasons.map((r) => r.rule)).size < 2) return worst;
  const signs = reasons.filter((r) => V6_SIGNS.has(r.rule));
  if (signs.some((r) => r.severity !== 'low')) return 'high';
  if (new Set(signs.map((r) => r.rule)).size >= 2 && worst === 'medium') return 'high';
  if (reasons.some((r) => r.rule === 'outside-schedule') && worst === 'low') return 'medium';
  return worst;
}
