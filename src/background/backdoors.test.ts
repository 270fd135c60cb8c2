import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ExtractedApiKey, ExtractedScan } from '../core/types';
import type { Answer } from '../shared/answers';
import { defaultSettings, type Settings } from '../shared/settings';
import { pruneBackdoors } from './backdoor-retention';
import { exportBackup, importBackup, wipeAll } from './backup-service';
import { type Db, openDatabase, readAllRows, warningsOf } from './db';
import { handleMessage, type Services } from './handlers';
import { recordScan, reevaluateAll } from './scan-service';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 3, 14, 15);
const URL = 'https://www.binance.com/en/my/settings/api-management';
const FULL_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const FULL_ADDRESS = 'TXk89fa2c3Wq11Pz0aZqLLm3Qx7Vd2Rt9P';

let db: Db;
let settings: Settings;
let n = 0;
beforeEach(async () => {
  db = await openDatabase(`backdoors-${n++}`);
  settings = defaultSettings();
});
afterEach(() => db.close());

const bot: ExtractedApiKey = {
  label: 'Trading Bot',
  keyText: 'abcd****wxyz',
  permissions: ['read', 'trade'],
  ipRestriction: ['81.2.69.0/24'],
  createdAt: T0 - 90 * DAY,
};
const scanOf = (at: number, s: Partial<ExtractedScan>): ExtractedScan => ({
  url: URL,
  scannedAt: at,
  accountHint: 'UID 1',
  hasSessionList: false,
  hasLoginList: false,
  sessions: [],
  logins: [],
  ...s,
});

