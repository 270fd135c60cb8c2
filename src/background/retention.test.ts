import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { ExtractedScan } from '../core/types';
import { defaultSettings } from '../shared/settings';
import { type Db, openDatabase, readAllRows } from './db';
import { pruneIfRetentionChanged } from './retention';
import { recordScan } from './scan-service';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 3, 14, 15);

let db: Db;
let n = 0;
beforeEach(async () => {
  db = await openDatabase(`retention-${n++}`);
});
afterEach(() => db.close());

function scanOf(hint: string, devices: string[], loginDaysAgo: number[]): ExtractedScan {
  return {
    url: 'https://www.binance.com/en/my/security/device-management',
    scannedAt: T0,
    accountHint: hint,
    hasSessionList: true,
    hasLoginList: loginDaysAgo.length > 0,
    sessions: devices.map((device, i) => ({ device, ip: `203.0.113.${i}`, isCurrent: i === 0 })),
    logins: loginDaysAgo.map((d, i) => ({
      time: T0 - d * DAY,
      ip: `198.51.100.${i}`,
      device: 'Chrome',
      outcome: 'success',
    })),
  };
}

test('a new retention prunes every account at once; the same retention again does nothing', async () => {
  const settings = defaultSettings();
  expect(settings.retentionDays).toBe(0);
  // Two accounts with two years of history, the first scanned a year and a half ago (its Edge session went then).
  for (const hint of ['UID 1', 'UID 2']) {
    await recordScan(db, 'binance', scanOf(hint, ['Chrome', 'Edge'], [700, 400, 100, 10, 1]), settings, T0 - 540 * DAY);
    await recordScan(db, 'binance', scanOf(hint, ['Chrome'], []), settings, T0 - 500 * DAY);
  }
  expect(await db.count('logins')).toBe(10);
  expect(await db.count('scans')).toBe(4);
  expect(await db.count('sessions')).toBe(2);

  const pruned = await pruneIfRetentionChanged(db, 365, T0);
  expect(pruned).toEqual({ logins: 4, sessions: 2, scans: 4, warnings: expect.any(Number) });
  expect(await db.count('logins')).toBe(6);
  expect(await db.count('scans')).toBe(0);
  // Live sessions are current, not history: both accounts still show their Chrome session.
  expect((await readAllRows(db)).sessions.map((s) => s.device)).toEqual(['Chrome', 'Chrome']);
  // The summaries' recently gone copies went with their rows.
  expect((await db.getAll('summaries')).flatMap((s) => s.sessions).map((s) => s.device)).toEqual(['Chrome', 'Chrome']);

  expect(await pruneIfRetentionChanged(db, 365, T0 + 1000)).toBeUndefined();
  expect(await pruneIfRetentionChanged(db, 30, T0 + 2000)).toMatchObject({ logins: 2 });
  expect(await db.count('logins')).toBe(4);
});
