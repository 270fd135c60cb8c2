import type { DBSchema } from 'idb';
import type { Account, ScanRecord, StoredLogin, StoredSession, StoredWarning } from '../core/types';

/**
 * What a scan and the popup read for one account, kept in one record so neither walks the account's rows:
 * live sessions plus the most recently gone ones, and every warning that is not resolved. Derived from the
 * row stores and rewritten in the same transaction as the rows it mirrors. The row stores stay the record of
 * everything; a live session's row is only rewritten when something other than `lastObservedAt` changed, and a
 * warning's row when something other than `lastRaisedAt` changed: the summary holds the current values of both.
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
}

/** Small worker state: the last failed write (shown in the popup), when every account was last pruned, stamps. */
export type MetaRecord =
  | { name: 'storageProblem'; message: string; at: number }
  | { name: 'prunedAt'; at: number }
  | SeenStamp;

export interface WatchdogDB extends DBSchema {
  accounts: { key: string; value: Account };
  scans: { key: number; value: ScanRecord; indexes: { 'by-account': string; 'by-account-at': [string, number] } };
  sessions: {
    key: string;
    value: StoredSession;
    indexes: { 'by-account': string; 'by-account-gone': [string, number] };
  };
  logins: { key: string; value: StoredLogin; indexes: { 'by-account': string; 'by-account-time': [string, number] } };
  warnings: {
    key: string;
    value: StoredWarning;
    indexes: { 'by-account': string; 'by-state': string; 'by-state-severity': [string, string] };
  };
  summaries: { key: string; value: AccountSummary };
  meta: { key: string; value: MetaRecord };
}
