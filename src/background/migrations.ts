import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
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
];
