import type { Schedule, ScheduleWindow } from '../src/core/rules/rule';
import { inWindow, isWithinSchedule } from '../src/core/schedule';
import type { StoredLogin } from '../src/core/types';
import { formatMinute, ltr } from '../src/ui/i18n';
import { S } from './strings';

/** 7 days (0 = Sunday) × 24 hours; true = the hour is allowed. */
export type HourGrid = boolean[][];

export function emptyGrid(): HourGrid {
  return Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => false));
}

/** An hour is on when any minute of it falls in a window (windows off the hour show as whole hours). */
export function gridFromWindows(windows: ScheduleWindow[]): HourGrid {
  const grid = emptyGrid();
  for (let day = 0; day < 7; day++) {
    for (let hour = 0; hour < 24; hour++) {
      let on = false;
      for (let m = 0; m < 60 && !on; m++) {
        const local = { weekday: day, minute: hour * 60 + m };
        on = windows.some((w) => inWindow(local, w));
      }
      (grid[day] as boolean[])[hour] = on;
    }
  }
  return grid;
}

interface Run {
  day: number;
  start: number;
  end: number;
}

/**
 * The fewest windows that cover exactly the grid's hours: runs of hours per day; a run reaching midnight joined
 * with the next day's run from 00:00 as one overnight window (end < start); equal runs on several days merged.
 */
export function windowsFromGrid(grid: HourGrid): ScheduleWindow[] {
  const runs: Run[][] = grid.map((hours, day) => {
    const out: Run[] = [];
    let start = -1;
    for (let h = 0; h <= 24; h++) {
      const on = h < 24 && hours[h] === true;
      if (on && start < 0) start = h;
      if (!on && start >= 0) {
        out.push({ day, start: start * 60, end: h * 60 });
        start = -1;
      }
    }
    return out;
  });
  const isFullDay = (r: Run) => r.start === 0 && r.end === 1440;
  // An evening run reaching midnight and the next day's run from 00:00 become one overnight window. A run other
  // than a whole day cannot be both a morning and an evening, so joins never chain.
  const mornings = new Set<Run>();
  const overnight = new Map<Run, Run>();
  for (let day = 0; day < 7; day++) {
    const evening = runs[day]?.at(-1);
    const morning = runs[(day + 1) % 7]?.[0];
    if (!evening || !morning || evening === morning) continue;
    if (evening.end === 1440 && !isFullDay(evening) && morning.start === 0 && !isFullDay(morning)) {
      overnight.set(evening, morning);
      mornings.add(morning);
    }
  }
  const merged = new Map<string, ScheduleWindow>();
  for (const r of runs.flat()) {
    if (mornings.has(r)) continue;
    const end = overnight.get(r)?.end ?? r.end;
    const key = `${r.start}-${end}`;
    const got = merged.get(key);
    if (got) got.days.push(r.day);
    else merged.set(key, { days: [r.day], startMinute: r.start, endMinute: end });
  }
  return [...merged.values()];
}

export function toggleHour(grid: HourGrid, day: number, hour: number, on: boolean): HourGrid {
  return grid.map((hours, d) => (d === day ? hours.map((v, h) => (h === hour ? on : v)) : hours));
}

export function hhmm(minute: number): string {
  return formatMinute(minute);
}

const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];

/** "Mon–Fri", "Mon, Wed", "Sat–Sun": consecutive days (Monday first) as ranges. */
export function describeDays(days: number[]): string {
  const order = MONDAY_FIRST.filter((d) => days.includes(d));
  const runs: number[][] = [];
  for (const d of order) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last !== undefined && MONDAY_FIRST.indexOf(d) === MONDAY_FIRST.indexOf(last) + 1) run.push(d);
    else runs.push([d]);
  }
  const name = (d: number | undefined) => (d === undefined ? '' : S.dayShort(d));
  return S.list(runs.map((r) => (r.length > 1 ? `${name(r[0])}–${name(r.at(-1))}` : name(r[0]))));
}

/** "Mon–Fri 07:00–23:30", "Sat 22:00–02:00 (next day)". */
export function describeWindow(w: ScheduleWindow): string {
  const days = describeDays(w.days);
  const text = `${days} ${ltr(`${hhmm(w.startMinute)}–${hhmm(w.endMinute)}`)}`;
  return w.endMinute < w.startMinute ? S.schedules.nextDay(text) : text;
}

/**
 * Successful sign-ins with a time that the schedule's window does not allow, for the accounts it applies to:
 * the logins the outside-schedule rule would judge against this schedule alone.
 */
export function loginsOutside(schedule: Schedule, logins: StoredLogin[]): { outside: StoredLogin[]; judged: number } {
  const judged = logins.filter(
    (l) =>
      l.time !== undefined &&
      l.outcome !== 'failed' &&
      (!schedule.accountIds?.length || schedule.accountIds.includes(l.accountId)),
  );
  return { outside: judged.filter((l) => !isWithinSchedule(l.time as number, schedule)), judged: judged.length };
}

export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
