import { hasCityCoords, placeName, whereabouts } from '../enrich';
import { haversineKm } from '../geo';
import type { Place } from '../place';
import type { Finding } from '../types';
import { activities, enrichRow, historyBefore, isEnoughBaseline } from './history';
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
    let prev: { time: number; place: Place & { lat: number; lon: number } } | undefined;
    for (const a of activities(ctx)) {
      const place = whereabouts(enrichRow(ctx, a));
      if (!hasCityCoords(place)) continue;
      if (prev && isEnoughBaseline(ctx, historyBefore(ctx, a.time))) {
        const km = haversineKm(prev.place, place);
        const hours = (a.time - prev.time) / HOUR;
        if (km > kmh * Math.max(hours, 1) + SLACK_KM) {
          const gap = hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${hours.toFixed(1)} h`;
          out.push({
            rule: 'impossible-travel',
            subject: a.subject,
            severity: 'high',
            reason: `Sign-in from ${placeName(place)} ${gap} after one from ${placeName(prev.place)}, ${Math.round(km)} km away: faster than ${kmh} km/h, so it cannot be the same person travelling.`,
            evidence: {
              device: a.device,
              ip: a.ip,
              location: a.location,
              time: a.time,
              fromLocation: placeName(prev.place),
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
