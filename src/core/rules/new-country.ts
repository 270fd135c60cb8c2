import { countryName, hasCityCoords, listWords, whereabouts } from '../enrich';
import { haversineKm } from '../geo';
import type { Finding } from '../types';
import {
  activities,
  deviceLabel,
  enrichRow,
  historyBefore,
  isEnoughBaseline,
  isTrusted,
  isUsualDevice,
} from './history';
import type { Rule } from './rule';

/** A sign-in from a country none of the account's earlier logins came from. */
export const newCountry: Rule = {
  id: 'new-country',
  title: 'A sign-in from a country your account has not been used from',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const a of activities(ctx)) {
      const place = whereabouts(enrichRow(ctx, a));
      if (!place?.country) continue;
      const baseline = historyBefore(ctx, a.time);
      if (!isEnoughBaseline(ctx, baseline)) continue;
      const known = baseline.map((l) => whereabouts(enrichRow(ctx, l))).filter((p) => p !== undefined);
      const countries = known.map((p) => p.country).filter((c): c is string => c !== undefined);
      // Only the history's *places* count: no known place means nothing to compare with.
      if (!countries.length || countries.includes(place.country)) continue;
      // A carrier hop over a border (Hong Kong → Shenzhen) is a new country but not a new region.
      if (
        hasCityCoords(place) &&
        known.some((p) => hasCityCoords(p) && haversineKm(p, place) <= ctx.thresholds.newCityRadiusKm)
      )
        continue;
      const trusted = isTrusted(ctx, a);
      const usual = trusted || isUsualDevice(baseline, a);
      const where = listWords(countries.map(countryName));
      out.push({
        rule: 'new-country',
        subject: a.subject,
        severity: usual ? 'medium' : 'high',
        reason: usual
          ? `First sign-in from ${countryName(place.country)}; your sessions so far were in ${where}. It was on ${trusted ? 'a trusted device' : 'your usual device'}, so it may be a VPN or a trip.`
          : `First sign-in from ${countryName(place.country)}; your sessions so far were in ${where}, and ${deviceLabel(a)} is not a device you have used before.`,
        evidence: { device: a.device, ip: a.ip, location: a.location, time: a.time, country: place.country },
      });
    }
    return out;
  },
};
