import { hasCityCoords, listWords, placeName, whereabouts } from '../enrich';
import { haversineKm } from '../geo';
import type { Finding } from '../types';
import { activities, enrichRow, historyBefore, isEnoughBaseline } from './history';
import type { Rule } from './rule';

/** A sign-in from a city farther than the radius from every place the account was used from. */
export const newCity: Rule = {
  id: 'new-city',
  title: 'A sign-in from a city far from the places you use your account',
  evaluate(ctx) {
    const out: Finding[] = [];
    const radius = ctx.thresholds.newCityRadiusKm;
    for (const a of activities(ctx)) {
      const place = whereabouts(enrichRow(ctx, a));
      if (!hasCityCoords(place)) continue;
      const baseline = historyBefore(ctx, a.time);
      if (!isEnoughBaseline(ctx, baseline)) continue;
      const known = baseline.map((l) => whereabouts(enrichRow(ctx, l))).filter(hasCityCoords);
      // A new country is its own rule; this one is about moving within countries already seen.
      if (!known.some((p) => p.country === place.country)) continue;
      const nearest = Math.min(...known.map((p) => haversineKm(p, place)));
      if (nearest <= radius) continue;
      out.push({
        rule: 'new-city',
        subject: a.subject,
        severity: 'medium',
        reason: `Sign-in from ${placeName(place)}, ${Math.round(nearest)} km from the nearest place you used before (${listWords(known.map((p) => p.city ?? placeName(p)))}).`,
        evidence: { device: a.device, ip: a.ip, location: a.location, time: a.time, distanceKm: Math.round(nearest) },
      });
    }
    return out;
  },
};
