import { sendMessage } from '../src/platform/messaging';
import { loadSettings } from '../src/platform/storage';
import type { SettingsStore } from './model';

/**
 * Settings as the options page reads and writes them: read from storage.local, written by the worker (the
 * saveSettings message), their only writer, which judges every account once per change.
 */
export const settingsStore: SettingsStore = {
  load: loadSettings,
  save: async (settings) => {
    await sendMessage('saveSettings', { settings });
  },
};
