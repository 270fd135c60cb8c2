import { describe, expect, test } from 'vitest';
import type { Schedule } from './rules/rule';
import { isWithinSchedule, localTime } from './schedule';

const london = (windows: Schedule['windows']): Schedule => ({
  id: 's',
  name: 'Work',
  timeZone: 'Europe/London',
  windows,
});
const WEEKDAYS = [1, 2, 3, 4, 5];
const ALL = [0, 1, 2, 3, 4, 5, 6];
const office = london([{ days: WEEKDAYS, startMinute: 9 * 60, endMinute: 17 * 60 }]);
// 22:00 → 03:00 starting every day.
const night = london([{ days: ALL, startMinute: 22 * 60, endMinute: 3 * 60 }]);
const fridayNight = london([{ days: [5], startMinute: 22 * 60, endMinute: 3 * 60 }]);

describe('localTime', () => {
  test.each([
    ['winter GMT', Date.UTC(2026, 0, 5, 9, 30), 'Europe/London', 1, 9 * 60 + 30],
    ['summer BST', Date.UTC(2026, 6, 6, 9, 30), 'Europe/London', 1, 10 * 60 + 30],
    ['spring-forward morning: 01:30 UTC is 02:30 BST', Date.UTC(2026, 2, 29, 1, 30), 'Europe/London', 0, 2 * 60 + 30],
    ['fall-back night, second 01:30 (GMT)', Date.UTC(2026, 9, 25, 1, 30), 'Europe/London', 0, 60 + 30],
    ['fall-back night, first 01:30 (BST)', Date.UTC(2026, 9, 25, 0, 30), 'Europe/London', 0, 60 + 30],
    ['Hong Kong crosses midnight ahead of UTC', Date.UTC(2026, 0, 4, 17), 'Asia/Hong_Kong', 1, 60],
  ])('%s', (_l, t, tz, weekday, minute) => {
    expect(localTime(t, tz)).toEqual({ weekday, minute });
  });
});

describe('isWithinSchedule', () => {
  test.each([
    ['weekday office hours', office, Date.UTC(2026, 0, 5, 10), true],
    ['Saturday', office, Date.UTC(2026, 0, 10, 10), false],
    ['end is exclusive (17:00)', office, Date.UTC(2026, 0, 5, 17), false],
    ['start is inclusive (09:00)', office, Date.UTC(2026, 0, 5, 9), true],
    ['summer 08:30 UTC is 09:30 BST: inside', office, Date.UTC(2026, 5, 1, 8, 30), true],
    ['summer 16:30 UTC is 17:30 BST: outside', office, Date.UTC(2026, 5, 1, 16, 30), false],
    ['overnight, 02:59 local is inside', night, Date.UTC(2026, 0, 6, 2, 59), true],
    ['overnight, 03:01 local is outside', night, Date.UTC(2026, 0, 6, 3, 1), false],
    ['overnight, 22:00 local is inside', night, Date.UTC(2026, 0, 6, 22), true],
    ['spring-forward: 01:59 UTC is 02:59 BST, inside', night, Date.UTC(2026, 2, 29, 1, 59), true],
    ['spring-forward: 02:01 UTC is 03:01 BST, outside', night, Date.UTC(2026, 2, 29, 2, 1), false],
    ['fall-back: 02:59 UTC is 02:59 GMT, inside', night, Date.UTC(2026, 9, 25, 2, 59), true],
    ['fall-back: 03:01 UTC is 03:01 GMT, outside', night, Date.UTC(2026, 9, 25, 3, 1), false],
    ['Friday-night window covers Saturday 01:00', fridayNight, Date.UTC(2026, 0, 10, 1), true],
    ['Friday-night window does not cover Friday 01:00', fridayNight, Date.UTC(2026, 0, 9, 1), false],
    [
      'empty window (start = end) covers nothing',
      london([{ days: ALL, startMinute: 600, endMinute: 600 }]),
      Date.UTC(2026, 0, 5, 10),
      false,
    ],
    [
      '0–1440 covers the whole day',
      london([{ days: ALL, startMinute: 0, endMinute: 1440 }]),
      Date.UTC(2026, 0, 5, 23, 59),
      true,
    ],
  ])('%s', (_l, schedule, t, expected) => {
    expect(isWithinSchedule(t, schedule)).toBe(expected);
  });

  test('an unknown time zone throws rather than guessing', () => {
    expect(() => isWithinSchedule(0, { ...office, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
