import { placeName, placePart } from '../enrich';
import type { Place } from '../place';
import type { Finding } from '../types';
import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityHosting,
  activityLoginIndex,
  activityPlaces,
  activityTimes,
  familyIndex,
  familyOf,
  isEnoughBaseline,
  leastDistanceKm,
  locate,
  loginPlaces,
  successfulLogins,
  successfulTimes,
  type TimedLogin,
  unjudgedCount,
  type Whereabouts,
  whereaboutsOf,
} from './history';
import type { Rule } from './rule';

const HOUR = 3_600_000;
/** City coordinates are a city's centre; metro areas and IP geolocation blur by about this much. */
const SLACK_KM = 100;

/**
 * Two sign-ins farther apart than anyone could travel in between. Never flags when the distance is at most
 * speed × max(hours, 1) + 100 km, so a short gap between neighbouring cities is not a jump.
 */
export const impossibleTravel: Rule = {
  id: 'impossible-travel',
  title: 'Two sign-ins too far apart for the time between them',
  evaluate(ctx) {
    const groups = new FindingGroups();
    const kmh = ctx.thresholds.impossibleTravelKmh;
    if (!ctx.geo) return groups.findings;
    type Seen = { time: number; at: Whereabouts };
    // The latest sign-in from a city, and the latest from a place known only by its country after it. Both
    // bound where the user can be; two countries bound nothing, so a country is never compared with a country.
    let prevCity: Seen | undefined;
    let prevBox: Seen | undefined;
    const acts = activities(ctx);
    const hostingAt = activityHosting(ctx);
    const placeAt = activityPlaces(ctx);
    // How many successful logins came strictly before `t` (as `baselineCursor` counts them, feeding nothing).
    const times = successfulTimes(ctx);
    let fed = 0;
    const advance = (t: number) => {
      while (fed < times.length && (times[fed] as number) < t) fed++;
      return fed;
    };
    // Where each login's place is, by its number in `loginPlaces`: asked for every sign-in, about a handful.
    const loginOf = activityLoginIndex(ctx);
    const { of: placeIdOf, places } = loginPlaces(ctx);
    const located: (Whereabouts | null | undefined)[] = new Array(places.length).fill(undefined);
    /** `locate` of the activity's place, unknown behind a hosting address (`whereaboutsOf`). */
    const whereAt = (i: number): Whereabouts | undefined => {
      const li = loginOf[i] as number;
      if (li < 0) {
        const place = placeAt.at(i);
        return locate(ctx, place && !hostingAt.at(i) ? place : undefined);
      }
      const id = placeIdOf[li] as number;
      let w = located[id];
      if (w === undefined) {
        w = locate(ctx, places[id]) ?? null;
        located[id] = w;
      }
      return w && !hostingAt.at(i) ? w : undefined;
    };
    // Sign-ins come from a handful of places: each pair's distance is worked out once.
    const distances = new Map<Whereabouts, Map<Whereabouts, number | undefined>>();
    // The pair asked last: a user's sign-ins come from the same place one after another.
    let lastFrom: Whereabouts | undefined;
    let lastTo: Whereabouts | undefined;
    let lastKm: number | undefined;
    const distance = (from: Whereabouts, to: Whereabouts) => {
      if (from === lastFrom && to === lastTo) return lastKm;
      let m = distances.get(from);
      if (!m) {
        m = new Map();
        distances.set(from, m);
      }
      let km = m.get(to);
      if (km === undefined && !m.has(to)) {
        km = leastDistanceKm(from, to);
        m.set(to, km);
      }
      lastFrom = from;
      lastTo = to;
      lastKm = km;
      return km;
    };
    const names = new Map<Place, string>();
    const nameOf = (p: Place) => {
      let n = names.get(p);
      if (n === undefined) {
        n = placeName(p);
        names.set(p, n);
      }
      return n;
    };
    // One record of each kind, updated in place: a long history would otherwise make one per sign-in.
    let cityRecord: Seen | undefined;
    let boxRecord: Seen | undefined;
    const record = (r: Seen | undefined, time: number, at: Whereabouts): Seen => {
      if (!r) return { time, at };
      r.time = time;
      r.at = at;
      return r;
    };
    const note = (time: number, at: Whereabouts) => {
      if (at.point) {
        prevCity = cityRecord = record(cityRecord, time, at);
        prevBox = undefined;
      } else prevBox = boxRecord = record(boxRecord, time, at);
    };
    // Logins that are not judged (the activities hold none) still count as where the user was before a judged
    // sign-in, but only the latest of them matter: they are found looking back, so old history costs no place
    // lookups. A login sorts before a session of the same time.
    const logins = successfulLogins(ctx);
    const unjudged = unjudgedCount(ctx);
    // A login's group by its place and family numbers: a history of jumps repeats a few hundred groups tens of
    // thousands of times, and the group's own key is two texts.
    const { familyOf: familyIdOf, first: familyFirsts } = familyIndex(ctx);
    const families = familyFirsts.length;
    const groupOf = new Map<number, number>();
    let accounted = 0;
    // Each sign-in's time from the column: its row is read only for a finding.
    const actTimes = activityTimes(ctx);
    for (let i = 0; i < acts.length; i++) {
      const time = actTimes[i] as number;
      let end = accounted;
      while (end < unjudged && (times[end] as number) <= time) end++;
      let laterBox: Seen | undefined;
      for (let k = end - 1; k >= accounted; k--) {
        const b = logins[k] as TimedLogin;
        const at = locate(ctx, whereaboutsOf(ctx, b));
        if (at?.point) {
          note(b.time, at);
          break;
        }
        if (at && !laterBox) laterBox = { time: b.time, at };
      }
      if (laterBox) note(laterBox.time, laterBox.at);
      accounted = end;
      // `whereaboutsOf`, with the address's answer kept for the hosting rule.
      const here = whereAt(i);
      if (!here) continue;
      if ((prevCity || prevBox) && isEnoughBaseline(ctx, advance(time))) {
        // The city first: between cities the distance is exact, and it is what this rule always compared.
        for (let j = 0; j < 2; j++) {
          const prev = j === 0 ? prevCity : prevBox;
          const km = prev && distance(prev.at, here);
          if (!prev || km === undefined) continue;
          const hours = (time - prev.time) / HOUR;
          if (km <= kmh * Math.max(hours, 1) + SLACK_KM) continue;
          // One warning per place and device, however many sign-ins from there came too soon.
          const li = loginOf[i] as number;
          const slot = li >= 0 ? (placeIdOf[li] as number) * families + (familyIdOf[li] as number) : -1;
          const known = slot >= 0 ? groupOf.get(slot) : undefined;
          if (known !== undefined) {
            groups.count(known, time);
            break;
          }
          const a = acts[i] as Activity;
          const key = [nameOf(here.place), familyOf(a)];
          if (groups.repeat(key, a.time)) {
            const k = groups.get(key);
            if (slot >= 0 && k !== undefined) groupOf.set(slot, k);
            break;
          }
          const gap = hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${hours.toFixed(1)} h`;
          const from = nameOf(prev.at.place);
          const exact = prev.at.point && here.point;
          const finding: Finding = {
            rule: 'impossible-travel',
            subject: a.key,
            severity: 'high',
            reason: `Sign-in from ${nameOf(here.place)} ${gap} after one from ${from}, ${exact ? '' : 'at least '}${Math.round(km)} km away: faster than ${kmh} km/h, so it cannot be the same person travelling.`,
            message: {
              key: exact ? 'reason_impossibleTravel' : 'reason_impossibleTravelAtLeast',
              args: [
                placePart(here.place),
                hours < 1
                  ? { key: 'reason_minutes', args: [String(Math.max(1, Math.round(hours * 60)))] }
                  : { key: 'reason_hours', args: [hours.toFixed(1)] },
                placePart(prev.at.place),
                String(Math.round(km)),
                String(kmh),
              ],
            },
            evidence: {
              device: a.device,
              ip: a.ip,
              location: a.location,
              time: a.time,
              fromLocation: from,
              distanceKm: Math.round(km),
              hours: Math.round(hours * 100) / 100,
            },
          };
          const k = groups.add(key, finding);
          if (slot >= 0) groupOf.set(slot, k);
          break;
        }
      }
      note(time, here);
    }
    return groups.findings;
  },
};
