import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { realisticBackup } from '../src/background/backup-test-helpers';
import { type Db, openDatabase, readAllRows } from '../src/background/db';
import { handleMessage } from '../src/background/handlers';
import { completeServices } from '../src/background/services-test-helpers';
import { englishWords } from '../src/background/words-test-helpers';
import { BACKUP_CHUNK_CHARS, type Backup, sliceText } from '../src/shared/backup';
import type { Transport } from '../src/shared/contract';
import { defaultSettings, type QuarantinedItem, type Settings } from '../src/shared/settings';
import { type Catalog, setCatalog } from '../src/ui/i18n';
import { createDataModel, type PickedFile } from './data-model';

const catalog = (l: string): Catalog =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'public', '_locales', l, 'messages.json'), 'utf8'));

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const NOW = Date.UTC(2026, 3, 14, 12);

let db: Db;
let settings: Settings;
let downloads: { name: string; type: string; text: string }[];
let seen: Settings[];
let n = 0;

/** The real worker behind the transport: handlers, contract checks and a fake IndexedDB. */
const transport: Transport = async (type, payload) => {
  const r = await handleMessage(
    { type, payload },
    { id: ID, url: `${ORIGIN}options/index.html` },
    completeServices({
      db: async () => db,
      settings: async () => settings,
      saveSettings: async (s) => {
        settings = s;
      },
      now: () => NOW,
      refreshBadge: async () => undefined,
      onRaised: async () => undefined,
      identity: { id: ID, origin: ORIGIN },
      words: englishWords,
    }),
  );
  // As the page's transport (src/platform/messaging.ts) does, with the message the page shows in its language.
  if (!r.ok) throw Object.assign(new Error(r.error), r.localised ? { localised: r.localised } : {});
  return r.value as never;
};

function model() {
  return createDataModel({
    transport,
    store: {
      load: async () => settings,
      save: async (s) => {
        settings = s;
      },
    },
    download: (name, type, text) => downloads.push({ name, type, text }),
    onSettings: (s) => seen.push(s),
    now: () => NOW,
  });
}

const file = (name: string, text: string, size = text.length): PickedFile & { reads: number } => {
  const f = {
    name,
    size,
    reads: 0,
    text: async () => {
      f.reads++;
      return text;
    },
  };
  return f;
};

beforeEach(async () => {
  db = await openDatabase(`data-model-${n++}`);
  settings = defaultSettings();
  downloads = [];
  seen = [];
});
afterEach(() => db.close());

