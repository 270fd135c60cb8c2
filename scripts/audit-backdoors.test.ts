import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { exportBackup } from '../src/background/backup-service';
import { openDatabase } from '../src/background/db';
import { recordScan } from '../src/background/scan-service';
import type { ExtractedApiKey, ExtractedScan } from '../src/core/types';
import { defaultSettings } from '../src/shared/settings';
import { auditBackup } from './audit';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 3, 14, 15);
const FULL_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const settings = defaultSettings();
const bot: ExtractedApiKey = {
  label: 'Trading Bot',
  keyText: 'abcd****wxyz',
  permissions: ['read', 'trade'],
  ipRestriction: ['81.2.69.0/24'],
};
const scanOf = (at: number, s: Partial<ExtractedScan>): ExtractedScan => ({
  url: 'https://www.binance.com/en/my/settings/api-management',
  scannedAt: at,
  accountHint: 'UID 1',
  hasSessionList: false,
  hasLoginList: false,
  sessions: [],
  logins: [],
  ...s,
});

test('npm run audit: the backup of two visits with a new withdrawing key called from an unknown network is one high incident', async () => {
  const db = await openDatabase('audit-backdoors');
  const visit = (at: number, keys: ExtractedApiKey[], calls: ExtractedScan['apiCalls']) =>
    recordScan(
      db,
      'binance',
      scanOf(at, { hasApiKeyList: true, apiKeys: keys, hasApiCallList: true, apiCalls: calls }),
      settings,
      at,
    );
  await visit(T0, [bot], []);
  const stranger: ExtractedApiKey = {
    label: 'helper',
    keyText: FULL_KEY,
    permissions: ['withdraw'],
    unrestricted: true,
  };
  await visit(
    T0 + DAY,
    [bot, stranger],
    [{ time: T0 + DAY - 60_000, keyText: FULL_KEY, ip: '102.89.0.1', action: 'withdraw' }],
  );
  const audit = await auditBackup(JSON.stringify(await exportBackup(db, settings, T0 + DAY, '0.1.0')));
  expect(audit.map((w) => w.severity)).toEqual(['high']);
  expect(audit[0]?.reasons.map((r) => r.rule).sort()).toEqual([
    'api-call-unknown-network',
    'api-key-withdraw',
    'new-api-key',
  ]);
  expect(audit[0]?.reasons.find((r) => r.rule === 'api-call-unknown-network')?.evidence).toMatchObject({
    apiKey: 'helper (vmPU…Eh8A)',
    caller: '102.89.0.1',
  });
});
