import { describe, expect, test } from 'vitest';
import {
  afterCheck,
  CHECK_PERIOD_MS,
  type CheckSchedule,
  type CheckState,
  dueChecks,
  hasTabStarted,
  isCheckDue,
  JITTER_SHARE,
  jitterFor,
  MIN_CHECK_INTERVAL_MS,
  nextCheckAt,
  PAGE_TIMEOUT_MS,
  resumedCheck,
  tabOutcome,
} from './background-check';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 0, 10, 12);

function state(over: Partial<CheckState> = {}): CheckState {
  return { signedOutStreak: 0, isPaused: false, jitterMs: 0, ...over };
}

describe('isCheckDue', () => {
  test.each<[string, CheckSchedule, CheckState | undefined, number, number, boolean]>([
    ['never checked, scanned 12 days ago: due', 'daily', undefined, T0 - 12 * D, T0, true],
    ['never checked, scanned 2 h ago: not due (the user just looked)', 'daily', undefined, T0 - 2 * H, T0, false],
    ['never checked, weekly, scanned 6 days ago: not due', 'weekly', undefined, T0 - 6 * D, T0, false],
    ['never checked, weekly, scanned 8 days ago: due', 'weekly', undefined, T0 - 8 * D, T0, true],
    ['checked 23 h ago, daily: not due', 'daily', state({ lastAttemptAt: T0 - 23 * H }), 0, T0, false],
    ['checked 25 h ago, daily: due', 'daily', state({ lastAttemptAt: T0 - 25 * H }), 0, T0, true],
    [
      'checked 25 h ago with 2 h jitter: not due',
      'daily',
      state({ lastAttemptAt: T0 - 25 * H, jitterMs: 2 * H }),
      0,
      T0,
      false,
    ],
    [
      'checked 27 h ago with 2 h jitter: due',
      'daily',
      state({ lastAttemptAt: T0 - 27 * H, jitterMs: 2 * H }),
      0,
      T0,
      true,
    ],
    ['paused: never due', 'daily', state({ lastAttemptAt: T0 - 30 * D, isPaused: true }), 0, T0, false],
    [
      'failed 30 min ago: not yet (hourly floor)',
      'daily',
      state({ lastAttemptAt: T0 - H / 2, lastResult: 'failed' }),
      0,
      T0,
      false,
    ],
    [
      'failed 61 min ago: tried again',
      'daily',
      state({ lastAttemptAt: T0 - 61 * 60_000, lastResult: 'failed' }),
      0,
      T0,
      true,
    ],
    // The floor holds even when the user's own scan is old: a just-made check is not repeated.
    [
      'checked 10 min ago, scanned 30 days ago',
      'daily',
      state({ lastAttemptAt: T0 - 10 * 60_000 }),
      T0 - 30 * D,
      T0,
      false,
    ],
    ['clock went back before the last check', 'daily', state({ lastAttemptAt: T0 + 2 * D }), 0, T0, false],
  ])('%s', (_name, schedule, s, lastScanAt, now, due) => {
    expect(isCheckDue(schedule, s, lastScanAt, now)).toBe(due);
  });

  test('no two checks of an account within an hour, whatever the schedule or the alarm does', () => {
    for (const schedule of ['daily', 'weekly'] as const) {
      for (const result of ['read', 'signed-out', 'failed'] as const) {
        const after = afterCheck(undefined, result, schedule, T0, 0);
        for (let minutes = 0; minutes < 60; minutes += 5) {
          expect(isCheckDue(schedule, after, 0, T0 + minutes * 60_000)).toBe(false);
        }
        expect(nextCheckAt(schedule, after, 0)).toBeGreaterThanOrEqual(T0 + MIN_CHECK_INTERVAL_MS);
      }
    }
  });
});

describe('missed checks', () => {
  test('a browser closed for ten days checks once when it is back, not once per missed day', () => {
    let s: CheckState | undefined = state({ lastAttemptAt: T0 - 10 * D, lastResult: 'read' });
    const back = T0;
    expect(dueChecks([{ accountId: 'a', schedule: 'daily', lastScanAt: 0 }], { a: s }, back)).toEqual(['a']);
    s = afterCheck(s, 'read', 'daily', back, 0.5);
    // The alarm keeps firing every half hour for the rest of the day: nothing more is due.
    for (let t = back; t < back + D; t += 30 * 60_000) {
      expect(dueChecks([{ accountId: 'a', schedule: 'daily', lastScanAt: 0 }], { a: s }, t)).toEqual([]);
    }
    expect(nextCheckAt('daily', s, 0)).toBe(back + D + jitterFor('daily', 0.5));
  });

  test('due accounts come longest overdue first', () => {
    const log = { a: state({ lastAttemptAt: T0 - 2 * D }), b: state({ lastAttemptAt: T0 - 9 * D }), c: state() };
    const got = dueChecks(
      [
        { accountId: 'a', schedule: 'daily', lastScanAt: 0 },
        { accountId: 'b', schedule: 'weekly', lastScanAt: 0 },
        { accountId: 'c', schedule: 'weekly', lastScanAt: T0 - H },
      ],
      log,
      T0,
    );
    expect(got).toEqual(['b', 'a']);
  });
});

