import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderReason, setCatalog } from '../ui/i18n';
import { ACCOUNT_ROW_CAPS, backupJsonSchemaText, formatPath, MAX_STORED_ACCOUNTS, parseBackup } from './backup';
import { defaultSettings } from './settings';
import { ENGLISH_ERRORS } from './zod-issue';

describe('docs/export.schema.json', () => {
  test('is the JSON Schema of the current backup schema (run `npm run gen-schema` or the build when this fails)', () => {
    const committed = readFileSync(new URL('../../docs/export.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(backupJsonSchemaText());
  });

  test('names every store and setting the backup holds', () => {
    const schema = JSON.parse(backupJsonSchemaText());
    expect(schema.required).toEqual(
      expect.arrayContaining(['accounts', 'scans', 'sessions', 'logins', 'warnings', 'settings']),
    );
    expect(Object.keys(schema.properties.settings.properties)).toEqual(
      expect.arrayContaining([
        'trustedDevices',
        'schedules',
        'blocklist',
        'thresholds',
        'customSites',
        'retentionDays',
      ]),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('paths in error messages', () => {
  test.each([
    [['sessions', 3, 'ip'], 'sessions[3].ip'],
    [['settings', 'thresholds', 'maxActiveSessions'], 'settings.thresholds.maxActiveSessions'],
    [['scans', 0, 'newSessionKeys', 2], 'scans[0].newSessionKeys[2]'],
    [[], '(root)'],
  ])('%j → %s', (path, text) => expect(formatPath(path)).toBe(text));

  test.each([
    ['[]', '(root): expected object'],
    ['null', '(root): expected object'],
    ['{"format":"session-watchdog-backup","version":1}', 'exportedAt: expected number'],
  ])('%s', (text, error) =>
    expect(parseBackup(text)).toEqual({ ok: false, error: expect.stringContaining(error), message: expect.anything() }),
  );
});

describe('warnings with and without a reason message', () => {
  const warning = {
    id: 'binance:1|unknown-device|k',
    accountId: 'binance:1',
    rule: 'unknown-device',
    subject: 'k',
    severity: 'high',
    reason: 'An unnamed device is signed in and matches none of your trusted devices.',
    evidence: {},
    state: 'open',
    firstRaisedAt: 1,
    lastRaisedAt: 1,
    stateChangedAt: 1,
  };
  const backup = (warnings: object[]) =>
    JSON.stringify({
      format: 'session-watchdog-backup',
      version: 1,
      exportedAt: 1,
      appVersion: '0.1.0',
      accounts: [{ id: 'binance:1', siteId: 'binance', hint: '1', firstScanAt: 1, lastScanAt: 1, scanCount: 1 }],
      scans: [],
      sessions: [],
      logins: [],
      warnings,
      settings: defaultSettings(),
    });

  test('an older backup whose warnings have no message still loads', () => {
    const parsed = parseBackup(backup([warning]));
    expect(parsed).toMatchObject({ ok: true });
  });

  test('a message with a nested phrase loads; a malformed one is refused with its path', () => {
    const message = { key: 'reason_unknownDevice', args: [{ key: 'reason_anUnnamedDevice', args: [] }] };
    expect(parseBackup(backup([{ ...warning, message }]))).toMatchObject({ ok: true });
    expect(parseBackup(backup([{ ...warning, message: { key: 'reason_unknownDevice', args: [42] } }]))).toMatchObject({
      ok: false,
      error: expect.stringContaining('warnings[0].message.args[0]'),
    });
  });
});

describe('import errors in every language', () => {
  const catalog = (l: string): Record<string, { message: string }> =>
    JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'public', '_locales', l, 'messages.json'), 'utf8'));
  test('the English the worker writes is the catalog’s English, key for key', () => {
    const en = catalog('en');
    for (const [key, text] of Object.entries(ENGLISH_ERRORS)) expect(en[key]?.message, key).toBe(text);
  });
  test.each([
    ['[]', '(root)'],
    ['{"format":"x"}', 'format'],
    ['{"format":"session-watchdog-backup","version":99}', 'version'],
    ['{"format":"session-watchdog-backup","version":1}', 'exportedAt'],
  ])('%s is refused with a message naming %s, in Chinese too', (text, path) => {
    const parsed = parseBackup(text);
    if (parsed.ok) throw new Error('parsed');
    expect(parsed.error.startsWith(path)).toBe(true);
    setCatalog('zh_CN', catalog('zh_CN'));
    const zh = renderReason(parsed.message);
    setCatalog('en', {});
    expect(zh?.startsWith(`${path}：`)).toBe(true);
    expect(zh).not.toMatch(/expected|newer|not a|update/);
  });
});

describe('a backup holding more than the extension keeps is refused whole', () => {
  const T = Date.UTC(2026, 0, 1);
  const account = (id: string) => ({ id, siteId: 'binance', hint: id, firstScanAt: T, lastScanAt: T, scanCount: 1 });
  const login = (accountId: string, i: number) => ({
    key: `${accountId}-${i}`,
    accountId,
    device: 'Chrome on Linux',
    ip: '192.0.2.1',
    time: T + i,
    firstObservedAt: T,
  });
  const file = (accounts: string[], loginsEach: number) =>
    JSON.stringify({
      format: 'session-watchdog-backup',
      version: 1,
      exportedAt: T,
      appVersion: '1',
      accounts: accounts.map(account),
      scans: [],
      sessions: [],
      logins: accounts.flatMap((a) => Array.from({ length: loginsEach }, (_, i) => login(a, i))),
      warnings: [],
      settings: defaultSettings(),
    });

  test('every account at its cap imports; one sign-in more than an account keeps refuses the file, naming the cap', () => {
    expect(parseBackup(file(['binance:1', 'binance:2'], ACCOUNT_ROW_CAPS.logins))).toMatchObject({ ok: true });
    const over = parseBackup(file(['binance:1'], ACCOUNT_ROW_CAPS.logins + 1));
    expect(over).toMatchObject({
      ok: false,
      error: 'logins: more than 50000 for account binance:1, more than the extension keeps of one account',
      message: { key: 'importErr_accountCap', args: ['logins', '50000', 'binance:1'] },
    });
  }, 60_000);

  test('more accounts than the extension keeps are refused', () => {
    const ids = Array.from({ length: MAX_STORED_ACCOUNTS + 1 }, (_, i) => `binance:${i}`);
    expect(parseBackup(file(ids, 0))).toMatchObject({ ok: false, error: 'accounts: more than 200 items' });
  });
});
