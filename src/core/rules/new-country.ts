import { countriesPart, countryName, countryPart, listWords } from '../enrich';
import type { Place } from '../place';
import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityLoginIndex,
  activityPlaces,
  activityTrusted,
  deviceLabel,
  familyOf,
  hasFamilyBefore,
  isEnoughBaseline,
  isTellingFamily,
  locate,
  loginPlaces,
  placeBaselineCursor,
} from './history';
import { KnownPlaces } from './known-places';
import { activityNetworks, isRentedNetwork } from './network';
import type { Rule } from './rule';

/** A sign-in from a country none of the account's earlier logins came from. */
export const newCountry: Rule = {
  id: 'new-country',
  title: 'A sign-in from a country your account has not been used from',
  evaluate(ctx) {
    const groups = new FindingGroups();
    if (!ctx.geo) return groups.findings;
    const known = new KnownPlaces((p) => locate(ctx, p)?.box);
    // One function for the whole history, not one per login fed.
    const isKnown = (p: Place) => known.has(p);
    const advance = placeBaselineCursor(ctx, isKnown, (p) => known.add(p));
    const acts = activities(ctx);
    const networkAt = activityNetworks(ctx);
    const placeAt = activityPlaces(ctx);
    const trustedAt = activityTrusted(ctx);
    // Places (by their number in `loginPlaces`) this rule has settled for good: no country, or one the baseline
    // holds or borders (the baseline only grows). Most sign-ins of a history stop here.
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
      if (!place?.country) {
        if (id >= 0) settled[id] = 1;
        continue;
      }
      if (!isEnoughBaseline(ctx, advance(a.time))) continue;
      const countries = known.countries;
      // Only the history's *places* count: no known place means nothing to compare with.
      if (!countries.length) continue;
      if (countries.includes(place.country)) {
        if (id >= 0) settled[id] = 1;
        continue;
      }
      // A carrier hop over a border (Hong Kong → Shenzhen) is a new country but not a new region. A place known
      // only by its country may be its near edge: unsure, so quiet.
      if (known.leastKm(place) <= ctx.thresholds.newCityRadiusKm) {
        if (id >= 0) settled[id] = 1;
        continue;
      }
      // A rented network's place is the server's, not a person's: the hosting rule judges it, trusted or not.
      const net = networkAt.at(i);
      if (isRentedNetwork(net)) continue;
      const trusted = trustedAt.at(i);
      const family = familyOf(a);
      const usual = trusted || (isTellingFamily(family) && hasFamilyBefore(ctx, family, a.time));
      const key = [place.country, family, usual];
      if (groups.repeat(key, a.time)) continue;
      const where = listWords(countries.map(countryName));
      groups.add(key, {
        rule: 'new-country',
        subject: a.key,
        // The user's own identity on an access network abroad is what a trip looks like; alone it is low, and the
        // incident it joins turns high when another sign (impossible travel, the same identity at home meanwhile,
        // failed sign-ins) says the identity was copied.
        severity: usual ? 'low' : 'high',
        reason: usual
          ? `First sign-in from ${countryName(place.country)}; your sessions so far were in ${where}. It was on ${trusted ? 'a trusted device' : 'your usual device'}, so it may be a VPN or a trip.`
          : `First sign-in from ${countryName(place.country)}; your sessions so far were in ${where}, and ${deviceLabel(a)} is not a device you have used before.`,
        message: usual
          ? {
              key: trusted ? 'reason_newCountryTrusted' : 'reason_newCountryUsual',
              args: [countryPart(place.country), countriesPart(countries)],
            }
          : {
              key: 'reason_newCountry',
              args: [
                countryPart(place.country),
                countriesPart(countries),
                a.device || { key: 'reason_anUnnamedDevice', args: [] },
              ],
            },
        evidence: {
          device: a.device,
          ip: a.ip,
          location: a.location,
          time: a.time,
          country: place.country,
          ...(net ? { provider: net.name, asn: net.asn, network: net.kind } : {}),
          ...(usual ? { identity: trusted ? 'trusted' : 'usual' } : {}),
        },
      });
    }
    return groups.findings;
  },
};
