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

/** The emergency checklists (per account), kept apart from settings so a backup of settings never holds them. */
export async function loadEmergency(): Promise<EmergencyState> {
  const got = await browser.storage.local.get(EMERGENCY_KEY);
  return parseEmergency(got[EMERGENCY_KEY]);
}

export async function saveEmergency(state: EmergencyState): Promise<void> {
  await browser.storage.local.set({ [EMERGENCY_KEY]: state });
}
