import { expect, test } from 'vitest';
import type { ScheduleWindow } from '../src/core/rules/rule';
import { inWindow } from '../src/core/schedule';
import type { StoredLogin } from '../src/core/types';
import {
  describeDays,
  describeWindow,
  emptyGrid,
  gridFromWindows,
  loginsOutside,
  toggleHour,
  windowsFromGrid,
} from './schedule-grid';

/** Every minute of the week the windows allow, as a bit string: equal strings mean equal coverage. */
function coverage(windows: ScheduleWindow[]): string {
  let out = '';
  for (let day = 0; day < 7; day++)
    for (let minute = 0; minute < 1440; minute += 60)
      out += windows.some((w) => inWindow({ weekday: day, minute }, w)) ? '1' : '0';
  return out;
}

test.each<[string, ScheduleWindow[]]>([
  ['weekdays 07–23', [{ days: [1, 2, 3, 4, 5], startMinute: 420, endMinute: 1380 }]],
  ['Sat–Sun 09:00–01:00 overnight', [{ days: [0, 6], startMinute: 540, endMinute: 60 }]],
  ['Saturday night into Sunday morning wraps the week', [{ days: [6], startMinute: 1320, endMinute: 180 }]],
  ['whole days', [{ days: [2, 3], startMinute: 0, endMinute: 1440 }]],
  [
    'two windows on one day',
    [
      { days: [4], startMinute: 60, endMinute: 120 },
      { days: [4], startMinute: 600, endMinute: 720 },
    ],
  ],
])('%s: grid → windows keeps exactly the same hours', (_name, windows) => {
  const again = windowsFromGrid(gridFromWindows(windows));
  expect(coverage(again)).toBe(coverage(windows));
});

test('an evening run and the next morning become one overnight window, days merged', () => {
  let grid = emptyGrid();
  for (const day of [5, 6]) {
    for (let h = 22; h < 24; h++) grid = toggleHour(grid, day, h, true);
    for (let h = 0; h < 2; h++) grid = toggleHour(grid, (day + 1) % 7, h, true);
  }
  expect(windowsFromGrid(grid)).toEqual([{ days: [5, 6], startMinute: 1320, endMinute: 120 }]);
  expect(describeWindow({ days: [5, 6], startMinute: 1320, endMinute: 120 })).toBe('Fri–Sat 22:00–02:00 (next day)');
});

test('every hour of the week is seven whole days, not a window that wraps forever', () => {
  const all = emptyGrid().map((h) => h.map(() => true));
  expect(windowsFromGrid(all)).toEqual([{ days: [0, 1, 2, 3, 4, 5, 6], startMinute: 0, endMinute: 1440 }]);
});

test('an hour partly inside a window shows as on', () => {
  const grid = gridFromWindows([{ days: [1], startMinute: 420, endMinute: 1410 }]);
  expect(grid[1]?.[23]).toBe(true);
  expect(grid[1]?.[6]).toBe(false);
  expect(grid[2]?.[0]).toBe(false);
});

const login = (key: string, iso: string, extra: Partial<StoredLogin> = {}): StoredLogin => ({
  key,
  accountId: 'binance:1',
  device: 'Chrome',
  time: Date.parse(iso),
  firstObservedAt: 0,
  ...extra,
});

test('the preview lists successful sign-ins outside the schedule, in its zone, for its accounts', () => {
  const schedule = {
    id: 's',
    name: 'Week',
    timeZone: 'Europe/London',
    windows: [{ days: [1, 2, 3, 4, 5], startMinute: 420, endMinute: 1410 }],
  };
  const logins = [
    login('in', '2026-07-06T06:30:00Z'), // Monday 07:30 BST
    login('early', '2026-07-06T05:30:00Z'), // Monday 06:30 BST
    login('weekend', '2026-07-04T12:00:00Z'),
    login('failed', '2026-07-04T12:00:00Z', { outcome: 'failed' }),
    login('other', '2026-07-04T12:00:00Z', { accountId: 'kucoin:2' }),
    login('untimed', '2026-07-04T12:00:00Z', { time: undefined }),
  ];
  const all = loginsOutside(schedule, logins);
  expect(all.outside.map((l) => l.key)).toEqual(['early', 'weekend', 'other']);
  expect(all.judged).toBe(4);
  const one = loginsOutside({ ...schedule, accountIds: ['binance:1'] }, logins);
  expect(one.outside.map((l) => l.key)).toEqual(['early', 'weekend']);
});

test.each<[number[], string]>([
  [[1, 2, 3, 4, 5], 'Mon–Fri'],
  [[0, 6], 'Sat–Sun'],
  [[1, 3, 4], 'Mon, Wed–Thu'],
  [[0, 1], 'Mon, Sun'],
  [[2], 'Tue'],
])('days %j read as %s', (days, text) => {
  expect(describeDays(days)).toBe(text);
});
