/**
 * The sign-in map and the timeline of one account, as data: which rows are the user's, which are not, which come
 * from a datacenter; where they are; which pairs of sign-ins were too far apart. Pure, so it is tested alone.
 */
import type { StoredLogin, StoredWarning } from '../src/core/types';
import type { AccountView, ResponseOf } from '../src/shared/contract';

/** Trusted: no warning names it; untrusted: a warning does; hosting: a datacenter, cloud or VPN address. */
export type Trust = 'trusted' | 'untrusted' | 'hosting';

export interface ActivityRow {
  kind: 'session' | 'sign-in';
  key: string;
  /** When it started (a session's sign-in, a sign-in's time). */
  time?: number;
  /** A session's last activity. */
  until?: number;
  device: string;
  ip?: string;
  location?: string;
  outcome?: 'success' | 'failed';
  trust: Trust;
}

export interface MapPoint {
  place: string;
  lat: number;
  lon: number;
  /** The worst of its rows: hosting, then untrusted, then trusted. */
  trust: Trust;
  sessions: number;
  signIns: number;
  ips: string[];
}

export interface TravelLine {
  from: string;
  to: string;
  fromLat: number;
  fromLon: number;
  toLat: number;
  toLon: number;
  km?: number;
  hours?: number;
  time?: number;
}

type Places = ResponseOf<'lookupPlaces'>['places'];
type Networks = ResponseOf<'lookupPlaces'>['networks'];

const worse: Record<Trust, number> = { hosting: 0, untrusted: 1, trusted: 2 };
const isLive = (w: StoredWarning) => w.state !== 'resolved' && w.severity !== 'low';

/** Every session and sign-in of the account with how far it is trusted, oldest first. */
export function activityRows(view: AccountView, logins: StoredLogin[], networks: Networks): ActivityRow[] {
  const live = view.warnings.filter(isLive);
  const namedKeys = new Set(live.map((w) => w.subject));
  const hostingIps = new Set(networks.filter((n) => n.isHosting).map((n) => n.ip));
  const flaggedIps = new Set<string>();
  for (const w of live) {
    const ip = w.evidence.ip;
    if (typeof ip !== 'string' || !ip) continue;
    if (w.rule === 'hosting-ip') hostingIps.add(ip);
    flaggedIps.add(ip);
  }
  for (const s of view.sessions) if (namedKeys.has(s.key) && s.ip) flaggedIps.add(s.ip);
  const trustOf = (ip: string | undefined, isNamed: boolean): Trust =>
    ip && hostingIps.has(ip)
      ? 'hosting'
      : isNamed || (ip !== undefined && flaggedIps.has(ip))
        ? 'untrusted'
        : 'trusted';
  const rows: ActivityRow[] = [
    ...view.sessions.map(
      (s): ActivityRow => ({
        kind: 'session',
        key: s.key,
        time: s.firstSeen ?? s.firstObservedAt,
        until: s.goneAt ?? s.lastActive ?? s.lastObservedAt,
        device: s.device,
        ...(s.ip ? { ip: s.ip } : {}),
        ...(s.location ? { location: s.location } : {}),
        trust: trustOf(s.ip, namedKeys.has(s.key)),
      }),
    ),
    ...logins.map(
      (l): ActivityRow => ({
        kind: 'sign-in',
        key: l.key,
        ...(l.time !== undefined ? { time: l.time } : {}),
        device: l.device,
        ...(l.ip ? { ip: l.ip } : {}),
        ...(l.location ? { location: l.location } : {}),
        ...(l.outcome ? { outcome: l.outcome } : {}),
        trust: trustOf(l.ip, false),
      }),
    ),
  ];
  return rows.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
}

/** One point per known place, worst trust first so the strangers are drawn on top. */
export function mapPoints(rows: ActivityRow[], places: Places): MapPoint[] {
  const where = new Map(places.map((p) => [p.text, p]));
  const points = new Map<string, MapPoint>();
  for (const r of rows) {
    const p = r.location ? where.get(r.location) : undefined;
    if (!p || !r.location) continue;
    const key = `${p.lat},${p.lon}`;
    let point = points.get(key);
    if (!point) {
      point = { place: r.location, lat: p.lat, lon: p.lon, trust: r.trust, sessions: 0, signIns: 0, ips: [] };
      points.set(key, point);
    }
    if (worse[r.trust] < worse[point.trust]) point.trust = r.trust;
    if (r.kind === 'session') point.sessions++;
    else point.signIns++;
    if (r.ip && !point.ips.includes(r.ip) && point.ips.length < 20) point.ips.push(r.ip);
  }
  return [...points.values()].sort((a, b) => worse[b.trust] - worse[a.trust]);
}

/** The impossible-travel warnings that are not resolved, as lines between the two places. */
export function travelLines(view: AccountView, places: Places): TravelLine[] {
  const where = new Map(places.map((p) => [p.text, p]));
  const out: TravelLine[] = [];
  for (const w of view.warnings) {
    if (w.rule !== 'impossible-travel' || w.state === 'resolved') continue;
    const from = w.evidence.fromLocation;
    const to = w.evidence.location;
    if (typeof from !== 'string' || typeof to !== 'string') continue;
    const a = where.get(from);
    const b = where.get(to);
    if (!a || !b) continue;
    out.push({
      from,
      to,
      fromLat: a.lat,
      fromLon: a.lon,
      toLat: b.lat,
      toLon: b.lon,
      ...(typeof w.evidence.distanceKm === 'number' ? { km: w.evidence.distanceKm } : {}),
      ...(typeof w.evidence.hours === 'number' ? { hours: w.evidence.hours } : {}),
      ...(typeof w.evidence.time === 'number' ? { time: w.evidence.time } : {}),
    });
  }
  return out;
}

/** Place texts the map asks the worker about: the rows' and the travel warnings' ends. */
export function placesToLook(view: AccountView, rows: ActivityRow[]): string[] {
  const out = new Set<string>();
  for (const r of rows) if (r.location) out.add(r.location);
  for (const w of view.warnings) {
    if (w.rule !== 'impossible-travel') continue;
    for (const v of [w.evidence.fromLocation, w.evidence.location]) if (typeof v === 'string' && v) out.add(v);
  }
  return [...out].slice(0, 5000);
}
