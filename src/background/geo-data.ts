import { type HostingTable, loadHostingTable, lookupHosting } from '../core/hosting';
import { countryInfo, type Gazetteer, loadGazetteer, type Place, resolvePlace } from '../core/place';
import type { GeoLookup } from '../core/rules/rule';
// Static imports put the tables in the worker bundle only; nothing under src/content or src/core/extract may
// import this module, so the content script stays small.
import hostingData from '../data/generated/hosting.json';
import placesData from '../data/generated/places.json';

/** Location cells repeat across scans; the cap bounds memory if a page sends thousands of distinct ones. */
const MAX_CACHED = 5000;

let geo: GeoLookup | undefined;

export function buildGeo(places: unknown, hosting: unknown): GeoLookup {
  const gazetteer: Gazetteer = loadGazetteer(places);
  const table: HostingTable = loadHostingTable(hosting);
  const cache = new Map<string, Place>();
  return {
    resolvePlace(text) {
      let p = cache.get(text);
      if (!p) {
        p = resolvePlace(text, gazetteer);
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(text, p);
      }
      return p;
    },
    lookupHosting: (ip) => lookupHosting(ip, table),
    countryBbox: (code) => countryInfo(code, gazetteer)?.bbox,
  };
}

/** The lookups, built on first use: a worker woken for an alarm or a message that judges nothing skips the load. */
export function getGeo(): GeoLookup {
  geo ??= buildGeo(placesData, hostingData);
  return geo;
}
