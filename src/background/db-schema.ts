import type { DBSchema } from 'idb';
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
import type { KeptOverview } from '../shared/kept-overview';
import type { Settings } from '../shared/settings';
import type { UserAction } from '../shared/user-actions';

/**
 * One account's current state, in one record so a scan reads and writes it with one request each: its live
 * sessions, the most recently gone ones (copies of their rows, for the popup) and every warning that is not
 * resolved. Since version 3 this record is where live sessions and unresolved warnings are kept: the `sessions`
 * store holds gone sessions only and the `warnings` store resolved warnings only (history, pruned by retention).
 * A session that goes, or a warning that is resolved, moves to its row store in the transaction that changes it.
 * Times that move on every visit (`lastObservedAt`, `lastRaisedAt`) are carried by the account's stamp instead
 * of rewriting this record when nothing else changed.
 */
export interface AccountSummary {
  accountId: string;
  sessions: StoredSession[];
  warnings: StoredWarning[];
}

/**
 * When an account's sessions were last seen on its page and its warnings last judged. Every live session was in
 * that list and every unresolved warning was raised again then, so this small record stands in for rewriting
 * the summary when nothing else changed.
 */
export interface SeenStamp {
  name: `seen:${string}`;
  sessionsAt?: number;
  judgedAt: number;
  /**
   * When a scan was last stored, while its judging (a transaction of its own, right after) is pending: later than
   * judgedAt only if the worker stopped in between, and the next start judges the account then.
   */
  scannedAt?: number;
}

/** Small worker state: the last failed write (shown in the popup), when every account was last pruned, stamps. */
export type MetaRecord =
  | { name: 'storageProblem'; message: string; at: number }
  | {
      name: 'prunedAt';
      at: number /** The retention that full pass applied (absent before version 3). */;
      retentionDays?: number;
    }
  | SeenStamp
  /**
   * Settings an import or wipe committed with its rows, until storage.local holds them (backup-service.ts,
   * finishPendingSettings): a worker stopped in between writes them when it starts.
   */
  | { name: 'pendingSettings'; settings: Settings; at: number }
  /**
   * The install's random secret for the keyed hashes that identify API keys and withdrawal addresses (HMAC-SHA-256;
   * src/background/identity.ts): made on first use, never leaves the worker but in a full backup.
   */
  | { name: 'identitySecret'; secret: string; at: number };

/** The primary key of a login row: account, time (+Infinity for a row without one), the row's identity. */
export type LoginRowKey = [accountId: string, time: number, key: string];

export interface WatchdogDB extends DBSchema {
  accounts: { key: string; value: Account };
  /** Since version 9: the kept overview under KEPT_OVERVIEW_KEY (src/shared/kept-overview.ts), a copy never backed up. */
  kept: { key: string; value: KeptOverview };
  /** Listed per account by time (by-account-at); its by-account index was dropped in version 10. */
  scans: { key: number; value: ScanRecord; indexes: { 'by-account-at': [string, number] } };
  sessions: {
    key: string;
    value: StoredSession;
    indexes: { 'by-account': string; 'by-account-gone': [string, number] };
  };
  /**
   * Keyed out of line by `loginRowKey` (db.ts) since version 4: [accountId, time (+Infinity without one), key], so
   * an account's rows are one key range, oldest first (`loginsOfAccount`), and retention deletes them as one. No
   * index since version 10: the key range is the account's list. Since version 11 a row with a bare v4 address
   * carries its value (`ipValue`, written by `withAddressValue` in src/core/ingest.ts and by nothing else).
   */
  logins: { key: LoginRowKey; value: StoredLogin };
  warnings: {
    key: string;
    value: StoredWarning;
    // Since version 3 this store holds resolved warnings only (unresolved ones are in the summaries); its by-state
    // indexes were dropped in version 5.
    indexes: { 'by-account': string };
  };
  summaries: { key: string; value: AccountSummary };
  /** Since version 7: what an intruder leaves behind, as history (src/core/backdoors.ts); masked, never the text. */
  apiKeys: { key: string; value: StoredApiKey; indexes: { 'by-account': string } };
  apiCalls: { key: string; value: StoredApiCall; indexes: { 'by-account': string } };
  whitelist: { key: string; value: StoredWhitelistEntry; indexes: { 'by-account': string } };
  meta: { key: string; value: MetaRecord };
  /** What the user did about an account, with its time (since version 7), oldest first per account. */
  actions: { key: number; value: UserAction & { id?: number }; indexes: { 'by-account-at': [string, number] } };
}
