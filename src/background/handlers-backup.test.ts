import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Backup } from '../shared/backup';
import { defaultSettings, type Settings } from '../shared/settings';
import { realisticBackup } from './backup-test-helpers';
import { type Db, openDatabase, readAllRows } from './db';
import { handleMessage, type Services } from './handlers';
import { completeServices, memorySites } from './services-test-helpers';
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
let badge: number;
let synced: string[][];
let n = 0;

function services(extra: Partial<Services> = {}): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    saveSettings: async (s) => {
      settings = s;
    },
    appVersion: '9.9.9',
    now: () => Date.UTC(2026, 3, 14),
    refreshBadge: async () => {
      badge++;
    },
    onRaised: async () => undefined,
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
    ...extra,
  });
}

beforeEach(async () => {
  db = await openDatabase(`handlers-backup-${n++}`);
  settings = defaultSettings();
  badge = 0;
  synced = [];
});
afterEach(() => db.close());

describe('data messages', () => {
  test.each([
    ['exportBackup', {}],
    ['exportLoginHistory', {}],
    ['importBackup', { text: '{}', mode: 'replace' }],
    ['wipeAll', { isConfirmed: true }],
  ])('%s is refused from a content script', async (type, payload) => {
    await realisticBackup(db);
    const r = await handleMessage({ type, payload }, TAB, services());
    expect(r).toEqual({ ok: false, error: `${type} is not accepted from this sender` });
    expect(await db.count('accounts')).toBe(2);
  });

  test('export, wipe, import: the page gets its data back and the badge follows', async () => {
    const made = await realisticBackup(db);
    settings = made.settings;
    const exported = await handleMessage({ type: 'exportBackup', payload: {} }, PAGE, services());
    expect(exported.ok).toBe(true);
    const backup = (exported as { value: Backup }).value;
    expect(backup.appVersion).toBe('9.9.9');
    expect(backup.sessions).toEqual(made.sessions);

    expect(await handleMessage({ type: 'wipeAll', payload: {} }, PAGE, services())).toEqual({
      ok: false,
      error: 'Invalid wipeAll: isConfirmed: Invalid input: expected true',
    });
    expect((await readAllRows(db)).sessions.length).toBeGreaterThan(0);
    const wiped = await handleMessage({ type: 'wipeAll', payload: { isConfirmed: true } }, PAGE, services());
    expect(wiped).toEqual({ ok: true, value: {} });
    expect((await readAllRows(db)).sessions).toHaveLength(0);
    expect(settings).toEqual(defaultSettings());

    const sites: Services['sites'] = {
      ...memorySites(),
      syncContentScripts: async (list) => {
        synced.push(list.map((s) => s.id));
        return [];
      },
    };
    const imported = await handleMessage(
      { type: 'importBackup', payload: { text: JSON.stringify(backup), mode: 'replace' } },
      PAGE,
      services({ sites }),
    );
    expect(imported).toEqual({
      ok: true,
      value: {
        accounts: 2,
        scans: backup.scans.length,
        sessions: backup.sessions.length,
        logins: backup.logins.length,
        warnings: backup.warnings.length,
      },
    });
    expect((await readAllRows(db)).sessions).toEqual(made.sessions);
    expect(settings).toEqual(made.settings);
    expect(synced).toEqual([[]]);
    expect(badge).toBe(2);
  });

  test('a bad backup answers the path of the field', async () => {
    const backup = await realisticBackup(db);
    const bad = JSON.parse(JSON.stringify(backup));
    bad.sessions[1].ip = 7;
    const r = await handleMessage(
      { type: 'importBackup', payload: { text: JSON.stringify(bad), mode: 'merge' } },
      PAGE,
      services(),
    );
    // The English words, and the message the options page shows in its language: path and type as arguments.
    expect(r).toEqual({
      ok: false,
      error: 'sessions[1].ip: expected string',
      localised: { key: 'importErr_expected', args: ['sessions[1].ip', { key: 'importType_string', args: [] }] },
    });
  });

  test('a text over 50 MB is refused by the contract', async () => {
    const r = await handleMessage(
      { type: 'importBackup', payload: { text: 'x'.repeat(50 * 1024 * 1024 + 1), mode: 'replace' } },
      PAGE,
      services(),
    );
    expect(r).toEqual({ ok: false, error: 'Invalid importBackup: text: the file is over 50 MB' });
  });

  test('an import that does not say replace or merge is refused before the file is read', async () => {
    const backup = await realisticBackup(db);
    const r = await handleMessage(
      { type: 'importBackup', payload: { text: JSON.stringify(backup) } },
      PAGE,
      services(),
    );
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid importBackup: mode: /) });
  });

  test("a settings write that fails fails the wipe, in the writer's words", async () => {
    await realisticBackup(db);
    const r = await handleMessage(
      { type: 'wipeAll', payload: { isConfirmed: true } },
      PAGE,
      services({
        saveSettings: async () => {
          throw new Error('QuotaExceededError');
        },
      }),
    );
    expect(r).toEqual({ ok: false, error: 'QuotaExceededError' });
  });

  test('login history CSV of one account', async () => {
    await realisticBackup(db);
    const r = await handleMessage(
      { type: 'exportLoginHistory', payload: { accountId: 'binance:UID 1001' } },
      PAGE,
      services(),
    );
    expect(r.ok).toBe(true);
    const { csv, rowCount } = (r as { value: { csv: string; rowCount: number } }).value;
    expect(rowCount).toBeGreaterThan(20);
    expect(csv.split('\r\n').filter((l) => l.startsWith('binance:UID 1001,')).length).toBe(rowCount);
  });
});
