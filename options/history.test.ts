import { expect, test } from 'vitest';
import type { StoredLogin, StoredSession } from '../src/core/types';
import { groupSessionsByDevice, loginsPerDay } from './history';

const login = (iso: string, outcome?: 'failed'): StoredLogin => ({
  key: iso + (outcome ?? ''),
  accountId: 'a',
  device: 'Chrome',
  time: Date.parse(iso),
  firstObservedAt: 0,
  ...(outcome ? { outcome } : {}),
});

test('sign-ins are counted per local calendar day, successful and failed apart, oldest day first', () => {
  const counts = loginsPerDay(
    [
      login('2026-04-14T10:00:00Z'),
      login('2026-04-14T23:30:00Z'), // already the 15th in Tokyo
      login('2026-04-14T12:00:00Z', 'failed'),
      login('2026-04-12T01:00:00Z'),
      login('2026-03-01T01:00:00Z'), // before the window
    ],
    { now: Date.parse('2026-04-15T03:00:00Z'), days: 4, timeZone: 'Asia/Tokyo' },
  );
  expect(counts).toEqual([
    { day: '2026-04-12', success: 1, failed: 0 },
    { day: '2026-04-13', success: 0, failed: 0 },
    { day: '2026-04-14', success: 1, failed: 1 },
    { day: '2026-04-15', success: 1, failed: 0 },
  ]);
});

test('a daylight-saving change neither skips nor repeats a day', () => {
  const counts = loginsPerDay([], { now: Date.parse('2026-03-30T12:00:00Z'), days: 3, timeZone: 'Europe/London' });
  expect(counts.map((c) => c.day)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  const autumn = loginsPerDay([], { now: Date.parse('2026-10-26T00:30:00Z'), days: 3, timeZone: 'Europe/London' });
  expect(autumn.map((c) => c.day)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
});

const session = (key: string, device: string, lastActive: number, goneAt?: number): StoredSession => ({
  key,
  accountId: 'a',
  device,
  isCurrent: false,
  lastActive,
  firstObservedAt: 0,
  lastObservedAt: 0,
  ...(goneAt ? { goneAt } : {}),
});

test('sessions are grouped by device family: a browser update stays one device', () => {
  const groups = groupSessionsByDevice([
    session('1', 'Chrome 126 on macOS 14.5', 10),
    session('2', 'Chrome 127 on macOS 14.6', 20, 25),
    session('3', 'iPhone 15 Pro · iOS 17.4', 5),
    session('4', 'Mystery box', 1),
  ]);
  expect(groups.map((g) => [g.label, g.sessions.map((s) => s.key), g.liveCount])).toEqual([
    ['Chrome 127 on macOS 14.6', ['2', '1'], 1],
    ['iPhone 15 Pro · iOS 17.4', ['3'], 1],
    ['Mystery box', ['4'], 1],
  ]);
});
