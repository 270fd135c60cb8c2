import { hasCityCoords, placeName } from '../enrich';
import { haversineKm } from '../geo';
import type { Place } from '../place';
import type { Finding } from '../types';
import { type Activity, activities, baselineCursor, isEnoughBaseline, isJudged, whereaboutsOf } from './history';
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
    const out: Finding[] = [];
    const kmh = ctx.thresholds.impossibleTravelKmh;
    if (!ctx.geo) return out;
    let prev: { time: number; place: Place & { lat: number; lon: number } } | undefined;
    const advance = baselineCursor(ctx, () => {});
    const acts = activities(ctx);
    const names = new Map<Place, string>();
    const nameOf = (p: Place) => {
      let n = names.get(p);
      if (n === undefined) {
        n = placeName(p);
        names.set(p, n);
      }
      return n;
    };
    // Sign-ins that are not judged still count as where the user was before a judged one, but only the latest
    // of them matters: it is found looking back, so old history costs no place lookups.
    let accounted = 0;
    for (let i = 0; i < acts.length; i++) {
      const a = acts[i] as Activity;
      if (!isJudged(ctx, a)) continue;
      for (let k = i - 1; k >= accounted; k--) {
        const b = acts[k] as Activity;
        const p = whereaboutsOf(ctx, b);
        if (hasCityCoords(p)) {
          prev = { time: b.time, place: p };
          break;
        }
      }
      accounted = i + 1;
      const place = whereaboutsOf(ctx, a);
      if (!hasCityCoords(place)) continue;
      if (prev && isEnoughBaseline(ctx, advance(a.time))) {
        const km = haversineKm(prev.place, place);
        const hours = (a.time - prev.time) / HOUR;
        if (km > kmh * Math.max(hours, 1) + SLACK_KM) {
          const gap = hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${hours.toFixed(1)} h`;
          const from = nameOf(prev.place);
          out.push({
            rule: 'impossible-travel',
            subject: a.subject,
            severity: 'high',
            reason: `Sign-in from ${nameOf(place)} ${gap} after one from ${from}, ${Math.round(km)} km away: faster than ${kmh} km/h, so it cannot be the same person travelling.`,
            evidence: {
              device: a.device,
              ip: a.ip,
              location: a.location,
              time: a.time,
              fromLocation: from,
              distanceKm: Math.round(km),
              hours: Math.round(hours * 100) / 100,
            },
          });
        }
      }
      prev = { time: a.time, place };
    }
    return out;
  },
};
