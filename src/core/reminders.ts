/**
 * Review reminders: which account is due for which check. Pure — the worker's alarm asks this every few
 * hours and shows one notification per due reminder.
 *
 * Cadences follow what the exchanges' own security advice recommends: look at the device list weekly,
 * clean out stale sessions monthly, and check the password and second factor quarterly.
 */
import type { Account, ReasonMessage } from './types';

export type ReminderKind = 'device-review' | 'stale-cleanup' | 'credential-check';

export const REMINDER_KINDS: readonly ReminderKind[] = ['device-review', 'stale-cleanup', 'credential-check'];

export interface ReminderSettings {
  enabled: boolean;
  /** Days between reminders of each kind; 0 switches that kind off. */
  deviceReviewDays: number;
  staleCleanupDays: number;
  credentialCheckDays: number;
  /** Accounts the user does not want reminders for. */
  mutedAccountIds: string[];
}

export const defaultReminderSettings: ReminderSettings = {
  enabled: true,
  deviceReviewDays: 7,
  staleCleanupDays: 30,
  credentialCheckDays: 90,
  mutedAccountIds: [],
};

/** When each reminder was last shown: accountId → kind → time. Kept by the worker in storage.local. */
export type ReminderLog = Record<string, Partial<Record<ReminderKind, number>>>;

export interface DueReminder {
  accountId: string;
  kind: ReminderKind;
  /** Whole days since the thing was last done (or the account was first seen). */
  days: number;
}

const DAY_MS = 86_400_000;

function cadenceDays(kind: ReminderKind, s: ReminderSettings): number {
  if (kind === 'device-review') return s.deviceReviewDays;
  if (kind === 'stale-cleanup') return s.staleCleanupDays;
  return s.credentialCheckDays;
}

/**
 * Reminders due now. A device review is due when the account's sessions were last reviewed (or, never
 * reviewed, last scanned) a cadence ago; the monthly and quarterly checks count from the later of the
 * account's first scan and the last time that reminder was shown. A reminder shown once is not shown
 * again before another full cadence has passed, whatever the user did meanwhile.
 */
export function dueReminders(accounts: Account[], s: ReminderSettings, log: ReminderLog, now: number): DueReminder[] {
  if (!s.enabled) return [];
  const due: DueReminder[] = [];
  for (const a of accounts) {
    if (s.mutedAccountIds.includes(a.id)) continue;
    for (const kind of REMINDER_KINDS) {
      const days = cadenceDays(kind, s);
      if (!(days > 0)) continue;
      const period = days * DAY_MS;
      const shown = log[a.id]?.[kind];
      if (shown !== undefined && now - shown < period) continue;
      const since =
        kind === 'device-review'
          ? Math.max(a.lastReviewedAt ?? 0, a.lastScanAt)
          : Math.max(a.firstScanAt, shown ?? Number.NEGATIVE_INFINITY);
      if (now - since >= period) due.push({ accountId: a.id, kind, days: Math.floor((now - since) / DAY_MS) });
    }
  }
  return due;
}

/** The log after showing `shown`; entries of accounts that no longer exist are dropped. */
export function markShown(log: ReminderLog, shown: DueReminder[], accountIds: string[], now: number): ReminderLog {
  const keep = new Set(accountIds);
  const next: ReminderLog = {};
  for (const [id, entry] of Object.entries(log)) if (keep.has(id)) next[id] = { ...entry };
  for (const r of shown) next[r.accountId] = { ...next[r.accountId], [r.kind]: now };
  return next;
}

/**
 * The notification's words as `_locales` messages (shown in the browser's language by the worker), naming the
 * site and the account hint.
 */
export function reminderText(
  r: DueReminder,
  siteName: string,
  hint: string,
): { title: ReasonMessage; message: ReasonMessage } {
  const who = hint ? { key: 'notify_siteAccount', args: [siteName, hint] } : siteName;
  if (r.kind === 'device-review')
    return {
      title: { key: 'notify_reviewTitle', args: [who] },
      message: { key: 'notify_reviewBody', args: [String(r.days)] },
    };
  if (r.kind === 'stale-cleanup')
    return { title: { key: 'notify_cleanupTitle', args: [who] }, message: { key: 'notify_cleanupBody', args: [] } };
  return { title: { key: 'notify_checkTitle', args: [who] }, message: { key: 'notify_checkBody', args: [] } };
}

/** Notification ids carry the account so a click opens the right device page. */
export function reminderNotificationId(r: DueReminder): string {
  return `reminder:${r.kind}:${r.accountId}`;
}

export function accountOfNotificationId(id: string): string | undefined {
  const m = /^reminder:(?:device-review|stale-cleanup|credential-check):(.+)$/s.exec(id);
  return m?.[1];
}
