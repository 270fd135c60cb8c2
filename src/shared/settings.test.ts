import { describe, expect, test } from 'vitest';
import {
  addToQuarantine,
  CustomSiteSchema,
  defaultSettings,
  MAX_QUARANTINE,
  parseSettings,
  readSettings,
  restoreItem,
  SETTINGS_VERSION,
  type Settings,
  settingsMigrations,
} from './settings';

const mac = { id: 'mac', name: 'My Mac', browser: 'Chrome', os: 'macOS', createdAt: 1 };
const phone = { id: 'phone', name: 'iPhone', deviceType: 'phone', createdAt: 2 };

describe('readSettings keeps every valid item and sets aside the rest', () => {
  test('one trusted device with an unknown key: the other two stay, it is set aside with its path', () => {
    const stored = { ...defaultSettings(), trustedDevices: [mac, { ...mac, id: 'bad', colour: 'red' }, phone] };
    const { settings, quarantined } = readSettings(stored);
    expect(settings.trustedDevices.map((d) => d.id)).toEqual(['mac', 'phone']);
    expect(quarantined).toEqual([
      {
        field: 'trustedDevices',
        item: { ...mac, id: 'bad', colour: 'red' },
        why: 'trustedDevices[1].colour: unknown field',
      },
    ]);
    expect(parseSettings(stored).trustedDevices).toHaveLength(2);
  });

  test('a trusted device that names no criterion trusts everything: set aside', () => {
    const bare = { id: 'x', name: 'Anything', pattern: ' * ', createdAt: 1 };
    const { settings, quarantined } = readSettings({ ...defaultSettings(), trustedDevices: [bare, mac] });
    expect(settings.trustedDevices).toEqual([mac]);
    expect(quarantined[0]?.why).toMatch(/^trustedDevices\[0\]: a trusted device must name at least one criterion/);
  });

  test('a field that is not a list falls back to its default and its value is set aside', () => {
    const { settings, quarantined } = readSettings({
      ...defaultSettings(),
      retentionDays: -3,
      schedules: 'weekdays',
      blocklist: ['203.0.113.9'],
    });
    expect(settings.retentionDays).toBe(0);
    expect(settings.schedules).toEqual([]);
    expect(settings.blocklist).toEqual(['203.0.113.9']);
    expect(quarantined.map((q) => q.field).sort()).toEqual(['retentionDays', 'schedules']);
  });

  test('past a list cap the first items stay and the rest are set aside one by one', () => {
    const blocklist = Array.from({ length: 1003 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    const { settings, quarantined } = readSettings({ ...defaultSettings(), blocklist });
    expect(settings.blocklist).toEqual(blocklist.slice(0, 1000));
    expect(quarantined.map((q) => q.item)).toEqual(blocklist.slice(1000));
  });

  test('valid settings set nothing aside; nothing stored yet is the defaults', () => {
    expect(readSettings(defaultSettings())).toEqual({ settings: defaultSettings(), quarantined: [] });
    expect(readSettings(undefined)).toEqual({ settings: defaultSettings(), quarantined: [] });
  });

  test('__proto__ and other own keys of a hostile object neither pollute nor throw', () => {
    const raw = JSON.parse(
      `{"version":1,"__proto__":{"trustedDevices":[1]},"trustedDevices":[${JSON.stringify(mac)}]}`,
    );
    const { settings } = readSettings(raw);
    expect(settings.trustedDevices).toEqual([mac]);
    expect(({} as Record<string, unknown>).trustedDevices).toBeUndefined();
  });
});

describe('the quarantine', () => {
  test('an identical item is kept once; past the cap the oldest go', () => {
    const q = { field: 'blocklist', item: 'x'.repeat(70), why: 'blocklist[0]: longer than 64 characters' };
    expect(addToQuarantine([q], [q])).toEqual([q]);
    const many = Array.from({ length: MAX_QUARANTINE + 5 }, (_, i) => ({ ...q, item: i }));
    const kept = addToQuarantine([], many);
    expect(kept).toHaveLength(MAX_QUARANTINE);
    expect(kept[0]?.item).toBe(5);
  });

  test('restore puts an item back when it validates now, and says why when it does not', () => {
    const base: Settings = { ...defaultSettings(), trustedDevices: [mac] };
    const ok = restoreItem(base, { field: 'trustedDevices', item: phone, why: 'old' });
    expect(ok).toEqual({ ok: true, settings: { ...base, trustedDevices: [mac, phone] } });
    const still = restoreItem(base, { field: 'trustedDevices', item: { ...mac, colour: 'red' }, why: 'old' });
    expect(still).toEqual({ ok: false, why: 'trustedDevices[1].colour: unknown field' });
  });
});

test("a custom site's log-out page must be on the site's own host", () => {
  const site = { id: 'custom:x', name: 'X', pattern: 'https://exchange.example/security*', createdAt: 1 };
  expect(CustomSiteSchema.safeParse({ ...site, logoutUrl: 'https://exchange.example/devices' }).success).toBe(true);
  const r = CustomSiteSchema.safeParse({ ...site, logoutUrl: 'https://evil.example/devices' });
  expect(r.success).toBe(false);
  expect(r.error?.issues[0]?.path).toEqual(['logoutUrl']);
});

/** Settings as each version stored them, with data in every list: a migration added later is run over them. */
const seeds: Record<number, Record<string, unknown>> = {
  1: {
    version: 1,
    trustedDevices: [mac, phone],
    schedules: [
      { id: 's', name: 'Work', timeZone: 'Europe/London', windows: [{ days: [1], startMinute: 540, endMinute: 1020 }] },
    ],
    blocklist: ['198.51.100.1'],
    thresholds: defaultSettings().thresholds,
    disabledSites: ['kucoin'],
    customSites: [{ id: 'custom:x', name: 'X', pattern: 'https://exchange.example/security*', createdAt: 1 }],
    retentionDays: 90,
    reminders: defaultSettings().reminders,
    logoutUrls: { binance: 'https://www.binance.com/en/my/security/device-management' },
  },
};

describe('settings migrations', () => {
  test('the version is the migrations list length + 1, and every version has a seed', () => {
    expect(SETTINGS_VERSION).toBe(settingsMigrations.length + 1);
    for (let v = 1; v <= SETTINGS_VERSION; v++) expect(seeds[v], `seed for settings version ${v}`).toBeDefined();
  });

  test.each(Array.from({ length: SETTINGS_VERSION }, (_, i) => i + 1))(
    'settings stored at version %i read at the current version with every item kept',
    (v) => {
      const seed = seeds[v]!;
      const { settings, quarantined } = readSettings(structuredClone(seed));
      expect(quarantined).toEqual([]);
      expect(settings.version).toBe(SETTINGS_VERSION);
      for (const list of ['trustedDevices', 'schedules', 'blocklist', 'disabledSites', 'customSites'] as const) {
        expect(settings[list], list).toHaveLength((seed[list] as unknown[]).length);
      }
    },
  );
});
