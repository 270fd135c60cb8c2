import {
  type DueReminder,
  dueReminders,
  markShown,
  type ReminderLog,
  reminderNotificationId,
  reminderText,
} from '../core/reminders';
import type { Account } from '../core/types';
import type { MessageText } from '../shared/message-text';
import type { Settings } from '../shared/settings';
import { localise } from './notification-text';

export const REMINDER_ALARM = 'review-reminders';
/** How often the alarm asks whether a reminder is due; reminders themselves come weekly at most. */
export const REMINDER_CHECK_MINUTES = 6 * 60;
/** Notifications shown per check at most; the rest wait for the next check. */
const MAX_PER_CHECK = 3;

export interface ReminderServices {
  accounts: () => Promise<Account[]>;
  settings: () => Promise<Settings>;
  siteName: (siteId: string) => Promise<string>;
  loadLog: () => Promise<ReminderLog>;
  saveLog: (log: ReminderLog) => Promise<void>;
  notify: (title: string, message: string, id: string) => Promise<void>;
  now: () => number;
  /** The worker's messages (the browser's language). */
  words: MessageText;
}

const ORDER: Record<DueReminder['kind'], number> = { 'device-review': 0, 'stale-cleanup': 1, 'credential-check': 2 };

/** Shows the reminders that are due (device reviews first) and records them as shown. */
export async function runReminders(s: ReminderServices): Promise<DueReminder[]> {
  const [accounts, settings, log] = await Promise.all([s.accounts(), s.settings(), s.loadLog()]);
  const now = s.now();
  const due = dueReminders(accounts, settings.reminders, log, now)
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind])
    .slice(0, MAX_PER_CHECK);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const shown: DueReminder[] = [];
  for (const r of due) {
    const account = byId.get(r.accountId);
    if (!account) continue;
    const text = reminderText(r, await s.siteName(account.siteId), account.hint);
    await s.notify(localise(text.title, s.words), localise(text.message, s.words), reminderNotificationId(r));
    shown.push(r);
  }
  await s.saveLog(
    markShown(
      log,
      shown,
      accounts.map((a) => a.id),
      now,
    ),
  );
  return shown;
}