describe('the worker keeps keys, calls and addresses as history and judges them', () => {
  test('a key with withdraw rights and a call from an unknown network between two visits: one high incident', async () => {
    await recordScan(
      db,
      'binance',
      scanOf(T0, {
        hasApiKeyList: true,
        apiKeys: [bot],
        hasApiCallList: true,
        apiCalls: [{ time: T0 - DAY, keyText: 'Trading Bot', ip: '81.2.69.142', action: 'order' }],
        hasWhitelist: true,
        whitelist: [],
      }),
      settings,
      T0,
    );
    expect((await warningsOf(db, 'binance:UID 1')).filter((w) => w.state === 'open')).toEqual([]);

    const later = T0 + DAY;
    const stranger: ExtractedApiKey = {
      label: 'helper',
      keyText: FULL_KEY,
      permissions: ['read', 'withdraw'],
      unrestricted: true,
      createdAt: later - 3_600_000,
    };
    const result = await recordScan(
      db,
      'binance',
      scanOf(later, {
        hasApiKeyList: true,
        apiKeys: [bot, stranger],
        hasApiCallList: true,
        apiCalls: [
          { time: T0 - DAY, keyText: 'Trading Bot', ip: '81.2.69.142', action: 'order' },
          { time: later - 60_000, keyText: FULL_KEY, ip: '102.89.0.1', action: 'withdraw' },
        ],
        hasWhitelist: true,
        whitelist: [],
      }),
      settings,
      later,
    );
    const open = (await warningsOf(db, 'binance:UID 1')).filter((w) => w.state === 'open');
    const high = open.filter((w) => w.severity === 'high');
    expect(high).toHaveLength(1);
    expect((high[0]?.reasons ?? []).map((r) => r.rule).sort()).toEqual([
      'api-call-unknown-network',
      'api-key-withdraw',
      'new-api-key',
    ]);
    expect(result.raised.map((w) => w.severity)).toContain('high');
    // Nothing secret is stored: the full key is kept as its first and last four characters and a keyed hash.
    const rows = await readAllRows(db);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(FULL_KEY);
    expect(rows.apiKeys.map((k) => k.masked).sort()).toEqual(['ab…yz', 'vmPU…Eh8A']);
    expect(rows.apiKeys.every((k) => /^[0-9a-f]{64}$/.test(k.keyHash))).toBe(true);
    expect(rows.apiCalls).toHaveLength(2);
    expect(rows.identitySecret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    // Judging everything again (settings changed, the audit) finds the same.
    await reevaluateAll(db, settings, later);
    expect(
      (await warningsOf(db, 'binance:UID 1')).filter((w) => w.state === 'open' && w.severity === 'high'),
    ).toHaveLength(1);
  });

  test('a key the next list lacks is deleted, and its findings resolve', async () => {
    const risky: ExtractedApiKey = { label: 'Old', keyText: 'zzzz****yyyy', permissions: ['withdraw'] };
    await recordScan(db, 'binance', scanOf(T0, { hasApiKeyList: true, apiKeys: [risky] }), settings, T0);
    expect((await warningsOf(db, 'binance:UID 1')).map((w) => [w.rule, w.state])).toEqual([
      ['api-key-withdraw', 'open'],
    ]);
    await recordScan(db, 'binance', scanOf(T0 + DAY, { hasApiKeyList: true, apiKeys: [] }), settings, T0 + DAY);
    expect((await readAllRows(db)).apiKeys[0]?.deletedAt).toBe(T0 + DAY);
    expect((await warningsOf(db, 'binance:UID 1')).map((w) => [w.rule, w.state])).toEqual([
      ['api-key-withdraw', 'resolved'],
    ]);
  });

  test('a withdrawal address added since the last visit is high; the address itself is never stored', async () => {
    const scan = (at: number, addresses: string[]) =>
      scanOf(at, {
        hasWhitelist: true,
        whitelist: addresses.map((addressText) => ({ addressText, coin: 'USDT', network: 'TRC20' })),
      });
    await recordScan(db, 'binance', scan(T0, []), settings, T0);
    await recordScan(db, 'binance', scan(T0 + DAY, [FULL_ADDRESS]), settings, T0 + DAY);
    const open = (await warningsOf(db, 'binance:UID 1')).filter((w) => w.state === 'open');
    expect(open.map((w) => [w.rule, w.severity])).toEqual([['new-whitelist-address', 'high']]);
    expect(JSON.stringify(await readAllRows(db))).not.toContain(FULL_ADDRESS);
  });

  test('the same key text hashes alike on every visit, and differently under another install', async () => {
    const scan = (at: number) => scanOf(at, { hasApiKeyList: true, apiKeys: [bot] });
    await recordScan(db, 'binance', scan(T0), settings, T0);
    await recordScan(db, 'binance', scan(T0 + DAY), settings, T0 + DAY);
    const rows = (await readAllRows(db)).apiKeys;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ firstSeenAt: T0, lastSeenAt: T0 + DAY });
    const other = await openDatabase(`backdoors-other-${n++}`);
    await recordScan(other, 'binance', scan(T0), settings, T0);
    expect((await readAllRows(other)).apiKeys[0]?.keyHash).not.toBe(rows[0]?.keyHash);
    other.close();
  });
});

