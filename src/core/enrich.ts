import type { Place } from './place';
import { PART_COUNTRIES, PART_COUNTRY, PART_LIST, PART_PLACE, PART_TIME, regionName } from './reason-parts';
import type { GeoLookup, HostingInfo } from './rules/rule';
import type { ReasonPart } from './types';

export { PART_COUNTRIES, PART_COUNTRY, PART_LIST, PART_PLACE, PART_TIME } from './reason-parts';

export interface Enriched {
  /** Where the row says it was, when the text names a place the gazetteer knows. */
  place?: Place;
  hosting?: HostingInfo;
}

/** Place and hosting of a session or login row; nothing when the lookups are absent or know nothing. */
export function enrich(geo: GeoLookup | undefined, row: { location?: string; ip?: string }): Enriched {
  if (!geo) return {};
  const out: Enriched = {};
  const hosting = row.ip ? geo.lookupHosting(row.ip) : undefined;
  if (hosting) out.hosting = hosting;
  const place = row.location ? geo.resolvePlace(row.location) : undefined;
  if (place && place.precision !== 'unknown') out.place = place;
  return out;
}

/**
 * The place to compare with others: a datacenter's address says where the server is, not the person, so a
 * hosting IP makes the place unknown rather than a jump.
 */
export function whereabouts(e: Enriched): Place | undefined {
  return e.hosting ? undefined : e.place;
}

/** A place with coordinates precise to a city: what distances may be measured between. */
export function hasCityCoords(p: Place | undefined): p is Place & { lat: number; lon: number } {
  return p?.precision === 'city' && p.lat !== undefined && p.lon !== undefined;
}

const countryNames = new Map<string, string>();

/** "NG" → "Nigeria", in English as the pages name it (reason-parts.ts); the code itself when the runtime has no names. */
export function countryName(code: string): string {
  // Reasons name countries in every warning of a long history; Intl is slow per call.
  let name = countryNames.get(code);
  if (name === undefined) {
    name = regionName(code, 'en') ?? code;
    if (countryNames.size < 1000) countryNames.set(code, name);
  }
  return name;
}

export function placeName(p: Place): string {
  if (p.city) return p.country && countryName(p.country) !== p.city ? `${p.city}, ${countryName(p.country)}` : p.city;
  return p.country ? countryName(p.country) : 'an unknown place';
}

/** "Hong Kong and Singapore", "A, B and C", capped so a long history stays one readable line. */
export function listWords(words: string[], max = 3): string {
  const unique = [...new Set(words)];
  const shown = unique.slice(0, max);
  const more = unique.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** `{=country}` for "NG", shown "Nigeria", "尼日利亚", "نيجيريا". */
export function countryPart(code: string): ReasonPart {
  return { key: PART_COUNTRY, args: [code] };
}

/** A place as `placeName` words it: the city, its country by code when it names one besides the city. */
export function placePart(p: Place): ReasonPart | string {
  if (!p.city && !p.country) return placeName(p);
  return { key: PART_PLACE, args: [p.city ?? '', p.country ?? ''] };
}

function listed(key: string, items: string[], max: number): ReasonPart {
  const unique = [...new Set(items)];
  return { key, args: [String(Math.max(0, unique.length - max)), ...unique.slice(0, max)] };
}

/** Countries by code, as `listWords(codes.map(countryName))` words them. */
export function countriesPart(codes: string[], max = 3): ReasonPart {
  return listed(PART_COUNTRIES, codes, max);
}

/** Words shown as they are (city names as the site wrote them), as `listWords` joins them. */
export function listPart(words: string[], max = 3): ReasonPart {
  return listed(PART_LIST, words, max);
}

/**
 * A moment in a time zone, "Sun 1 Mar, 03:00" (`date`) or "Sun 03:00" (`weekday`), in the reader's language.
 */
export function timePart(time: number, timeZone: string, style: 'date' | 'weekday'): ReasonPart {
  return { key: PART_TIME, args: [String(time), timeZone, style] };
}
