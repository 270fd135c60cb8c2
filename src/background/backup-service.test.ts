import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { withAddressValue, withoutAddressValue } from '../core/ingest';
import type { BACKUP_FORMAT, Backup } from '../shared/backup';
import { defaultSettings, type Settings } from '../shared/settings';
import {
  exportBackup,
  exportLoginCsv,
  finishPendingSettings,
  importBackup,
  mergeBackups,
  renumberScans,
  type SettingsAccess,
  wipeAll,
} from './backup-service';
import { realisticBackup, seedDb, storedDataArb } from './backup-test-helpers';
import { actionsOfAccount, allSummaries, type Db, openDatabase, readAllRows, recordActions } from './db';

let n = 0;
const open = () => openDatabase(`backup-${n++}`);

function memorySettings(initial: Settings = defaultSettings()): SettingsAccess & { value: Settings; saves: number } {
  const store = {
    value: initial,
    saves: 0,
    load: async () => store.value,
    save: async (s: Settings) => {
      store.saves++;
      store.value = s;
    },
  };
  return store;
}

/** What a file holds: JSON has no undefined and no -0, and key order does not matter. */
const asJson = (x: unknown) => JSON.parse(JSON.stringify(x));

async function dump(db: Db) {
  return {
    accounts: await db.getAll('accounts'),
    scans: await db.getAll('scans'),
    sessions: await db.getAll('sessions'),
    logins: await db.getAll('logins'),
    warnings: await db.getAll('warnings'),
  };
}

let db: Db;
beforeEach(async () => {
  db = await open();
});
afterEach(() => db.close());