describe('backups carry keys, calls and whitelist entries', () => {
  test('export then import into a fresh install: the same rows, and the next visit recognises the same key', async () => {
    const scan = (at: number) =>
      scanOf(at, {
        hasApiKeyList: true,
        apiKeys: [bot],
        hasApiCallList: true,
        apiCalls: [{ time: T0, keyText: 'Trading Bot', ip: '81.2.69.142' }],
        hasWhitelist: true,
        whitelist: [{ addressText: FULL_ADDRESS, coin: 'USDT' }],
      });
    await recordScan(db, 'binance', scan(T0), settings, T0);
    const backup = await exportBackup(db, settings, T0, '0.1.0');
    expect(backup.version).toBe(2);
    expect([backup.apiKeys.length, backup.apiCalls.length, backup.whitelist.length]).toEqual([1, 1, 1]);
    expect(JSON.stringify(backup)).not.toContain(FULL_ADDRESS);
    const fresh = await openDatabase(`backdoors-restored-${n++}`);
    const store = {
      value: settings,
      load: async () => store.value,
      save: async (s: Settings) => {
        store.value = s;
      },
    };
    await importBackup(fresh, JSON.stringify(backup), store, 'replace');
    const restored = await readAllRows(fresh);
    expect(restored.apiKeys).toEqual((await readAllRows(db)).apiKeys);
    // The restored secret keys the hashes: the same key on the next visit is the same record, not a new key.
    await recordScan(fresh, 'binance', scan(T0 + DAY), settings, T0 + DAY);
    expect((await readAllRows(fresh)).apiKeys.map((k) => [k.firstSeenAt, k.lastSeenAt])).toEqual([[T0, T0 + DAY]]);
    expect((await warningsOf(fresh, 'binance:UID 1')).filter((w) => w.state === 'open')).toEqual([]);
    fresh.close();
  });

  test('a version 1 backup, from before keys were kept, still imports', async () => {
    await recordScan(
      db,
      'binance',
      scanOf(T0, { hasSessionList: true, sessions: [{ device: 'Chrome', isCurrent: true }] }),
      settings,
      T0,
    );
    const {
      apiKeys: _k,
      apiCalls: _c,
      whitelist: _w,
      identitySecret: _s,
      ...v1
    } = await exportBackup(db, settings, T0, '0.1.0');
    const fresh = await openDatabase(`backdoors-v1-${n++}`);
    const store = {
      value: settings,
      load: async () => store.value,
      save: async (s: Settings) => {
        store.value = s;
      },
    };
    const counts = await importBackup(fresh, JSON.stringify({ ...v1, version: 1 }), store, 'replace');
    expect(counts.accounts).toBe(1);
    expect((await readAllRows(fresh)).apiKeys).toEqual([]);
    fresh.close();
  });

  test('wiping everything removes keys, calls, addresses and the secret', async () => {
    await recordScan(db, 'binance', scanOf(T0, { hasApiKeyList: true, apiKeys: [bot] }), settings, T0);
    const store = { load: async () => settings, save: async () => undefined };
    await wipeAll(db, store, undefined, T0);
    const rows = await readAllRows(db);
    expect([rows.apiKeys.length, rows.identitySecret]).toEqual([0, undefined]);
  });
});

describe('"I added it"', () => {
  const ORIGIN = 'chrome-extension://ext-id/';
  const PAGE = { id: 'ext-id', url: `${ORIGIN}popup/index.html` };
  let answers: Answer[] = [];
  const services = (now: number): Services =>
    completeServices({
      db: async () => db,
      settings: async () => settings,
      saveSettings: async (next) => {
        settings = next;
      },
      answers: {
        load: async () => answers,
        save: async (next) => {
          answers = next;
        },
      },
      now: () => now,
      refreshBadge: async () => undefined,
      onRaised: async () => undefined,
      identity: { id: 'ext-id', origin: ORIGIN },
      words: englishWords,
    });
  const send = async <T>(type: string, payload: unknown, now: number): Promise<T> => {
    const r = await handleMessage({ type, payload }, PAGE, services(now));
    if (!r.ok) throw new Error(r.error);
    return r.value as T;
  };

  test("confirms the incident's key and address: their findings resolve, and undo brings them back", async () => {
    answers = [];
    const lists = (at: number, keys: ExtractedApiKey[], addresses: string[]) =>
      scanOf(at, {
        hasApiKeyList: true,
        apiKeys: keys,
        hasWhitelist: true,
        whitelist: addresses.map((addressText) => ({ addressText, coin: 'BTC' })),
      });
    await recordScan(db, 'binance', lists(T0, [], []), settings, T0);
    const mine: ExtractedApiKey = { label: 'New bot', keyText: 'qqqq****rrrr', permissions: ['read'] };
    await recordScan(db, 'binance', lists(T0 + DAY, [mine], [FULL_ADDRESS]), settings, T0 + DAY);
    const open = () => warningsOf(db, 'binance:UID 1').then((ws) => ws.filter((w) => w.state === 'open'));
    const before = await open();
    expect(before.map((w) => w.rule).sort()).toEqual(['new-api-key', 'new-whitelist-address']);
    const key = before.find((w) => w.rule === 'new-api-key') as (typeof before)[number];
    const r = await send<{ answerId: string; openWarnings: number }>(
      'answerIncident',
      { warningIds: [key.id], answer: 'mine' },
      T0 + DAY,
    );
    expect(r.openWarnings).toBe(1);
    expect((await readAllRows(db)).apiKeys[0]?.confirmedAt).toBe(T0 + DAY);
    // The next visit keeps the confirmation: the key stays quiet.
    await recordScan(db, 'binance', lists(T0 + 2 * DAY, [mine], [FULL_ADDRESS]), settings, T0 + 2 * DAY);
    expect((await open()).map((w) => w.rule)).toEqual(['new-whitelist-address']);
    await send('undoAnswer', { answerId: r.answerId }, T0 + 2 * DAY);
    expect((await readAllRows(db)).apiKeys[0]?.confirmedAt).toBeUndefined();
    expect((await open()).map((w) => w.rule).sort()).toEqual(['new-api-key', 'new-whitelist-address']);
  });
});

