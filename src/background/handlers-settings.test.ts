import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Settings } from '../shared/settings';
import { realisticBackup, SCENARIO_NOW, STRANGER } from './backup-test-helpers';
import { type Db, openDatabase, warningsOf } from './db';
import { handleMessage, type Services } from './handlers';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const PAGE = { id: ID, url: `${ORIGIN}options/index.html` };
const TAB = {
  id: ID,
  url: 'https://www.binance.com/en/my/security/device-management',
  tab: { id: 7, url: 'https://www.binance.com/en/my/security/device-management' },
  frameId: 0,
};

let db: Db;
let settings: Settings;
let saves: number;
let badge: number;
let n = 0;

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    saveSettings: async (s) => {
      saves++;
      settings = s;
    },
    now: () => SCENARIO_NOW + 60_000,
    refreshBadge: async () => {
      badge++;
    },
    onRaised: async () => undefined,
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
  });
}

beforeEach(async () => {
  db = await openDatabase(`settings-${n++}`);
  settings = (await realisticBackup(db)).settings;
  saves = 0;
  badge = 0;
});
afterEach(() => db.close());

const openUnknown = async () =>
  (await warningsOf(db, 'binance:UID 1001')).filter(
    (w) => w.state === 'open' && (w.reasons ?? [w]).some((r) => r.rule === 'unknown-device'),
  );

test('saveSettings: the worker stores the settings and judges once; the stranger trusted, its warning resolves', async () => {
  expect(await openUnknown()).toHaveLength(1);
  const next: Settings = {
    ...settings,
    trustedDevices: [
      ...settings.trustedDevices,
      { id: 'aws', name: 'My server', ipRanges: [`${STRANGER.ip}/32`], createdAt: SCENARIO_NOW },
    ],
  };
  expect(await handleMessage({ type: 'saveSettings', payload: { settings: next } }, PAGE, services())).toEqual({
    ok: true,
    value: {},
  });
  expect(settings).toEqual(next);
  expect(saves).toBe(1);
  expect(badge).toBe(1);
  expect(await openUnknown()).toHaveLength(0);
});

test('saveSettings is refused from a content script and for invalid settings, naming the field; nothing is written', async () => {
  const r = await handleMessage({ type: 'saveSettings', payload: { settings } }, TAB, services());
  expect(r).toEqual({ ok: false, error: 'saveSettings is not accepted from this sender' });
  const bare = { ...settings, trustedDevices: [{ id: 'all', name: 'Everything', createdAt: 1 }] };
  const bad = await handleMessage({ type: 'saveSettings', payload: { settings: bare } }, PAGE, services());
  expect(bad).toEqual({
    ok: false,
    error: 'Invalid saveSettings: settings.trustedDevices.0: A trusted device must name at least one criterion',
  });
  expect(saves).toBe(0);
  expect(await openUnknown()).toHaveLength(1);
});

test('a shorter retention set through saveSettings applies at once', async () => {
  const before = await db.count('logins');
  await handleMessage(
    { type: 'saveSettings', payload: { settings: { ...settings, retentionDays: 7 } } },
    PAGE,
    services(),
  );
  const after = await db.count('logins');
  expect(after).toBeLessThan(before);
  expect(after).toBeGreaterThan(0);
});