describe('export → import is lossless', () => {
  test('property: any stored data survives export, JSON, import and export again', async () => {
    await fc.assert(
      fc.asyncProperty(storedDataArb, async ({ settings, ...rows }) => {
        const source = await open();
        const target = await open();
        try {
          await seedDb(source, rows);
          const file = JSON.stringify(await exportBackup(source, settings, 1, '0.1.0'));
          // Something already in the target must be replaced, not merged.
          await seedDb(target, { ...rows, accounts: [{ ...rows.accounts[0]!, id: 'stale:account' }] });
          const store = memorySettings();
          await importBackup(target, file, store);
          // Scans are renumbered 1…n, oldest first (a file's ids never reach the key generator); all else is equal.
          const expected = await dump(source);
          expected.scans = renumberScans(expected.scans);
          expect(asJson(await dump(target))).toEqual(asJson(expected));
          expect(store.value).toEqual(asJson(settings));
          const again = JSON.parse(file);
          again.scans = renumberScans(again.scans);
          expect(asJson(await exportBackup(target, store.value, 1, '0.1.0'))).toEqual(again);
        } finally {
          source.close();
          target.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a realistic month of scans round-trips', async () => {
    const backup = await realisticBackup(db);
    expect(backup.sessions.length).toBeGreaterThan(2);
    expect(backup.logins.length).toBeGreaterThan(20);
    expect(backup.warnings.length).toBeGreaterThan(0);
    const target = await open();
    const store = memorySettings();
    const counts = await importBackup(target, JSON.stringify(backup), store);
    expect(counts).toEqual({
      accounts: 2,
      scans: backup.scans.length,
      sessions: backup.sessions.length,
      logins: backup.logins.length,
      warnings: backup.warnings.length,
    });
    expect(asJson(await exportBackup(target, store.value, backup.exportedAt, '0.1.0'))).toEqual(asJson(backup));
    // The overview reads per-account summaries, not rows: an import rebuilds them, so the popup shows what came in.
    const summaries = await allSummaries(target);
    expect(summaries.map((x) => x.accountId).sort()).toEqual(backup.accounts.map((a) => a.id).sort());
    const live = backup.sessions.filter((x) => x.goneAt === undefined);
    expect(summaries.flatMap((x) => x.sessions).filter((x) => x.goneAt === undefined)).toHaveLength(live.length);
    expect(summaries.flatMap((x) => x.warnings).length).toBe(
      backup.warnings.filter((w) => w.state !== 'resolved').length,
    );
    target.close();
  });
});

describe("the address value is the worker's own", () => {
  test('export leaves it out, import works it out from the text, and a file that sets it is refused whole', async () => {
    const backup = await realisticBackup(db);
    expect(backup.logins.some((l) => l.ip && /^\d+\.\d+\.\d+\.\d+$/.test(l.ip))).toBe(true);
    expect((await db.getAll('logins')).some((l) => l.ipValue !== undefined)).toBe(true);
    expect(backup.logins.some((l) => 'ipValue' in l)).toBe(false);
    const target = await open();
    await importBackup(target, JSON.stringify(backup), memorySettings());
    const stored = await target.getAll('logins');
    expect(stored).toHaveLength(backup.logins.length);
    for (const l of stored) expect(l).toEqual(withAddressValue(withoutAddressValue(structuredClone(l))));
    // A file claiming another address's value for its rows (a stranger's server made to look like home).
    const forged = { ...backup, logins: backup.logins.map((l) => ({ ...l, ipValue: 0x0a000001 })) };
    const other = await open();
    await expect(importBackup(other, JSON.stringify(forged), memorySettings())).rejects.toThrow();
    expect(await other.count('logins')).toBe(0);
    target.close();
    other.close();
  });
});

describe('import is validated and all-or-nothing', () => {
  async function existing(): Promise<{ backup: Backup; store: ReturnType<typeof memorySettings> }> {
    const backup = await realisticBackup(db);
    const store = memorySettings(backup.settings);
    return { backup, store };
  }

  function broken(backup: Backup, change: (b: Record<string, unknown> & Backup) => void): string {
    const copy = structuredClone(backup) as Record<string, unknown> & Backup;
    change(copy);
    return JSON.stringify(copy);
  }

  test.each<[string, (b: Record<string, unknown> & Backup) => void, string]>([
    [
      'a number where an IP belongs',
      (b) => {
        (b.sessions[1] as Record<string, unknown>).ip = 42;
      },
      'sessions[1].ip: expected string',
    ],
    [
      'an unknown field inside a login',
      (b) => {
        (b.logins[2] as Record<string, unknown>).password = 'x';
      },
      'logins[2].password: unknown field',
    ],
    [
      'a bad severity',
      (b) => {
        (b.warnings[0] as Record<string, unknown>).severity = 'urgent';
      },
      'warnings[0].severity: expected "high" or "medium" or "low"',
    ],
    [
      'a threshold of the wrong type',
      (b) => {
        (b.settings.thresholds as Record<string, unknown>).maxActiveSessions = '5';
      },
      'settings.thresholds.maxActiveSessions: expected number',
    ],
    [
      'a session of an account the file does not hold',
      (b) => {
        b.sessions[0]!.accountId = 'ghost:1';
      },
      'sessions[0].accountId: no such account in accounts',
    ],
    [
      'two logins with one key',
      (b) => {
        b.logins[3]!.key = b.logins[1]!.key;
      },
      'logins[3]: duplicate key',
    ],
    ['a missing store', (b) => void delete (b as Record<string, unknown>).scans, 'scans: expected array'],
    [
      'a newer version',
      (b) => {
        b.version = 3;
      },
      'version: 3 is newer than this extension reads (2)',
    ],
    [
      'another format',
      (b) => {
        b.format = 'other' as typeof BACKUP_FORMAT;
      },
      'format: expected',
    ],
  ])('%s is refused with the path of the field, changing nothing', async (_label, change, error) => {
    const { backup, store } = await existing();
    const before = await dump(db);
    await expect(importBackup(db, broken(backup, change), store)).rejects.toThrow(error);
    expect(await dump(db)).toEqual(before);
    expect(store.saves).toBe(0);
  });

  test('not JSON, and a file over 50 MB, are refused before parsing', async () => {
    const store = memorySettings();
    await expect(importBackup(db, '{"format":', store)).rejects.toThrow(/^Not a JSON file/);
    const parse = vi.spyOn(JSON, 'parse');
    await expect(importBackup(db, ' '.repeat(50 * 1024 * 1024 + 1), store)).rejects.toThrow('over 50 MB');
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  });

  test('a backup written before a settings field existed takes that field’s default', async () => {
    const { backup, store } = await existing();
    const old = broken(backup, (b) => {
      delete (b.settings as Partial<Settings>).customSites;
    });
    await importBackup(db, old, store);
    expect(store.value.customSites).toEqual([]);
  });

  test('a write that fails midway leaves the database and the settings as they were', async () => {
    const { backup, store } = await existing();
    const next = structuredClone(backup);
    next.settings = { ...next.settings, retentionDays: 30 };
    next.logins[5]!.device = 'quota breaker';
    const before = await dump(db);
    const settingsBefore = store.value;
    const realPut = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      value: unknown,
      key?: IDBValidKey,
    ) {
      if ((value as { device?: string }).device === 'quota breaker')
        throw new DOMException('The quota was exceeded', 'QuotaExceededError');
      return realPut.call(this, value, key);
    });
    try {
      await expect(importBackup(db, JSON.stringify(next), store)).rejects.toThrow(
        /nothing was changed \(The quota was exceeded\)/,
      );
    } finally {
      spy.mockRestore();
    }
    expect(await dump(db)).toEqual(before);
    expect(store.value).toEqual(settingsBefore);
  });
});

describe('a backup cannot break storage', () => {
  const scan = (accountId: string, at: number) => ({
    accountId,
    at,
    url: 'https://www.binance.com/en/my/security/device-management',
    sessionCount: 0,
    loginCount: 0,
    newSessionKeys: [],
    goneSessionKeys: [],
  });

  test('a scan id at the top of the key range is renumbered: the next scan is still stored', async () => {
    const backup = await realisticBackup(db);
    const crafted = structuredClone(backup);
    crafted.scans[0]!.id = Number.MAX_SAFE_INTEGER;
    const target = await open();
    await importBackup(target, JSON.stringify(crafted), memorySettings());
    expect((await target.getAllKeys('scans')).sort((a, b) => a - b)).toEqual(crafted.scans.map((_, i) => i + 1));
    // Before: ConstraintError here, on every scan after such an import.
    expect(await target.add('scans', scan(backup.accounts[0]!.id, Date.UTC(2026, 4, 1)))).toBe(
      crafted.scans.length + 1,
    );
    target.close();
  });

  test('wipe recreates the database: a key generator pushed to the top is reset', async () => {
    const name = `backup-wipe-${n++}`;
    let current = await openDatabase(name);
    await current.put('scans', { ...scan('a', 1), id: 2 ** 53 });
    await expect(current.add('scans', scan('a', 2))).rejects.toThrow();
    await wipeAll(current, memorySettings(), async () => {
      current.close();
      await new Promise<void>((resolve, reject) => {
        const r = indexedDB.deleteDatabase(name);
        r.onsuccess = () => resolve();
        r.onerror = () => reject(r.error);
      });
      current = await openDatabase(name);
      return current;
    });
    expect(await current.add('scans', scan('a', 3))).toBe(1);
    current.close();
  });

  test('a worker stopped after the data committed: its settings are written when it starts again', async () => {
    const backup = await realisticBackup(db);
    const next = structuredClone(backup);
    next.settings = { ...next.settings, retentionDays: 45 };
    const target = await open();
    const dying: SettingsAccess = {
      load: async () => defaultSettings(),
      save: async () => {
        throw new Error('worker stopped');
      },
    };
    await expect(importBackup(target, JSON.stringify(next), dying)).rejects.toThrow('worker stopped');
    expect(await target.count('accounts')).toBe(2);
    // The next start: storage.local gets the settings that came with the data, once.
    const store = memorySettings();
    expect(await finishPendingSettings(target, store.save)).toBe(true);
    expect(store.value.retentionDays).toBe(45);
    expect(await finishPendingSettings(target, store.save)).toBe(false);
    expect(store.saves).toBe(1);
    target.close();
  });
});

describe('merge', () => {
  test('merging a file joins both histories by key; merging it again changes nothing', async () => {
    const backup = await realisticBackup(db);
    const other = structuredClone(backup);
    other.accounts = other.accounts.map((a) => ({ ...a, lastScanAt: a.lastScanAt + 1000, scanCount: 1 }));
    other.logins = other.logins.slice(0, 3).map((l, i) => ({ ...l, key: `from-laptop-${i}` }));
    other.settings = {
      ...other.settings,
      trustedDevices: [{ id: 'laptop', name: 'Laptop', os: 'Linux', createdAt: 5 }],
      retentionDays: 7,
      blocklist: ['198.51.100.7'],
    };
    const store = memorySettings(backup.settings);
    await importBackup(db, JSON.stringify(other), store, 'merge');
    const once = await exportBackup(db, store.value, 1, '0.1.0');
    expect(once.logins).toHaveLength(backup.logins.length + 3);
    expect(once.accounts.map((a) => a.lastScanAt)).toEqual(backup.accounts.map((a) => a.lastScanAt + 1000));
    expect(once.accounts.map((a) => a.scanCount)).toEqual(backup.accounts.map((a) => a.scanCount));
    expect(store.value.trustedDevices.map((d) => d.id)).toEqual([
      ...backup.settings.trustedDevices.map((d) => d.id),
      'laptop',
    ]);
    expect(store.value.retentionDays).toBe(backup.settings.retentionDays);
    expect(store.value.blocklist).toContain('198.51.100.7');
    await importBackup(db, JSON.stringify(other), store, 'merge');
    expect(await exportBackup(db, store.value, 1, '0.1.0')).toEqual(once);
  });

  test('property: merging is idempotent, and a history merged with itself is unchanged', () => {
    fc.assert(
      fc.property(storedDataArb, storedDataArb, ({ settings: sa, ...a }, { settings: sb, ...b }) => {
        const x: Backup = {
          format: 'session-watchdog-backup',
          version: 1,
          exportedAt: 1,
          appVersion: '',
          apiKeys: [],
          apiCalls: [],
          whitelist: [],
          actions: [],
          ...a,
          settings: sa,
        };
        const y: Backup = { ...x, ...b, settings: sb };
        const once = mergeBackups(x, y);
        expect(mergeBackups(once, y)).toEqual(once);
        expect(mergeBackups(once, x)).toEqual(once);
      }),
      { numRuns: 100 },
    );
  });

  test('a merge whose union is over a cap is refused whole, naming the field', async () => {
    const backup = await realisticBackup(db);
    const store = memorySettings({
      ...backup.settings,
      blocklist: Array.from({ length: 999 }, (_, i) => `10.0.${i >> 8}.${i & 255}`),
    });
    const other = structuredClone(backup);
    other.settings = { ...other.settings, blocklist: ['192.0.2.1', '192.0.2.2'] };
    const before = await dump(db);
    await expect(importBackup(db, JSON.stringify(other), store, 'merge')).rejects.toThrow(
      'settings.blocklist: more than 1000 items',
    );
    expect(await dump(db)).toEqual(before);
    expect(store.saves).toBe(0);
  });
});

describe('wipe', () => {
  test('clears every store and puts the settings back to defaults', async () => {
    const backup = await realisticBackup(db);
    const store = memorySettings({ ...backup.settings, retentionDays: 90 });
    await wipeAll(db, store);
    expect(await dump(db)).toEqual({ accounts: [], scans: [], sessions: [], logins: [], warnings: [] });
    expect(await allSummaries(db)).toEqual([]);
    expect(await db.count('meta')).toBe(0);
    expect(store.value).toEqual(defaultSettings());
  });
});

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('login history as CSV', () => {
  const hostile = [
    "=cmd|' /C calc'!A0",
    '+1+1',
    '-2+3',
    '@SUM(1,1)',
    '\t=1+1',
    '\r=1+1',
    'Chrome "quoted", with comma',
    'Fire\u202Efox\u200B on Linux',
    '\u200B=HYPERLINK("http://evil.example")',
    'line\nbreak',
  ];

  async function seedHostile(): Promise<void> {
    await seedDb(db, {
      accounts: [
        { id: 'binance:1', siteId: 'binance', hint: '1', firstScanAt: 0, lastScanAt: 0, scanCount: 1 },
        { id: 'kraken:2', siteId: 'kraken', hint: '2', firstScanAt: 0, lastScanAt: 0, scanCount: 1 },
      ],
      scans: [],
      sessions: [],
      warnings: [],
      logins: [
        ...hostile.map((device, i) => ({
          key: `k${i}`,
          accountId: 'binance:1',
          time: Date.UTC(2026, 3, 1, i),
          device,
          ip: '203.0.113.7',
          location: i === 0 ? '=1+2' : 'London, United Kingdom',
          outcome: 'success' as const,
          firstObservedAt: Date.UTC(2026, 3, 2),
        })),
        { key: 'other', accountId: 'kraken:2', device: 'Safari', firstObservedAt: 0, isFromBackgroundCheck: true },
      ],
    });
  }

  test('formulas are neutralised, quotes doubled, invisible controls removed', async () => {
    await seedHostile();
    const { csv, rowCount } = await exportLoginCsv(db, 'binance:1');
    expect(rowCount).toBe(hostile.length);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'account,time (UTC),outcome,ip,location,device,second factor,kind,user agent,first observed (UTC),seen by',
    );
    expect(lines[1]).toBe(
      "binance:1,2026-04-01T00:00:00.000Z,success,203.0.113.7,'=1+2,'=cmd|' /C calc'!A0,,,,2026-04-02T00:00:00.000Z,visit",
    );
    const rows = parseCsv(csv);
    expect(rows.every((r) => r.length === 11)).toBe(true);
    expect(rows.slice(1).map((r) => r[5])).toEqual([
      "'=cmd|' /C calc'!A0",
      "'+1+1",
      "'-2+3",
      "'@SUM(1,1)",
      "'\t=1+1",
      "'\r=1+1",
      'Chrome "quoted", with comma',
      'Firefox on Linux',
      '\'=HYPERLINK("http://evil.example")',
      'line\nbreak',
    ]);
    expect(rows[1]?.[4]).toBe("'=1+2");
    expect(csv).not.toMatch(/[\u200B\u202E]/);
    // No cell a spreadsheet would evaluate is left.
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  test('all accounts, or an unknown account refused', async () => {
    await seedHostile();
    const all = await exportLoginCsv(db, undefined);
    expect(all.rowCount).toBe(hostile.length + 1);
    expect(all.csv).toContain('\r\nkraken:2,,,,,Safari,,,,1970-01-01T00:00:00.000Z,background check\r\n');
    await expect(exportLoginCsv(db, 'nobody:0')).rejects.toThrow('Unknown account');
  });
});

describe("the user's recorded actions travel with the backup", () => {
  test('exported, restored by Replace (which drops what was there), merged once however often', async () => {
    const db = await open();
    const settings = memorySettings();
    await realisticBackup(db);
    const accountId = (await db.getAll('accounts'))[0]!.id;
    await recordActions(db, [
      { accountId, at: 10, kind: 'logOutAllOpened' },
      { accountId, at: 20, kind: 'stepTicked', step: 'logout' },
      { accountId, at: 30, kind: 'signOutOpened', device: 'Firefox', ip: '45.77.12.9' },
    ]);
    const file = JSON.stringify(await exportBackup(db, settings.value, 1, '0.1.0'));
    expect(JSON.parse(file).actions).toHaveLength(3);

    // Something recorded after the backup is gone after a Replace; the file's actions are back, in order.
    await recordActions(db, [{ accountId, at: 40, kind: 'stepTicked', step: 'password' }]);
    await importBackup(db, file, settings, 'replace', 2);
    expect((await actionsOfAccount(db, accountId)).map((a) => a.at)).toEqual([10, 20, 30]);

    // Merging the same file (twice) adds nothing; another browser's action joins in time order.
    await importBackup(db, file, settings, 'merge', 3);
    await importBackup(db, file, settings, 'merge', 4);
    expect((await actionsOfAccount(db, accountId)).map((a) => a.at)).toEqual([10, 20, 30]);
    const other = JSON.parse(file);
    other.actions = [{ accountId, at: 25, kind: 'stepTicked', step: 'twoFactor' }];
    await importBackup(db, JSON.stringify(other), settings, 'merge', 5);
    expect((await actionsOfAccount(db, accountId)).map((a) => a.at)).toEqual([10, 20, 25, 30]);

    // An action of an account the file does not hold is refused whole, by its path.
    const stray = JSON.parse(file);
    stray.actions = [{ accountId: 'nowhere:1', at: 1, kind: 'logOutAllOpened' }];
    await expect(importBackup(db, JSON.stringify(stray), settings, 'replace', 6)).rejects.toThrow(/actions\[0\]/);
    expect(await actionsOfAccount(db, accountId)).toHaveLength(4);
    db.close();
  });

  test('a backup from before actions were kept loads with none', async () => {
    const db = await open();
    const settings = memorySettings();
    await realisticBackup(db);
    const file = JSON.parse(JSON.stringify(await exportBackup(db, settings.value, 1, '0.1.0')));
    delete file.actions;
    await importBackup(db, JSON.stringify(file), settings, 'replace', 2);
    expect((await readAllRows(db)).actions).toEqual([]);
    db.close();
  });
});
