import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { KEPT_OVERVIEW_FORMAT, type KeptOverview } from '../shared/kept-overview';
import { DB_NAME, keepOverview, openDatabase } from './db';
import { readKeptOverview } from './overview-print';

const stored = (settings: unknown = { v: 1 }) => Promise.resolve([settings, undefined]);

afterEach(async () => {
  await new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(DB_NAME);
    r.onsuccess = r.onerror = r.onblocked = resolve;
  });
});

test('no database: nothing kept, no print, and none is created', async () => {
  expect(await readKeptOverview(stored())).toEqual({ kept: undefined, print: undefined });
  const names = (await indexedDB.databases()).map((d) => d.name);
  expect(names).not.toContain(DB_NAME);
});

test('the print follows the accounts, summaries, meta and stored settings, and reads the kept copy with them', async () => {
  const db = await openDatabase();
  await db.put('accounts', { id: 'binance:1', siteId: 'binance', hint: 'a', firstScanAt: 1, lastScanAt: 2 } as never);
  const first = await readKeptOverview(stored());
  expect(first.print).toMatch(/^\d+:[0-9a-f]{64}$/);
  expect((await readKeptOverview(stored())).print).toBe(first.print);
  // Another account record, summary or meta record, or other settings: another print.
  const prints = new Set([first.print]);
  await db.put('accounts', { id: 'binance:1', siteId: 'binance', hint: 'a', firstScanAt: 1, lastScanAt: 3 } as never);
  prints.add((await readKeptOverview(stored())).print);
  await db.put('summaries', { accountId: 'binance:1', sessions: [], warnings: [] } as never);
  prints.add((await readKeptOverview(stored())).print);
  await db.put('meta', { name: 'x', value: 1 } as never);
  prints.add((await readKeptOverview(stored())).print);
  prints.add((await readKeptOverview(stored({ v: 2 }))).print);
  expect(prints.size).toBe(5);
  // Keeping a copy changes no print (the kept store is not printed) and is read back.
  const before = (await readKeptOverview(stored())).print as string;
  const kept: KeptOverview = {
    format: KEPT_OVERVIEW_FORMAT,
    appVersion: '1',
    at: 1,
    validUntil: 2,
    print: before,
    overview: {},
  };
  await keepOverview(db, kept);
  expect(await readKeptOverview(stored())).toEqual({ kept, print: before });
  db.close();
});
