import type { DBSchema } from 'idb';
import type { Account, ScanRecord, StoredLogin, StoredSession, StoredWarning } from '../core/types';

export interface WatchdogDB extends DBSchema {
  accounts: { key: string; value: Account };
  scans: { key: number; value: ScanRecord; indexes: { 'by-account': string } };
  sessions: { key: string; value: StoredSession; indexes: { 'by-account': string } };
  logins: { key: string; value: StoredLogin; indexes: { 'by-account': string } };
  warnings: { key: string; value: StoredWarning; indexes: { 'by-account': string; 'by-state': string } };
}
