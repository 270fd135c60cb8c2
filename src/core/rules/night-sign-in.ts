import { timePart } from '../enrich';
import { TIME_PART_FORMATS } from '../time-parts';
import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityLoginIndex,
  deviceLabel,
  familyIndex,
  familyOf,
  isEnoughBaseline,
  judgedFrom,
  loginTrusted,
  successfulTimes,
} from './history';
import type { Rule } from './rule';

/** Local hours that count as the small hours: 01:00–04:59. */
const NIGHT_FROM = 1;
const NIGHT_TO = 5;
/** Past sign-ins within this many hours of a night sign-in's hour make it a habit, not a surprise. */
const HABIT_SPAN = 1;
const HABIT_MIN = 2;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string, display = false): Intl.DateTimeFormat {
  const id = `${display ? 'd' : 'p'}|${timeZone}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(
      'en-GB',
      display
        ? { ...TIME_PART_FORMATS.date, timeZone }
        : {
            timeZone,
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          },
    );
    formatters.set(id, f);
  }
  return f;
}

/**
 * Each zone's offset per UTC day, as `localHours` reads it: kept across judgings (a zone's rules do not change while
 * the worker runs), so a long history's few hundred days cost one formatter call each once, not once per judging.
 * The cap bounds memory for a worker that is asked about many zones or days.
 */
const zoneOffsets = new Map<string, Map<number, number>>();
const MAX_ZONE_DAYS = 20_000;
const MAX_ZONES = 64;

/**
 * Local hour of day in a zone. The zone's offset is read once per UTC day (at that day's start) and reused for the
 * day's other sign-ins: a long history asks about the same few hundred days again and again. A sign-in in the
 * hour a clock changes may be read an hour off, which a rule about "around 3 AM" can bear.
 */
export function localHours(timeZone: string): (t: number) => number {
  let offsets = zoneOffsets.get(timeZone);
  if (!offsets) {
    if (zoneOffsets.size >= MAX_ZONES) zoneOffsets.clear();
    offsets = new Map();
    zoneOffsets.set(timeZone, offsets);
  }
  const known = offsets;
  // Sign-ins come oldest first, many on the day before: that day's answer is kept at hand.
  let lastDay = Number.NaN;
  let lastOffset = 0;
  const offsetAt = (t: number): number => {
    const day = Math.floor(t / DAY);
    if (day === lastDay) return lastOffset;
    let off = known.get(day);
    if (off === undefined) {
      const start = day * DAY;
      const p: Record<string, number> = {};
      for (const part of formatterFor(timeZone).formatToParts(start)) {
        if (part.type !== 'literal') p[part.type] = Number(part.value);
      }
      off = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0) - start;
      if (known.size >= MAX_ZONE_DAYS) known.clear();
      known.set(day, off);
    }
    lastDay = day;
    lastOffset = off;
    return off;
  };
  // The UTC day at hand ([dayFrom, dayTo)), its offset, and the local midnight at or before its start: within the
  // day a time's local day starts there or one day later, so its hour costs one comparison and one division
  // instead of three divisions and a call (a long history asks about every login).
  let dayFrom = Number.NaN;
  let dayTo = Number.NaN;
  let offset = 0;
  let midnight = 0;
  return (t) => {
    if (!(t >= dayFrom && t < dayTo)) {
      offset = offsetAt(t);
      dayFrom = lastDay * DAY;
      dayTo = dayFrom + DAY;
      midnight = midnightBefore(dayFrom + offset);
    }
    const local = t + offset;
    const next = midnight + DAY;
    return Math.floor((local >= next ? local - next : local - midnight) / HOUR);
  };
}

/**
 * The largest multiple of DAY at or before `local` (a local midnight), without `%`, which on times this large is a
 * slow floating-point remainder: the subtraction is exact, and the step covers a quotient rounded to the next day.
 */
function midnightBefore(local: number): number {
  let m = Math.floor(local / DAY) * DAY;
  if (local - m < 0) m -= DAY;
  else if (local - m >= DAY) m += DAY;
  return m;
}

const isZone = (tz: string | undefined): tz is string => {
  if (!tz) return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
};

/**
 * A sign-in in the small hours of the user's time zone, when their own history shows no sign-ins around that hour
 * (from before the watch began, or from a trusted device).
 * Speaks only while no schedule covers the account: a schedule states the user's hours and the outside-schedule
 * rule judges against it instead of this guess.
 */
export const nightSignIn: Rule = {
  id: 'night-sign-in',
  title: 'A sign-in in the small hours, when you are not usually active',
  evaluate(ctx) {
    if (ctx.schedules.some((s) => !s.accountIds?.length || s.accountIds.includes(ctx.account.id))) return [];
    // Only sign-ins are judged; without any, the zone (and the cost of its first formatter) is not needed.
    if (!ctx.logins.length) return [];
    const timeZone = isZone(ctx.timeZone) ? ctx.timeZone : 'UTC';
    const hourOf = localHours(timeZone);
    const byHour = new Array<number>(24).fill(0);
    const from = judgedFrom(ctx);
    const isNight = (hour: number) => hour >= NIGHT_FROM && hour < NIGHT_TO;
    // The baseline fed oldest first, as `baselineCursor` would, reading only the logins' times but for the few
    // night sign-ins whose device is asked about.
    const times = successfulTimes(ctx);
    const trustedLogin = loginTrusted(ctx);
    // Each login's local hour, worked out once whether it is met as a judged sign-in or as baseline, in the
    // logins' order up to the latest asked: the judged sign-ins run ahead of the baseline, and reading the hours
    // as they come would jump between their days (the zone's offset is kept for the day at hand).
    const hours = new Uint8Array(times.length);
    let filled = 0;
    const hourAt = (i: number) => {
      for (; filled <= i; filled++) hours[filled] = hourOf(times[filled] as number);
      return hours[i] as number;
    };
    let fed = 0;
    const advance = (t: number) => {
      for (; fed < times.length && (times[fed] as number) < t; fed++) {
        const time = times[fed] as number;
        const hour = hourAt(fed);
        // What this rule would question is no proof of a habit: an intruder's own night sign-ins must not make the
        // next ones look usual. The user's habit shows in history from before the watch, or from trusted devices.
        if (isNight(hour) && time >= from && !trustedLogin.at(fed)) continue;
        byHour[hour]! += 1;
      }
      return fed;
    };
    const groups = new FindingGroups();
    const acts = activities(ctx);
    const loginOf = activityLoginIndex(ctx);
    const familyIdOf = familyIndex(ctx).familyOf;
    const groupOf = new Map<number, number>();
    for (let i = 0; i < acts.length; i++) {
      const li = loginOf[i] as number;
      // A session's time is when it was last active, not when it signed in.
      if (li < 0) continue;
      const hour = hourAt(li);
      if (!isNight(hour)) continue;
      // Like the other rules that compare with the past, it waits for enough history to know the user's hours.
      const time = times[li] as number;
      if (!isEnoughBaseline(ctx, advance(time))) continue;
      let near = 0;
      for (let d = -HABIT_SPAN; d <= HABIT_SPAN; d++) near += byHour[(hour + d + 24) % 24] ?? 0;
      if (near >= HABIT_MIN) continue;
      const trusted = trustedLogin.at(li);
      // One warning per device: several late sign-ins from it are one thing to answer. A login's group by its
      // family number and trust: its row is read only for a new warning (rows read here and there across a long
      // history cost a cache miss each).
      const slot = (familyIdOf[li] as number) * 2 + (trusted ? 1 : 0);
      const known = groupOf.get(slot);
      if (known !== undefined) {
        groups.count(known, time);
        continue;
      }
      const a = acts[i] as Activity;
      const key = [familyOf(a), trusted];
      if (groups.repeat(key, a.time)) {
        const k = groups.get(key);
        if (k !== undefined) groupOf.set(slot, k);
        continue;
      }
      const at = formatterFor(timeZone, true).format(a.time);
      const k = groups.add(key, {
        rule: 'night-sign-in',
        subject: a.key,
        severity: trusted ? 'low' : 'medium',
        reason: `${deviceLabel(a)} signed in at ${at} (${timeZone}), an hour you are not usually signed in.`,
        message: {
          key: 'reason_nightSignIn',
          args: [a.device || { key: 'reason_anUnnamedDevice', args: [] }, timePart(a.time, timeZone, 'date'), timeZone],
        },
        evidence: { device: a.device, ip: a.ip, location: a.location, time: a.time },
      });
      groupOf.set(slot, k);
    }
    return groups.findings;
  },
};
