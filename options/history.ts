import { deviceFamily, parseDevice } from '../src/core/device';
import type { StoredLogin, StoredSession } from '../src/core/types';

const DAY_MS = 86_400_000;
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-04-14": the calendar day of `t` in the zone. */
export function dayKey(t: number, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(t);
}

export interface DayCount {
  day: string;
  success: number;
  failed: number;
}

/**
 * Sign-ins per calendar day for the `days` days ending today in the zone, oldest first. Days are stepped in
 * calendar arithmetic, not by 24 h, so a daylight-saving change neither skips nor repeats a day.
 */
export function loginsPerDay(logins: StoredLogin[], opts: { now: number; days: number; timeZone: string }): DayCount[] {
  const [y, m, d] = dayKey(opts.now, opts.timeZone).split('-').map(Number) as [number, number, number];
  const today = Date.UTC(y, m - 1, d);
  const out: DayCount[] = [];
  const index = new Map<string, DayCount>();
  for (let i = opts.days - 1; i >= 0; i--) {
    const day = new Date(today - i * DAY_MS).toISOString().slice(0, 10);
    const row = { day, success: 0, failed: 0 };
    out.push(row);
    index.set(day, row);
  }
  for (const l of logins) {
    if (l.time === undefined) continue;
    const row = index.get(dayKey(l.time, opts.timeZone));
    if (!row) continue;
    if (l.outcome === 'failed') row.failed++;
    else row.success++;
  }
  return out;
}

export interface DeviceGroup {
  key: string;
  /** The device text of the group's most recently active session. */
  label: string;
  sessions: StoredSession[];
  liveCount: number;
}

const lastSeen = (s: StoredSession) => s.lastActive ?? s.lastObservedAt;

/**
 * Sessions grouped by device family (browser, OS, type, model without versions: an update is the same device);
 * a device the parser reads nothing from is grouped by its text. Most sessions first.
 */
export function groupSessionsByDevice(sessions: StoredSession[]): DeviceGroup[] {
  const groups = new Map<string, StoredSession[]>();
  for (const s of sessions) {
    const family = deviceFamily(parseDevice(s.device, s.userAgent));
    const isBlank = family.split('|').every((p) => p === '' || p === 'unknown');
    const key = isBlank ? `text:${s.device.trim().toLowerCase()}` : family;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const sorted = [...list].sort((a, b) => lastSeen(b) - lastSeen(a));
      return {
        key,
        label: sorted[0]?.device || key,
        sessions: sorted,
        liveCount: sorted.filter((s) => s.goneAt === undefined).length,
      };
    })
    .sort((a, b) => b.sessions.length - a.sessions.length || a.label.localeCompare(b.label));
}