describe('Data section model', () => {
  test('export JSON downloads the backup; importing that file after a wipe restores it', async () => {
    await realisticBackup(db);
    const m = model();
    expect(await m.exportJson()).toBe(true);
    expect(downloads[0]?.name).toBe('session-watchdog-backup-2026-04-14.json');
    expect(downloads[0]?.type).toBe('application/json');
    const exported = JSON.parse(downloads[0]?.text ?? '') as Backup;
    expect(exported.accounts).toHaveLength(2);
    expect(m.status.value).toMatch(/^Exported 2 accounts, \d+ sessions and \d+ logins\.$/);

    m.askWipe();
    expect(m.isConfirmingWipe.value).toBe(true);
    expect(await m.confirmWipe()).toBe(true);
    expect(await db.count('accounts')).toBe(0);
    expect(await m.confirmWipe()).toBe(false);

    // Choosing the file replaces nothing: the page shows what it holds and waits for the answer.
    expect(await m.chooseBackup(file('backup.json', downloads[0]?.text ?? ''))).toBe(true);
    expect(await db.count('accounts')).toBe(0);
    expect(m.pendingImport.value?.preview).toMatchObject({
      accounts: 2,
      sessions: exported.sessions.length,
      logins: exported.logins.length,
    });
    expect(await m.confirmImport('replace')).toBe(true);
    expect(m.pendingImport.value).toBeUndefined();
    expect(m.importError.value).toBeUndefined();
    expect((await readAllRows(db)).sessions).toEqual(exported.sessions);
    expect(m.accounts.value.map((a) => a.id).sort()).toEqual(['binance:UID 1001', 'kraken:AA12']);
    expect(seen.at(-1)).toEqual(exported.settings);
  });

  test('cancel after choosing a file changes nothing; merge joins the file with what is stored, twice is once', async () => {
    const backup = await realisticBackup(db);
    let dataChanges = 0;
    const m = createDataModel({
      transport,
      store: {
        load: async () => settings,
        save: async (s) => {
          settings = s;
        },
      },
      download: () => undefined,
      onData: () => dataChanges++,
      now: () => NOW,
    });
    // A file from another browser: one account of its own, the same Binance account with one more sign-in.
    const other = structuredClone(backup);
    other.accounts = other.accounts.filter((a) => a.id === 'binance:UID 1001');
    other.sessions = other.sessions.filter((x) => x.accountId === 'binance:UID 1001');
    other.warnings = [];
    other.scans = other.scans.filter((x) => x.accountId === 'binance:UID 1001');
    const extra = { ...other.logins.find((l) => l.accountId === 'binance:UID 1001')! };
    extra.key = 'other-browser-login';
    extra.time = Date.UTC(2026, 3, 1);
    other.logins = [extra];
    const before = await readAllRows(db);

    expect(await m.chooseBackup(file('other.json', JSON.stringify(other)))).toBe(true);
    expect(m.pendingImport.value?.preview).toMatchObject({ accounts: 1, logins: 1, warnings: 0 });
    m.cancelImport();
    expect(m.pendingImport.value).toBeUndefined();
    expect(await readAllRows(db)).toEqual(before);
    expect(dataChanges).toBe(0);

    expect(await m.chooseBackup(file('other.json', JSON.stringify(other)))).toBe(true);
    expect(await m.confirmImport('merge')).toBe(true);
    expect(dataChanges).toBe(1);
    const merged = await readAllRows(db);
    expect(merged.accounts).toHaveLength(2);
    expect(merged.logins.map((l) => l.key).sort()).toEqual([...before.logins.map((l) => l.key), extra.key].sort());
    expect(merged.warnings).toHaveLength(before.warnings.length);
    expect(m.status.value).toBe(
      `Merged: 2 accounts, ${merged.sessions.length} sessions, ${merged.logins.length} logins and ${merged.warnings.length} warnings stored now.`,
    );

    expect(await m.chooseBackup(file('other.json', JSON.stringify(other)))).toBe(true);
    expect(await m.confirmImport('merge')).toBe(true);
    expect(await readAllRows(db)).toEqual(merged);
  });

  test('a file larger than one message crosses in slices; the worker writes it only at the commit', async () => {
    const backup = await realisticBackup(db);
    // Valid JSON over two slices long (whitespace is allowed between tokens), with an emoji at the first cut.
    const text = `${' '.repeat(BACKUP_CHUNK_CHARS - 1)}${JSON.stringify({ ...backup, appVersion: '😀' })}${' '.repeat(BACKUP_CHUNK_CHARS)}`;
    const wiper = model();
    wiper.askWipe();
    expect(await wiper.confirmWipe()).toBe(true);
    const sent: string[] = [];
    const counted: Transport = async (type, payload) => {
      sent.push(type);
      // Between the slices, the stores still hold what the wipe left: nothing.
      if (type === 'importBackupChunk') expect(await db.count('accounts')).toBe(0);
      return transport(type, payload);
    };
    const m = createDataModel({
      transport: counted,
      store: {
        load: async () => settings,
        save: async (s) => {
          settings = s;
        },
      },
      download: () => undefined,
      now: () => NOW,
    });
    expect(await m.chooseBackup(file('big.json', text))).toBe(true);
    expect(await m.confirmImport('replace')).toBe(true);
    expect(sent).toEqual([
      'importBackupBegin',
      ...sliceText(text).map(() => 'importBackupChunk'),
      'importBackupCommit',
      'getOverview',
    ]);
    expect(sent.filter((t) => t === 'importBackupChunk').length).toBe(3);
    expect((await readAllRows(db)).sessions).toEqual(backup.sessions);
  });

  test('set-aside settings: restore puts back one that passes now, a bad one stays with why, delete removes', async () => {
    const mac = { id: 'mac', name: 'Mac', os: 'macOS', createdAt: 1 };
    let kept: QuarantinedItem[] = [
      { field: 'trustedDevices', item: mac, why: 'trustedDevices[0]: was too long in an older version' },
      { field: 'trustedDevices', item: { id: 'x', name: 'All', createdAt: 1 }, why: 'no criterion' },
    ];
    const m = createDataModel({
      transport,
      store: {
        load: async () => settings,
        save: async (s) => {
          settings = s;
        },
      },
      download: () => undefined,
      quarantine: {
        load: async () => kept,
        save: async (items) => {
          kept = items;
        },
      },
    });
    await m.loadQuarantine();
    expect(m.quarantined.value).toHaveLength(2);
    expect(await m.restoreQuarantined(1)).toBe(false);
    expect(m.error.value).toMatch(/^Not restored: trustedDevices\[0\]: a trusted device must name at least one/);
    expect(await m.restoreQuarantined(0)).toBe(true);
    expect(settings.trustedDevices).toEqual([mac]);
    expect(m.quarantined.value.map((q) => q.why)).toEqual(['no criterion']);
    expect(await m.deleteQuarantined(0)).toBe(true);
    expect(kept).toEqual([]);
  });

  test('wipe needs the confirmation step', async () => {
    await realisticBackup(db);
    const m = model();
    expect(await m.confirmWipe()).toBe(false);
    expect(await db.count('accounts')).toBe(2);
    m.askWipe();
    m.cancelWipe();
    expect(await m.confirmWipe()).toBe(false);
    expect(await db.count('accounts')).toBe(2);
  });

  test('a broken backup shows the exact error and changes nothing', async () => {
    const backup = await realisticBackup(db);
    const bad = JSON.parse(JSON.stringify(backup));
    bad.sessions[1].ip = null;
    const m = model();
    expect(await m.chooseBackup(file('bad.json', JSON.stringify(bad)))).toBe(false);
    expect(m.importError.value).toBe('sessions[1].ip: expected string');
    expect(m.pendingImport.value).toBeUndefined();
    expect(m.status.value).toBeUndefined();
    expect((await readAllRows(db)).sessions).toEqual(backup.sessions);
  });

  test.each([
    ['zh_CN', 'sessions[1].ip：应为字符串'],
    ['ar', 'sessions[1].ip: المتوقَّع نص'],
  ] as const)('in %s the import error is in that language, the path of the field exact', async (locale, text) => {
    const backup = await realisticBackup(db);
    const bad = JSON.parse(JSON.stringify(backup));
    bad.sessions[1].ip = null;
    setCatalog(locale, catalog(locale));
    const m = model();
    expect(await m.chooseBackup(file('bad.json', JSON.stringify(bad)))).toBe(false);
    expect(m.importError.value?.replace(/[\u2066-\u2069]/g, '')).toBe(text);
    // Two problems: the first, and how many more, in the page's words.
    bad.sessions[0].ip = 7;
    bad.logins[0].password = 'x';
    expect(await m.chooseBackup(file('bad.json', JSON.stringify(bad)))).toBe(false);
    expect(m.importError.value).toMatch(
      locale === 'zh_CN' ? /^sessions\[0\]\.ip：应为字符串（另有 2 个问题）$/ : /مشكلات أخرى/,
    );
    expect(await m.importChecklist(file('c.yaml', 'okx_account:\n  devices:\n    last_review: yesterday\n'))).toBe(
      false,
    );
    expect(m.error.value?.replace(/[\u2066-\u2069]/g, '')).toBe(
      locale === 'zh_CN'
        ? 'okx_account.devices.last_review：应为日期，例如 2026-04-14'
        : 'okx_account.devices.last_review: المتوقَّع تاريخ مثل 2026-04-14',
    );
    setCatalog('en', {});
  });

  test('an error from an older worker, with no message, is shown in its own English words', async () => {
    const good = JSON.stringify(await realisticBackup(db));
    const m = createDataModel({
      transport: async () => {
        throw new Error('sessions[1].ip: expected string');
      },
      store: { load: async () => settings, save: async () => undefined },
      download: () => undefined,
    });
    setCatalog('zh_CN', catalog('zh_CN'));
    expect(await m.chooseBackup(file('good.json', good))).toBe(true);
    expect(await m.confirmImport('merge')).toBe(false);
    expect(m.importError.value).toBe('sessions[1].ip: expected string');
    setCatalog('en', {});
  });

  test('a file over 50 MB is refused before it is read', async () => {
    const m = model();
    const big = file('huge.json', '{}', 60 * 1024 * 1024);
    expect(await m.chooseBackup(big)).toBe(false);
    expect(big.reads).toBe(0);
    expect(m.importError.value).toBe('huge.json is 60.0 MB; backups over 50 MB are refused.');
  });

  test('login CSV per account and for all accounts', async () => {
    await realisticBackup(db);
    const m = model();
    await m.loadAccounts();
    expect(await m.exportCsv('binance:UID 1001')).toBe(true);
    expect(await m.exportCsv('')).toBe(true);
    expect(downloads.map((d) => d.name)).toEqual([
      'session-watchdog-logins-binance-UID-1001-2026-04-14.csv',
      'session-watchdog-logins-all-2026-04-14.csv',
    ]);
    expect(downloads[0]?.text.startsWith('\ufeffaccount,time (UTC),')).toBe(true);
    expect(m.status.value).toMatch(/^Exported \d+ logins\.$/);
    expect(await m.exportCsv('nobody:1')).toBe(false);
    expect(m.error.value).toBe('Unknown account');
  });

  test.each([
    ['30', true, 30],
    ['0', true, 0],
    ['', true, 0],
    ['-1', false, 0],
    ['2.5', false, 0],
    ['forever', false, 0],
  ])('retention %j', async (text, ok, days) => {
    settings = { ...defaultSettings(), retentionDays: 0 };
    const m = model();
    expect(await m.setRetention(text)).toBe(ok);
    expect(settings.retentionDays).toBe(days);
    if (!ok) expect(m.error.value).toMatch(/whole number of days/);
  });

  test('the retention field shows the stored days until the user types, and again once saved', async () => {
    settings = { ...defaultSettings(), retentionDays: 90 };
    const shown = signal<Settings | undefined>(settings);
    const m = createDataModel({
      transport,
      store: {
        load: async () => settings,
        save: async (s) => {
          settings = s;
        },
      },
      download: () => undefined,
      settings: shown,
      onSettings: (s) => {
        shown.value = s;
      },
    });
    expect(m.retentionText.value).toBe('90');
    m.retentionDraft.value = 'forever';
    expect(await m.saveRetention()).toBe(false);
    // A refused text stays in the field, with why.
    expect(m.retentionText.value).toBe('forever');
    expect(m.error.value).toMatch(/whole number of days/);
    m.retentionDraft.value = '30';
    expect(await m.saveRetention()).toBe(true);
    expect(settings.retentionDays).toBe(30);
    expect(m.retentionDraft.value).toBeUndefined();
    expect(m.retentionText.value).toBe('30');
  });

  test('opening the section loads the accounts and the set-aside settings, and follows the worker setting more aside', async () => {
    await realisticBackup(db);
    let listener: ((items: QuarantinedItem[]) => void) | undefined;
    const item: QuarantinedItem = { field: 'blocklist', item: 'x', why: 'blocklist[0]: not an address' };
    const m = createDataModel({
      transport,
      store: { load: async () => settings, save: async () => undefined },
      download: () => undefined,
      quarantine: {
        load: async () => [item],
        save: async () => undefined,
        watch: (l) => {
          listener = l;
        },
      },
    });
    await m.start();
    expect(m.accounts.value.map((a) => a.id).sort()).toEqual(['binance:UID 1001', 'kraken:AA12']);
    expect(m.quarantined.value).toEqual([item]);
    listener?.([item, item]);
    expect(m.quarantined.value).toHaveLength(2);
    // Shown again: no second subscription.
    let watches = 0;
    const again = createDataModel({
      transport,
      store: { load: async () => settings, save: async () => undefined },
      download: () => undefined,
      quarantine: { load: async () => [], save: async () => undefined, watch: () => void watches++ },
    });
    await again.start();
    await again.start();
    expect(watches).toBe(1);
  });

  test('checklist YAML in and out; a bad one names the field and keeps the old one', async () => {
    const m = model();
    const yaml = 'okx_account:\n  anti_phishing_code: Secret-123\n  devices:\n    last_review: 2026-04-10\n';
    expect(await m.importChecklist(file('c.yaml', yaml))).toBe(true);
    expect(settings.checklist?.accounts[0]).toMatchObject({ name: 'okx_account', isAntiPhishingCodeSet: true });
    expect(JSON.stringify(settings)).not.toContain('Secret-123');
    expect(await m.exportChecklist()).toBe(true);
    expect(downloads[0]?.text).toContain('last_review: 2026-04-10');
    const before = settings.checklist;
    expect(await m.importChecklist(file('c.yaml', 'okx_account:\n  devices:\n    last_review: yesterday\n'))).toBe(
      false,
    );
    expect(m.error.value).toBe('okx_account.devices.last_review: expected a date like 2026-04-14');
    expect(settings.checklist).toBe(before);
  });
});
