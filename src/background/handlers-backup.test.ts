import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BACKUP_CHUNK_CHARS, type Backup, sliceText } from '../shared/backup';
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

/** The page's side of an export: the head, then every slice, joined. */
async function exportText(extra: Partial<Services> = {}): Promise<string> {
  const head = await handleMessage({ type: 'exportBackup', payload: {} }, PAGE, services(extra));
  if (!head.ok) throw new Error(head.error);
  const { exportId, chunks, chars } = head.value as { exportId: string; chunks: number; chars: number };
  let text = '';
  for (let index = 0; index < chunks; index++) {
    const r = await handleMessage({ type: 'exportBackupChunk', payload: { exportId, index } }, PAGE, services(extra));
    if (!r.ok) throw new Error(r.error);
    text += (r.value as { text: string }).text;
  }
  expect(text).toHaveLength(chars);
  return text;
}

/** The page's side of an import: begin, the slices in order (`slices` of them), commit; answers the commit's. */
async function importText(text: string, mode: 'replace' | 'merge', slices = 3, extra: Partial<Services> = {}) {
  const parts = sliceText(text, Math.max(1, Math.ceil(text.length / slices)));
  const begun = await handleMessage(
    { type: 'importBackupBegin', payload: { mode, chars: text.length, chunks: parts.length } },
    PAGE,
    services(extra),
  );
  if (!begun.ok) return begun;
  const { importId } = begun.value as { importId: string };
  for (const [index, part] of parts.entries()) {
    const r = await handleMessage(
      { type: 'importBackupChunk', payload: { importId, index, text: part } },
      PAGE,
      services(extra),
    );
    if (!r.ok) return r;
  }
  return handleMessage({ type: 'importBackupCommit', payload: { importId } }, PAGE, services(extra));
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
    ['exportBackupChunk', { exportId: 'x', index: 0 }],
    ['exportLoginHistory', {}],
    ['importBackupBegin', { mode: 'replace', chars: 2, chunks: 1 }],
    ['importBackupChunk', { importId: 'x', index: 0, text: '{}' }],
    ['importBackupCommit', { importId: 'x' }],
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
    const backup = JSON.parse(await exportText()) as Backup;
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
    const imported = await importText(JSON.stringify(backup), 'replace', 5, { sites });
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
    const r = await importText(JSON.stringify(bad), 'merge');
    // The English words, and the message the options page shows in its language: path and type as arguments.
    expect(r).toEqual({
      ok: false,
      error: 'sessions[1].ip: expected string',
      localised: { key: 'importErr_expected', args: ['sessions[1].ip', { key: 'importType_string', args: [] }] },
    });
  });

  test('a file over 50 MB is refused by the contract before any of it is sent', async () => {
    const r = await handleMessage(
      { type: 'importBackupBegin', payload: { mode: 'replace', chars: 50 * 1024 * 1024 + 1, chunks: 7 } },
      PAGE,
      services(),
    );
    expect(r).toEqual({ ok: false, error: 'Invalid importBackupBegin: chars: the file is over 50 MB' });
  });

  test('an import that does not say replace or merge is refused before the file is sent', async () => {
    const r = await handleMessage({ type: 'importBackupBegin', payload: { chars: 2, chunks: 1 } }, PAGE, services());
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid importBackupBegin: mode: /) });
  });

  test('a slice over the slice size is refused by the contract', async () => {
    const r = await handleMessage(
      { type: 'importBackupChunk', payload: { importId: 'x', index: 0, text: 'x'.repeat(BACKUP_CHUNK_CHARS + 1) } },
      PAGE,
      services(),
    );
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid importBackupChunk: text: /) });
  });

  describe('an import in slices changes nothing until its commit, and nothing if it is cut short', () => {
    async function begin(text: string, chunks: number): Promise<string> {
      const r = await handleMessage(
        { type: 'importBackupBegin', payload: { mode: 'replace', chars: text.length, chunks } },
        PAGE,
        services(),
      );
      return (r as { value: { importId: string } }).value.importId;
    }
    const chunk = (importId: string, index: number, text: string) =>
      handleMessage({ type: 'importBackupChunk', payload: { importId, index, text } }, PAGE, services());
    const commit = (importId: string) =>
      handleMessage({ type: 'importBackupCommit', payload: { importId } }, PAGE, services());

    let file: string;
    let before: Awaited<ReturnType<typeof readAllRows>>;
    beforeEach(async () => {
      const made = await realisticBackup(db);
      file = JSON.stringify({ ...made, logins: made.logins.slice(0, 3) });
      before = await readAllRows(db);
    });

    test('every slice arrived: the commit writes the file; until then the stores are as they were', async () => {
      const [a, b] = sliceText(file, Math.ceil(file.length / 2));
      const id = await begin(file, 2);
      expect(await chunk(id, 0, a!)).toEqual({ ok: true, value: {} });
      expect(await readAllRows(db)).toEqual(before);
      expect(await chunk(id, 1, b!)).toEqual({ ok: true, value: {} });
      expect(await readAllRows(db)).toEqual(before);
      expect(await commit(id)).toMatchObject({ ok: true, value: { logins: 3 } });
      expect(await db.count('logins')).toBe(3);
      // The staged text went with the commit: committing again is an interrupted import, and changes nothing.
      expect(await commit(id)).toMatchObject({ ok: false, localised: { key: 'importErr_interrupted' } });
    });

    test('a commit before the last slice is refused and drops the import', async () => {
      const [a] = sliceText(file, Math.ceil(file.length / 2));
      const id = await begin(file, 2);
      await chunk(id, 0, a!);
      expect(await commit(id)).toMatchObject({ ok: false, error: expect.stringContaining('1 of 2 slices') });
      expect(await readAllRows(db)).toEqual(before);
      expect(await chunk(id, 1, file.slice(a!.length))).toMatchObject({
        ok: false,
        localised: { key: 'importErr_interrupted' },
      });
    });

    test('slices out of order, or more text than announced, are refused', async () => {
      const [a, b] = sliceText(file, Math.ceil(file.length / 2));
      const id = await begin(file, 2);
      expect(await chunk(id, 1, b!)).toMatchObject({ ok: false, error: expect.stringContaining('out of order') });
      expect(await chunk(id, 0, `${a!}${b!}x`)).toMatchObject({
        ok: false,
        error: expect.stringContaining('more text'),
      });
      expect(await commit(id)).toMatchObject({ ok: false, localised: { key: 'importErr_interrupted' } });
      expect(await readAllRows(db)).toEqual(before);
    });

    test('an import the worker no longer knows (it was stopped, or a newer import began) is refused in the page language', async () => {
      const first = await begin(file, 1);
      const second = await begin(file, 1);
      expect(await chunk(first, 0, file)).toEqual({
        ok: false,
        error: 'The import was interrupted (the extension restarted); nothing was changed. Choose the file again.',
        localised: { key: 'importErr_interrupted', args: [] },
      });
      expect(await chunk(second, 0, file)).toEqual({ ok: true, value: {} });
      expect(await readAllRows(db)).toEqual(before);
    });
  });

  test('an export the worker no longer knows is refused; one fetched to its end is let go', async () => {
    await realisticBackup(db);
    const text = await exportText();
    expect(JSON.parse(text)).toMatchObject({ format: 'session-watchdog-backup', accounts: [{}, {}] });
    const head = await handleMessage({ type: 'exportBackup', payload: {} }, PAGE, services());
    const { exportId } = (head as { value: { exportId: string } }).value;
    expect(
      await handleMessage({ type: 'exportBackupChunk', payload: { exportId: 'gone', index: 0 } }, PAGE, services()),
    ).toMatchObject({ ok: false, localised: { key: 'importErr_exportInterrupted' } });
    const chunk = () => handleMessage({ type: 'exportBackupChunk', payload: { exportId, index: 0 } }, PAGE, services());
    expect(await chunk()).toEqual({ ok: true, value: { text } });
    expect(await chunk()).toMatchObject({ ok: false, localised: { key: 'importErr_exportInterrupted' } });
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
