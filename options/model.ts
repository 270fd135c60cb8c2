import { signal } from '@preact/signals';
import type { TrustedDevice } from '../src/core/types';
import { TrustedDeviceSchema } from '../src/shared/schemas';
import type { Settings } from '../src/shared/settings';

export interface SettingsStore {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

/** The options page's state and actions; storage is injected so the model runs in tests without a browser. */
export function createOptionsModel(
  store: SettingsStore,
  now: () => number = Date.now,
  newId: () => string = () => crypto.randomUUID(),
) {
  const settings = signal<Settings | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  const saved = signal(false);

  async function load(): Promise<void> {
    settings.value = await store.load();
  }

  async function update(change: (s: Settings) => Settings): Promise<boolean> {
    const current = settings.value ?? (await store.load());
    const next = change(current);
    await store.save(next);
    settings.value = next;
    saved.value = true;
    return true;
  }

  async function addTrustedDevice(input: { name: string; pattern: string }): Promise<boolean> {
    const candidate: TrustedDevice = {
      id: newId(),
      name: input.name.trim(),
      pattern: input.pattern.trim(),
      createdAt: now(),
    };
    const parsed = TrustedDeviceSchema.safeParse(candidate);
    if (!parsed.success || !candidate.pattern) {
      error.value = !candidate.name
        ? 'Give the device a name.'
        : !candidate.pattern
          ? 'Enter a device pattern, for example "Chrome on macOS".'
          : 'That device cannot be saved.';
      return false;
    }
    error.value = undefined;
    return update((s) => ({ ...s, trustedDevices: [...s.trustedDevices, parsed.data] }));
  }

  async function removeTrustedDevice(id: string): Promise<void> {
    await update((s) => ({ ...s, trustedDevices: s.trustedDevices.filter((d) => d.id !== id) }));
  }

  return { settings, error, saved, load, addTrustedDevice, removeTrustedDevice };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;
