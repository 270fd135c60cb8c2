import { expect, test } from 'vitest';
import { defaultSettings, type Settings } from '../src/shared/settings';
import { createOptionsModel } from './model';

function memoryStore(initial = defaultSettings()) {
  let stored: Settings = initial;
  return {
    store: {
      load: async () => stored,
      save: async (s: Settings) => {
        stored = s;
      },
    },
    read: () => stored,
  };
}

test('adding and removing a trusted device writes storage', async () => {
  const { store, read } = memoryStore();
  const m = createOptionsModel(
    store,
    () => 5,
    () => 'id-1',
  );
  await m.load();
  expect(await m.addTrustedDevice({ name: ' My Mac ', pattern: 'Chrome * macOS' })).toBe(true);
  expect(read().trustedDevices).toEqual([{ id: 'id-1', name: 'My Mac', pattern: 'Chrome * macOS', createdAt: 5 }]);
  await m.removeTrustedDevice('id-1');
  expect(read().trustedDevices).toEqual([]);
});

test.each([
  [{ name: '', pattern: 'Chrome' }, 'name'],
  [{ name: 'Mac', pattern: '  ' }, 'pattern'],
  [{ name: 'x'.repeat(101), pattern: 'Chrome' }, 'cannot be saved'],
])('an invalid device %j is refused with a message and nothing saved', async (input, message) => {
  const { store, read } = memoryStore();
  const m = createOptionsModel(store);
  await m.load();
  expect(await m.addTrustedDevice(input)).toBe(false);
  expect(m.error.value).toContain(message);
  expect(read().trustedDevices).toEqual([]);
});
