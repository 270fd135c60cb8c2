import type { Schedule, ScheduleWindow } from './rules/rule';

export interface LocalTime {
  /** 0 (Sunday) … 6. */
  weekday: number;
  /** Minutes from local midnight, 0 … 1439. */
  minute: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError on an unknown zone: better a rule error the user sees than a silently wrong schedule.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock weekday and minute at `t` in an IANA zone; Intl applies the zone's DST rules. */
export function localTime(t: number, timeZone: string): LocalTime {
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(t)) {
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
}

/**
 * Whether a local time falls in a window. `days` are the days the window *starts* on: an overnight window
 * (end < start) starting Friday 22:00 and ending 03:00 covers Saturday 00:00–02:59 too. End is exclusive;
 * start = end is an empty window (use 0–1440 for a whole day).
 */
export function inWindow(local: LocalTime, w: ScheduleWindow): boolean {
  if (w.startMinute === w.endMinute) return false;
  if (w.startMinute < w.endMinute) {
    return w.days.includes(local.weekday) && local.minute >= w.startMinute && local.minute < w.endMinute;
  }
  const yesterday = (local.weekday + 6) % 7;
  return (
    (w.days.includes(local.weekday) && local.minute >= w.startMinute) ||
    (w.days.includes(yesterday) && local.minute < w.endMinute)
  );
}

export function isWithinSchedule(t: number, schedule: Schedule): boolean {
  const local = localTime(t, schedule.timeZone);
  return schedule.windows.some((w) => inWindow(local, w));
}
