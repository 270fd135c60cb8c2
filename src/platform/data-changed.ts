import { DATA_REVISION_KEY, EMERGENCY_KEY, SETTINGS_KEY } from '../shared/storage-keys';
import { nativeApi } from './native-api';

// Kept apart from storage.ts (which storage.ts re-exports): following changes needs no schema, and the popup
// loads only this (with the settings and checklist schemas its initial JS was over three times its budget in
// scripts/check-size.mjs). Through the browser's own API (native-api.ts), as the pages' other first-load platform
// modules: the popup's first scripts load without the polyfill.

/** The worker's side: tells every open page that the stored data changed (scan stored, warning answered, import). */
export async function announceDataChanged(): Promise<void> {
  await nativeApi().storage.local.set({ [DATA_REVISION_KEY]: `${Date.now()}:${Math.random()}` });
}

/**
 * A page's side: calls `listener` when the stored data, the settings or the emergency checklists change, whoever
 * changed them (the worker, another page); storage.onChanged reaches every extension context. Returns a function
 * that stops listening.
 */
export function onShownDataChanged(listener: () => void): () => void {
  const watched = [DATA_REVISION_KEY, SETTINGS_KEY, EMERGENCY_KEY];
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && watched.some((k) => k in changes)) listener();
  };
  nativeApi().storage.onChanged.addListener(onChanged);
  return () => nativeApi().storage.onChanged.removeListener(onChanged);
}
