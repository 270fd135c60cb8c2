import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { ExtractedScan, StoredLogin } from '../core/types';
import { defaultSettings } from '../shared/settings';
import { type Db, loginRowKey, openDatabase, readAllRows } from './db';
import { pruneAccount, pruneIfRetentionChanged } from './retention';
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

  // The same rows went in both accounts: those older than the limit, and only those.
  const cutoff = T0 - 365 * DAY;
  expect((await db.getAll('logins')).map((l) => [l.accountId, (T0 - (l.time ?? 0)) / DAY])).toEqual([
    ['binance:UID 1', 100],
    ['binance:UID 1', 10],
    ['binance:UID 1', 1],
    ['binance:UID 2', 100],
    ['binance:UID 2', 10],
    ['binance:UID 2', 1],
  ]);
  expect((await db.getAll('logins')).every((l) => (l.time ?? 0) >= cutoff)).toBe(true);

  expect(await pruneIfRetentionChanged(db, 365, T0 + 1000)).toBeUndefined();
  expect(await pruneIfRetentionChanged(db, 30, T0 + 2000)).toMatchObject({ logins: 2 });
  expect(await db.count('logins')).toBe(4);
});

/** Login rows of one account, `times` in days before T0 (undefined: a row whose page showed no time). */
function loginRows(accountId: string, days: (number | undefined)[]): StoredLogin[] {
  return days.map((d, i) => ({
    key: `${accountId}|${i}`,
    accountId,
    device: 'Chrome',
    firstObservedAt: T0,
    time: d === undefined ? undefined : T0 - d * DAY,
  }));
}

async function putLogins(rows: StoredLogin[]): Promise<void> {
  const tx = db.transaction('logins', 'readwrite');
  await Promise.all([...rows.map((r) => tx.store.put(r, loginRowKey(r))), tx.done]);
}

// Every row read and filtered by its field, not through the key range retention deletes by.
const keysOf = async (accountId: string) =>
  (await db.getAll('logins'))
    .filter((l) => l.accountId === accountId)
    .map((l) => l.key)
    .sort();

test('retention deletes exactly the rows older than the limit: not the boundary, not rows without a time', async () => {
  // 'binance:1' sorts right before 'binance:10' and 'binance:1|x': their rows must not fall in its range.
  const mine = loginRows('binance:1', [400, 366, 365, 364, 1, undefined, 900]);
  const others = [
    ...loginRows('binance:10', [900, 1]),
    ...loginRows('binance:1|x', [900]),
    ...loginRows('binance:0', [900]),
  ];
  await putLogins([...mine, ...others]);
  const pruned = await pruneAccount(db, 'binance:1', 365, T0);
  expect(pruned.logins).toBe(3);
  // 400, 366 and 900 days go; exactly 365 days old is not older than the limit; a row without a time stays.
  expect(await keysOf('binance:1')).toEqual(['binance:1|2', 'binance:1|3', 'binance:1|4', 'binance:1|5']);
  for (const id of ['binance:10', 'binance:1|x', 'binance:0']) {
    expect(await keysOf(id)).toEqual(
      others
        .filter((r) => r.accountId === id)
        .map((r) => r.key)
        .sort(),
    );
  }
});

test('over the cap, the oldest rows go first and rows without a time after them; other accounts keep theirs', async () => {
  const caps = { logins: 3, goneSessions: 100, scans: 100 };
  await putLogins([
    ...loginRows('binance:1', [5, undefined, 1, 9, undefined, 3]),
    ...loginRows('binance:2', [50, 40, 30, 20]),
  ]);
  expect(await pruneAccount(db, 'binance:1', 0, T0, { caps })).toMatchObject({ logins: 3 });
  // 9, 5 and 3 days old went; the newest timed row and the two without a time stay.
  expect(await keysOf('binance:1')).toEqual(['binance:1|1', 'binance:1|2', 'binance:1|4']);
  expect(await pruneAccount(db, 'binance:1', 0, T0, { caps: { ...caps, logins: 1 } })).toMatchObject({ logins: 2 });
  // Then the timed row, then the first row without a time (in key order).
  expect(await keysOf('binance:1')).toEqual(['binance:1|4']);
  expect(await keysOf('binance:2')).toHaveLength(4);
});