describe('jitter', () => {
  test.each<[CheckSchedule, number, number]>([
    ['daily', 0, 0],
    ['daily', 0.5, Math.floor(0.5 * D * JITTER_SHARE)],
    ['weekly', 0.25, Math.floor(0.25 * 7 * D * JITTER_SHARE)],
    ['daily', -3, 0],
  ])('%s with %d draws %d ms', (schedule, r, ms) => {
    expect(jitterFor(schedule, r)).toBe(ms);
  });

  test.each(['daily', 'weekly'] as const)(
    '%s: always within [0, a tenth of the period), never on the hour for all',
    (schedule) => {
      const max = CHECK_PERIOD_MS[schedule] * JITTER_SHARE;
      for (const r of [0, 1e-9, 0.1, 0.5, 0.999, 0.999_999_9, 1, 2]) {
        const j = jitterFor(schedule, r);
        expect(j).toBeGreaterThanOrEqual(0);
        expect(j).toBeLessThan(max);
      }
      const draws = new Set([0.1, 0.37, 0.61, 0.88].map((r) => jitterFor(schedule, r) % H));
      expect(draws.size).toBe(4);
    },
  );
});

describe('signed out', () => {
  test.each<[string, ('read' | 'signed-out' | 'failed')[], number, boolean]>([
    ['one signed out', ['signed-out'], 1, false],
    ['two signed out', ['signed-out', 'signed-out'], 2, false],
    ['three signed out in a row pause', ['signed-out', 'signed-out', 'signed-out'], 3, true],
    ['a read in between restarts the count', ['signed-out', 'signed-out', 'read', 'signed-out'], 1, false],
    ['a failed attempt neither counts nor resets', ['signed-out', 'failed', 'signed-out', 'signed-out'], 3, true],
  ])('%s', (_name, results, streak, paused) => {
    let s: CheckState | undefined;
    let t = T0;
    for (const r of results) {
      s = afterCheck(s, r, 'daily', t, 0);
      t += 2 * D;
    }
    expect(s?.signedOutStreak).toBe(streak);
    expect(s?.isPaused).toBe(paused);
    expect(s?.lastResult).toBe(results.at(-1));
  });

  test('a paused schedule resumes when chosen again, keeping when it last read', () => {
    const paused = state({ lastAttemptAt: T0, lastReadAt: T0 - 9 * D, signedOutStreak: 3, isPaused: true });
    expect(resumedCheck(paused)).toEqual({ ...paused, signedOutStreak: 0, isPaused: false });
    expect(resumedCheck(undefined)).toBeUndefined();
  });

  test('a read keeps its time; a later signed out does not erase it', () => {
    const read = afterCheck(undefined, 'read', 'daily', T0, 0);
    expect(read.lastReadAt).toBe(T0);
    expect(afterCheck(read, 'signed-out', 'daily', T0 + D, 0).lastReadAt).toBe(T0);
  });
});

test.each<[string, { url?: string; isComplete: boolean }, boolean]>([
  ['Chromium, before the navigation commits', { url: '', isComplete: false }, true],
  ['Chromium, created, nothing yet', { url: '', isComplete: true }, false],
  ['Firefox, blank', { url: 'about:blank', isComplete: true }, false],
  ['Firefox, blank and hidden', { isComplete: true }, false],
  ['loading a hidden page', { isComplete: false }, true],
  ['at a page', { url: 'https://www.binance.com/en/login', isComplete: true }, true],
])('hasTabStarted: %s', (_name, tab, started) => {
  expect(hasTabStarted(tab)).toBe(started);
});

describe('tabOutcome', () => {
  const isSecurity = (url: string) => url.startsWith('https://www.binance.com/en/my/security');
  const page = 'https://www.binance.com/en/my/security/device-management';
  test.each<[string, Parameters<typeof tabOutcome>[0], ReturnType<typeof tabOutcome>]>([
    ['a list was read', { hasStarted: true, url: page, isComplete: true, hasReading: true, elapsedMs: 900 }, 'read'],
    [
      'a list was read even after leaving',
      { hasStarted: true, url: 'https://x.test/', isComplete: true, hasReading: true, elapsedMs: 1 },
      'read',
    ],
    [
      'still loading the page',
      { hasStarted: true, url: page, isComplete: false, hasReading: false, elapsedMs: 2_000 },
      'wait',
    ],
    [
      'loaded, list not drawn yet',
      { hasStarted: true, url: page, isComplete: true, hasReading: false, elapsedMs: 5_000 },
      'wait',
    ],
    [
      'loaded, no list in time',
      { hasStarted: true, url: page, isComplete: true, hasReading: false, elapsedMs: PAGE_TIMEOUT_MS },
      'signed-out',
    ],
    [
      'redirected to a sign-in page on the same host',
      {
        hasStarted: true,
        url: 'https://www.binance.com/en/login',
        isComplete: true,
        hasReading: false,
        elapsedMs: 800,
      },
      'signed-out',
    ],
    [
      'redirected to a host the extension cannot see',
      { hasStarted: true, isComplete: true, hasReading: false, elapsedMs: 800 },
      'signed-out',
    ],
    [
      'redirect still loading',
      {
        hasStarted: true,
        url: 'https://www.binance.com/en/login',
        isComplete: false,
        hasReading: false,
        elapsedMs: 800,
      },
      'wait',
    ],
    [
      'Firefox: blank before the navigation starts',
      { hasStarted: false, url: 'about:blank', isComplete: true, hasReading: false, elapsedMs: 10 },
      'wait',
    ],
    [
      'Chromium: empty before the navigation commits',
      { hasStarted: false, url: '', isComplete: true, hasReading: false, elapsedMs: 10 },
      'wait',
    ],
    [
      'never started: timeout',
      { hasStarted: false, url: 'about:blank', isComplete: true, hasReading: false, elapsedMs: PAGE_TIMEOUT_MS + 1 },
      'signed-out',
    ],
  ])('%s', (_name, tab, outcome) => {
    expect(tabOutcome(tab, isSecurity)).toBe(outcome);
  });
});
