import type { ReminderSettings } from '../src/core/reminders';
import { ReminderSettingsSchema, type Settings } from '../src/shared/settings';

export type CadenceField = 'deviceReviewDays' | 'staleCleanupDays' | 'credentialCheckDays';

export const CADENCES: { field: CadenceField; label: string; hint: string; fallback: number }[] = [
  { field: 'deviceReviewDays', label: 'Review devices every', hint: 'default 7 days', fallback: 7 },
  { field: 'staleCleanupDays', label: 'Clean up stale sessions every', hint: 'default 30 days', fallback: 30 },
  { field: 'credentialCheckDays', label: 'Check password and 2FA every', hint: 'default 90 days', fallback: 90 },
];

/**
 * The settings after one change to the reminders, or an error in words. Days are whole numbers from 0
 * (that reminder off) to 366.
 */
export function changeReminders(
  settings: Settings,
  change: Partial<ReminderSettings>,
): { ok: true; settings: Settings } | { ok: false; error: string } {
  const next = ReminderSettingsSchema.safeParse({ ...settings.reminders, ...change });
  if (!next.success) return { ok: false, error: 'Use a whole number of days from 0 (off) to 366.' };
  return { ok: true, settings: { ...settings, reminders: next.data } };
}

export function setMuted(settings: Settings, accountId: string, muted: boolean): Settings {
  const rest = settings.reminders.mutedAccountIds.filter((id) => id !== accountId);
  return { ...settings, reminders: { ...settings.reminders, mutedAccountIds: muted ? [...rest, accountId] : rest } };
}
