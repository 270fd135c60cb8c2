import { ANSWERS_KEY, type Answer, parseAnswers } from '../shared/answers';
import { EMERGENCY_KEY, type EmergencyState, parseEmergency } from '../shared/emergency';
import { parseSettings, SETTINGS_KEY, type Settings } from '../shared/settings';
import { browser } from './browser';

/** Owner of storage.local: the user's settings live under one key. */
export async function loadSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(SETTINGS_KEY);
  return parseSettings(got[SETTINGS_KEY]);
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
}

export async function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  const next = change(await loadSettings());
  await saveSettings(next);
  return next;
}

export function onSettingsChanged(listener: (s: Settings) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) listener(parseSettings(changes[SETTINGS_KEY]?.newValue));
  });
}

const REMINDER_LOG_KEY = 'reminderLog';

/** When each review reminder was last shown (see core/reminders); unreadable entries are dropped. */
export async function loadReminderLog(): Promise<Record<string, Record<string, number>>> {
  const raw = (await browser.storage.local.get(REMINDER_LOG_KEY))[REMINDER_LOG_KEY];
  const out: Record<string, Record<string, number>> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [id, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const kinds: Record<string, number> = {};
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) if (typeof v === 'number') kinds[k] = v;
    out[id] = kinds;
  }
  return out;
}

/** Saves the log and when the check ran (`reminderCheckedAt`), so one can tell a quiet check from none. */
export async function saveReminderLog(log: Record<string, Record<string, number>>): Promise<void> {
  await browser.storage.local.set({ [REMINDER_LOG_KEY]: log, reminderCheckedAt: Date.now() });
}

/** The emergency checklists (per account), kept apart from settings so a backup of settings never holds them. */
export async function loadEmergency(): Promise<EmergencyState> {
  const got = await browser.storage.local.get(EMERGENCY_KEY);
  return parseEmergency(got[EMERGENCY_KEY]);
}

export async function saveEmergency(state: EmergencyState): Promise<void> {
  await browser.storage.local.set({ [EMERGENCY_KEY]: state });
}

/** The popup's answers that can be undone (src/shared/answers.ts), apart from settings. */
export async function loadAnswers(): Promise<Answer[]> {
  const got = await browser.storage.local.get(ANSWERS_KEY);
  return parseAnswers(got[ANSWERS_KEY]);
}

export async function saveAnswers(answers: Answer[]): Promise<void> {
  await browser.storage.local.set({ [ANSWERS_KEY]: answers });
}