describe('"Delete this key"', () => {
  test('opens the API page and has the guide outline that key’s row by its label and masked ends', async () => {
    await recordScan(
      db,
      'binance',
      scanOf(T0, {
        hasApiKeyList: true,
        apiKeys: [{ label: 'sync', keyText: 'Q3kd81XZpa…Wm2sE0c7', permissions: ['withdraw'] }],
      }),
      settings,
      T0,
    );
    const keyId = (await readAllRows(db)).apiKeys[0]?.id as string;
    const remembered: unknown[] = [];
    const sites = {
      openTab: async () => 7,
      remember: async (_tab: number, g: unknown) => void remembered.push(g),
      recall: async () => undefined,
      forget: async () => undefined,
      syncContentScripts: async () => [],
      activeTab: async () => undefined,
      injectContentScript: async () => undefined,
      showGuide: async () => undefined,
    };
    const ORIGIN = 'chrome-extension://ext-id/';
    const r = await handleMessage(
      { type: 'openDevicesPage', payload: { accountId: 'binance:UID 1', apiKeyId: keyId } },
      { id: 'ext-id', url: `${ORIGIN}popup/index.html` },
      completeServices({
        db: async () => db,
        settings: async () => settings,
        now: () => T0,
        refreshBadge: async () => undefined,
        onRaised: async () => undefined,
        identity: { id: 'ext-id', origin: ORIGIN },
        words: englishWords,
        sites,
      }),
    );
    expect(r).toEqual({ ok: true, value: { url: URL } });
    expect(remembered).toEqual([{ url: URL, siteName: 'Binance', at: T0, row: { texts: ['sync', 'Q3kd', 'E0c7'] } }]);
  });
});

describe('retention', () => {
  test('calls older than the retention are deleted and a log still listing them does not bring them back; live keys stay', async () => {
    const scan = (at: number) =>
      scanOf(at, {
        hasApiKeyList: true,
        apiKeys: [bot],
        hasApiCallList: true,
        apiCalls: [
          { time: T0 - 100 * DAY, keyText: 'Trading Bot', ip: '81.2.69.142', action: 'order' },
          { time: T0 - DAY, keyText: 'Trading Bot', ip: '81.2.69.142', action: 'order' },
        ],
      });
    await recordScan(db, 'binance', scan(T0), { ...settings, retentionDays: 0 }, T0);
    expect((await readAllRows(db)).apiCalls).toHaveLength(2);
    await recordScan(db, 'binance', scan(T0 + DAY), { ...settings, retentionDays: 30 }, T0 + DAY);
    const rows = await readAllRows(db);
    expect(rows.apiCalls.map((c) => c.time)).toEqual([T0 - DAY]);
    expect(rows.apiKeys).toHaveLength(1);
  });

  test('the oldest calls beyond the cap go', async () => {
    const calls = Array.from({ length: 12 }, (_, i) => ({
      time: T0 - i * 60_000,
      keyText: 'Trading Bot',
      ip: `81.2.69.${i}`,
    }));
    await recordScan(db, 'binance', scanOf(T0, { hasApiCallList: true, apiCalls: calls }), settings, T0);
    expect(await pruneBackdoors(db, 'binance:UID 1', 0, T0, 10)).toBe(2);
    const kept = (await readAllRows(db)).apiCalls.map((c) => c.time ?? 0).sort((a, b) => a - b);
    expect(kept[0]).toBe(T0 - 9 * 60_000);
  });
});
