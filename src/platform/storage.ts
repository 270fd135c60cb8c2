import type { CheckLog } from '../core/background-check';
import { ANSWERS_KEY, type Answer, parseAnswers } from '../shared/answers';
import { CHECK_LOG_KEY, parseCheckLog } from '../shared/check-log';
import { EMERGENCY_KEY, type EmergencyState, parseEmergency } from '../shared/emergency';
import type { Guidance } from '../shared/guide';
import {
  addToQuarantine,
  parseQuarantine,
  parseSettings,
  QUARANTINE_KEY,
  type QuarantinedItem,
  readSettings,
  SETTINGS_KEY,
  type Settings,
} from '../shared/settings';
import { browser } from './browser';

/**
 * Owner of storage (its change signal is data-changed.ts): storage.local holds the settings under one key, and
 * storage.session the tabs the worker opened for a guided log-out.
 */
export async function loadSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(SETTINGS_KEY);
  return parseSettings(got[SETTINGS_KEY]);
}

/**
 * Writes the settings. Items of the stored ones that no longer validate were left out of what every reader got:
 * they are set aside under QUARANTINE_KEY in the same write, so a save never silently drops them.
 */
export async function saveSettings(settings: Settings): Promise<void> {
  const got = await browser.storage.local.get([SETTINGS_KEY, QUARANTINE_KEY]);
  const { quarantined } = readSettings(got[SETTINGS_KEY]);
  await browser.storage.local.set({
    [SETTINGS_KEY]: settings,
    ...(quarantined.length
      ? { [QUARANTINE_KEY]: addToQuarantine(parseQuarantine(got[QUARANTINE_KEY]), quarantined) }
      : {}),
  });
}

/**
 * Sets aside stored items that no longer validate and writes the rest back (the worker, when it starts): the
 * options page then lists them with why. Answers what was set aside now.
 */
export async function quarantineBadSettings(): Promise<QuarantinedItem[]> {
  const got = await browser.storage.local.get([SETTINGS_KEY, QUARANTINE_KEY]);
  const { settings, quarantined } = readSettings(got[SETTINGS_KEY]);
  if (!quarantined.length) return [];
  await browser.storage.local.set({
    [SETTINGS_KEY]: settings,
    [QUARANTINE_KEY]: addToQuarantine(parseQuarantine(got[QUARANTINE_KEY]), quarantined),
  });
  return quarantined;
}

export async function loadQuarantine(): Promise<QuarantinedItem[]> {
  return parseQuarantine((await browser.storage.local.get(QUARANTINE_KEY))[QUARANTINE_KEY]);
}

export async function saveQuarantine(items: QuarantinedItem[]): Promise<void> {
  await browser.storage.local.set({ [QUARANTINE_KEY]: items });
}

export function onQuarantineChanged(listener: (items: QuarantinedItem[]) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && QUARANTINE_KEY in changes) listener(parseQuarantine(changes[QUARANTINE_KEY]?.newValue));
  });
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

/** What the background checks did per account (src/core/background-check.ts); the worker is its only writer. */
export async function loadCheckLog(): Promise<CheckLog> {
  return parseCheckLog((await browser.storage.local.get(CHECK_LOG_KEY))[CHECK_LOG_KEY]);
}

export async function saveCheckLog(log: CheckLog): Promise<void> {
  await browser.storage.local.set({ [CHECK_LOG_KEY]: log });
}

/** When a run of the background checks last finished, so one can tell a run that checked nothing from none. */
export async function markChecksRan(): Promise<void> {
  await browser.storage.local.set({ backgroundChecksRanAt: Date.now() });
}

/** The popup's answers that can be undone (src/shared/answers.ts), apart from settings. */
export async function loadAnswers(): Promise<Answer[]> {
  const got = await browser.storage.local.get(ANSWERS_KEY);
  return parseAnswers(got[ANSWERS_KEY]);
}

export async function saveAnswers(answers: Answer[]): Promise<void> {
  await browser.storage.local.set({ [ANSWERS_KEY]: answers });
}

/**
 * The tabs the worker opened for a guided log-out, kept in storage.session so a restarted worker still knows
 * (in memory too: a browser without storage.session still guides while the worker lives).
 */
const guided = new Map<number, Guidance>();
const guidanceKey = (tabId: number) => `guidance:${tabId}`;
const sessionArea = () => (browser.storage as { session?: typeof browser.storage.local }).session;

export async function rememberGuidance(tabId: number, guidance: Guidance): Promise<void> {
  guided.set(tabId, guidance);
  await sessionArea()
    ?.set({ [guidanceKey(tabId)]: guidance })
    .catch(() => undefined);
}

export async function recallGuidance(tabId: number): Promise<Guidance | undefined> {
  const held = guided.get(tabId);
  if (held) return held;
  const got = await sessionArea()
    ?.get(guidanceKey(tabId))
    .catch(() => undefined);
  const value = got?.[guidanceKey(tabId)] as Guidance | undefined;
  return value && typeof value.url === 'string' && typeof value.at === 'number' ? value : undefined;
}

export async function forgetGuidance(tabId: number): Promise<void> {
  guided.delete(tabId);
  await sessionArea()
    ?.remove(guidanceKey(tabId))
    .catch(() => undefined);
}
