import { hasCityCoords, listPart, listWords, placeName, placePart } from '../enrich';
import type { Place } from '../place';
import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityLoginIndex,
  activityPlaces,
  activityTrusted,
  familyOf,
  hasFamilyBefore,
  isEnoughBaseline,
  isTellingFamily,
  loginPlaces,
  placeBaselineCursor,
} from './history';
import { KnownPlaces } from './known-places';
import { activityNetworks, isRentedNetwork } from './network';
import type { Rule } from './rule';

/** A sign-in from a city farther than the radius from every place the account was used from. */
export const newCity: Rule = {
  id: 'new-city',
  title: 'A sign-in from a city far from the places you use your account',
  evaluate(ctx) {
    const groups = new FindingGroups();
    const radius = ctx.thresholds.newCityRadiusKm;
    if (!ctx.geo) return groups.findings;
    const known = new KnownPlaces();
    // One function for the whole history, not one per login fed.
    const isKnown = (p: Place) => known.has(p);
    const advance = placeBaselineCursor(ctx, isKnown, (p) => known.add(p));
    const acts = activities(ctx);
    const networkAt = activityNetworks(ctx);
    const placeAt = activityPlaces(ctx);
    const trustedAt = activityTrusted(ctx);
    // Places (by their number in `loginPlaces`) this rule has settled for good: no city, or a known one within the
    // radius (the baseline only grows, so a place near it stays near). Most sign-ins of a history stop here.
    const loginOf = activityLoginIndex(ctx);
    const { of: placeIdOf, places } = loginPlaces(ctx);
    const settled = new Uint8Array(places.length);
    for (let i = 0; i < acts.length; i++) {
      const a = acts[i] as Activity;
      const li = loginOf[i] as number;
      const id = li >= 0 ? (placeIdOf[li] as number) : -1;
      if (id >= 0 && settled[id]) continue;
      // The place first and the address last: a hosting address hides the place (as `whereaboutsOf`), but the
      // lookup is the costly part and most sign-ins are settled before it.
      const place = placeAt.at(i);
      if (!hasCityCoords(place)) {
        if (id >= 0) settled[id] = 1;
        continue;
      }
      if (!isEnoughBaseline(ctx, advance(a.time))) continue;
      // A new country is its own rule; this one is about moving within countries already seen.
      if (!known.hasCityIn(place.country)) continue;
      const nearest = known.nearestKm(place);
      if (nearest <= radius) {
        if (id >= 0) settled[id] = 1;
        continue;
      }
      // A rented network's place is the server's (the hosting rule judges it); a mobile carrier's address pools
      // are placed wherever the carrier's gateway is, so its hops across the country are no move at all.
      const net = networkAt.at(i);
      if (isRentedNetwork(net) || net?.kind === 'mobile') continue;
      const family = familyOf(a);
      const own = trustedAt.at(i) || (isTellingFamily(family) && hasFamilyBefore(ctx, family, a.time));
      const key = [placeName(place), family, own];
      if (groups.repeat(key, a.time)) continue;
      groups.add(key, {
        rule: 'new-city',
        subject: a.key,
        // The user's own identity in another city of their country is a trip, alone.
        severity: own ? 'low' : 'medium',
        reason: `Sign-in from ${placeName(place)}, ${Math.round(nearest)} km from the nearest place you used before (${listWords(known.cityNames)}).`,
        message: {
          key: 'reason_newCity',
          args: [placePart(place), String(Math.round(nearest)), listPart(known.cityNames)],
        },
        evidence: {
          device: a.device,
          ip: a.ip,
          location: a.location,
          time: a.time,
          distanceKm: Math.round(nearest),
          ...(net ? { provider: net.name, asn: net.asn, network: net.kind } : {}),
        },
      });
    }
    return groups.findings;
  },
};
