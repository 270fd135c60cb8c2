import type { ReminderSettings } from '../src/core/reminders';
import { ReminderSettingsSchema, type Settings } from '../src/shared/settings';
import { S } from './strings';

export type CadenceField = 'deviceReviewDays' | 'staleCleanupDays' | 'credentialCheckDays';

export const CADENCES: {
  field: CadenceField;
  name: 'deviceReview' | 'staleCleanup' | 'credentialCheck';
  fallback: number;
}[] = [
  { field: 'deviceReviewDays', name: 'deviceReview', fallback: 7 },
  { field: 'staleCleanupDays', name: 'staleCleanup', fallback: 30 },
  { field: 'credentialCheckDays', name: 'credentialCheck', fallback: 90 },
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
  if (!next.success) return { ok: false, error: S.reminders.errDays };
  return { ok: true, settings: { ...settings, reminders: next.data } };
}

export function setMuted(settings: Settings, accountId: string, muted: boolean): Settings {
  const rest = settings.reminders.mutedAccountIds.filter((id) => id !== accountId);
  return { ...settings, reminders: { ...settings.reminders, mutedAccountIds: muted ? [...rest, accountId] : rest } };
}
