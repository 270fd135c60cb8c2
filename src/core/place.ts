import type { Bbox } from './geo';

export interface Place {
  city?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  lat?: number;
  lon?: number;
  /** 'city' when a city matched, 'country' when only the country did. */
  precision: 'city' | 'country' | 'unknown';
}

export interface City {
  name: string;
  country: string;
  lat: number;
  lon: number;
  /** Thousands of people (GeoNames); only ranks same-named cities. */
  population: number;
}

export interface CountryInfo {
  code: string;
  alpha3: string;
  /** The capital (or largest city): where "somewhere in this country" is drawn. */
  lat: number;
  lon: number;
  bbox: Bbox;
}

/** Cities by `placeKey` of their name, largest first. */
export interface CityLookup {
  get(key: string): readonly City[] | undefined;
}

/** Lookup tables built once from places.json; every key is `placeKey` of a name. */
export interface Gazetteer {
  /** Largest first. */
  readonly cities: CityLookup;
  /** Names that point at one country only ("Congo" points at two and is left out). */
  readonly countryNames: ReadonlyMap<string, string>;
  readonly regions: ReadonlyMap<string, readonly string[]>;
  readonly countries: ReadonlyMap<string, CountryInfo>;
  readonly alpha3: ReadonlyMap<string, string>;
  /** Countries that are one city (Singapore, Hong Kong): the country's name is the city's. */
  readonly cityStates: ReadonlyMap<string, City>;
  /** US state codes: "Ashburn, VA" is Virginia, not the Vatican, when the city is American. */
  readonly usStateCodes: ReadonlySet<string>;
  /** Places a text naming the country also accepts cities in ("Hong Kong, China", "San Juan, US"). */
  readonly territories: ReadonlyMap<string, readonly string[]>;
}

/**
 * The places file's format, written by scripts/gen-geo.mjs and the only one loadGazetteer reads. 3 carries the alias
 * tables of src/data/place-aliases.ts, which the worker's code no longer does; 1 and 2 lack them.
 */
export const PLACES_VERSION = 3;

// Runs of Latin letters with accents, ligatures and dotted/dotless i folded; CJK, Hangul, Cyrillic and
// Arabic kept as they are (NFC rejoins Hangul and kana that NFKD split).
const FOLD: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i', þ: 'th', ð: 'd' };

/** The matching form of a name: "Zürich" → "zurich", "Hong Kong SAR" → "hongkongsar", "ＴＯＫＹＯ" → "tokyo". */
export function placeKey(name: string): string {
  // Most names are plain ASCII; skipping Unicode normalisation for them halves the gazetteer's load time.
  if (/^[\x20-\x7e]*$/.test(name)) return name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßøæœłđıþð]/g, (c) => FOLD[c] ?? c)
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{M}]/gu, '');
}

/** The keys a city is found under: its name, and without a trailing " City" ("Ho Chi Minh City" → "Ho Chi Minh"). */
export function cityKeys(name: string): string[] {
  const keys = [placeKey(name)];
  // GeoNames writes "Ho Chi Minh City", "Kuwait City"; pages often drop the "City".
  const short = /^(.+?) City$/.exec(name)?.[1];
  if (short) keys.push(placeKey(short));
  return keys.filter((k, i) => k.length >= 2 && keys.indexOf(k) === i);
}

/** A city as places.json lists it (since v2): `[name, alpha-2, lat, lon, population in thousands]`. */
export type CityRow = [string, string, number, number, number];

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The city table places.json carries (since v2), so that loading does no per-city work: every city once, sorted by
 * `placeKey` of its name (plain string order), largest first under one key, so a lookup is a bisection that keys
 * only the few names it probes; and `keys`, the other keys a city goes by (`[key, ref, …]` sorted by key, refs
 * indexing `cities`). Written by scripts/gen-geo.mjs with this very function, so generator and lookups agree.
 */
export function indexCities(byCountry: readonly unknown[]): { cities: CityRow[]; keys: (string | number)[][] } {
  const list: { row: CityRow; key: string }[] = [];
  for (const r of byCountry as unknown[][]) {
    for (const c of r.slice(1) as unknown[][]) {
      const row: CityRow = [c[0] as string, r[0] as string, c[1] as number, c[2] as number, c[3] as number];
      list.push({ row, key: placeKey(row[0]) });
    }
  }
  list.sort(
    (a, b) =>
      compareKeys(a.key, b.key) ||
      b.row[4] - a.row[4] ||
      compareKeys(a.row[0], b.row[0]) ||
      compareKeys(a.row[1], b.row[1]),
  );
  const other = new Map<string, number[]>();
  list.forEach(({ row, key }, ref) => {
    for (const k of cityKeys(row[0])) {
      if (k === key) continue;
      const refs = other.get(k);
      if (refs) refs.push(ref);
      else other.set(k, [ref]);
    }
  });
  return {
    cities: list.map((x) => x.row),
    keys: [...other].sort(([a], [b]) => compareKeys(a, b)).map(([k, refs]) => [k, ...refs]),
  };
}

function fail(what: string): never {
  throw new Error(`places data: ${what}; regenerate it with \`node scripts/gen-data.mjs\``);
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const byPopulation = (a: City, b: City) => b.population - a.population;

/** Cap on memoised lookups: page text yields many distinct words, each looked up once or twice. */
const MAX_MEMO = 20_000;

/** Caps on the alias tables, whose rows are a few hundred and names a few dozen a row: past them a file is not ours. */
const MAX_ALIAS_ROWS = 2000;
const MAX_ALIAS_NAMES = 200;
const MAX_ALIAS_LENGTH = 100;

const isAlpha2 = (x: unknown): x is string => typeof x === 'string' && /^[A-Z]{2}$/.test(x);
const isName = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= MAX_ALIAS_LENGTH;

type CodeRow = [string, ...string[]];
/** `[city, alpha2, display name or "", ...keys]`. */
type CityAliasRow = [string, string, string, ...string[]];

interface AliasTables {
  cityAliases: readonly CityAliasRow[];
  countryAliases: readonly CodeRow[];
  regionHints: readonly CodeRow[];
  cityStates: readonly [string, string][];
  usStateCodes: readonly string[];
  territories: readonly CodeRow[];
}

/** One alias table: at most MAX_ALIAS_ROWS rows, each an array `head` names the first cells of and `rest` the others. */
function aliasRows<T>(
  value: unknown,
  what: string,
  head: readonly ((x: unknown) => boolean)[],
  rest: (x: unknown) => boolean,
): T[] {
  if (!Array.isArray(value) || value.length > MAX_ALIAS_ROWS) fail(`bad ${what}`);
  for (const row of value) {
    if (
      !Array.isArray(row) ||
      row.length <= head.length ||
      row.length > head.length + MAX_ALIAS_NAMES ||
      !head.every((ok, i) => ok(row[i])) ||
      !row.slice(head.length).every(rest)
    ) {
      fail(`bad ${what} row`);
    }
  }
  return value as T[];
}

/** The alias tables as scripts/gen-geo.mjs writes them, refused whole if any row is malformed or past the caps. */
function aliasTables(d: Record<string, unknown>): AliasTables {
  const display = (x: unknown) => x === '' || isName(x);
  const cityStates = d.cityStates;
  if (!Array.isArray(cityStates) || cityStates.length > MAX_ALIAS_ROWS) fail('bad city states');
  for (const row of cityStates) {
    if (!Array.isArray(row) || row.length !== 2 || !isAlpha2(row[0]) || !isName(row[1])) fail('bad city states row');
  }
  const usStateCodes = d.usStateCodes;
  if (!Array.isArray(usStateCodes) || usStateCodes.length > MAX_ALIAS_ROWS || !usStateCodes.every(isAlpha2)) {
    fail('bad US state codes');
  }
  return {
    cityAliases: aliasRows<CityAliasRow>(d.cityAliases, 'city aliases', [isName, isAlpha2, display], isName),
    countryAliases: aliasRows<CodeRow>(d.countryAliases, 'country aliases', [isAlpha2], isName),
    regionHints: aliasRows<CodeRow>(d.regionHints, 'region hints', [isAlpha2], isName),
    cityStates: cityStates as [string, string][],
    usStateCodes: usStateCodes as string[],
    territories: aliasRows<CodeRow>(d.territories, 'territories', [isAlpha2], isAlpha2),
  };
}

/**
 * Builds the lookup tables from the generated places.json (see scripts/gen-geo.mjs for the format). Cities become
 * objects only when a lookup reaches them: a worker that judges a few places never pays for 23,000 of them
 * (building them all took 0.2–0.6 s on a cold start). The alias tables are checked whole here, being small.
 */
export function loadGazetteer(data: unknown): Gazetteer {
  if (typeof data !== 'object' || data === null) fail('not an object');
  const d = data as Record<string, unknown>;
  if (d.version !== PLACES_VERSION) fail(`unknown version ${String(d.version)}`);
  if (!Array.isArray(d.countries) || !Array.isArray(d.countryNames) || !Array.isArray(d.cities)) {
    fail('missing tables');
  }
  if (!Array.isArray(d.cityKeys)) fail('missing city keys');
  const aliases = aliasTables(d);

  const countries = new Map<string, CountryInfo>();
  const alpha3 = new Map<string, string>();
  for (const row of d.countries as unknown[]) {
    const [code, a3, lat, lon, south, west, north, east] = row as unknown[];
    if (!isStr(code) || !isStr(a3) || ![lat, lon, south, west, north, east].every(isNum)) fail('bad country row');
    countries.set(code, {
      code,
      alpha3: a3,
      lat: lat as number,
      lon: lon as number,
      bbox: { south: south as number, west: west as number, north: north as number, east: east as number },
    });
    if (a3) alpha3.set(a3, code);
  }

  const flat = d.cities as unknown[];
  const otherKeys = d.cityKeys as unknown[];

  const keyCache: (string | undefined)[] = new Array(flat.length);
  const keyAt = (i: number): string => {
    let k = keyCache[i];
    if (k === undefined) {
      const name = (flat[i] as unknown[] | undefined)?.[0];
      k = isStr(name) ? placeKey(name) : '';
      keyCache[i] = k;
    }
    return k;
  };
  const made = new Map<number, City | null>();
  const cityAt = (ref: number): City | null => {
    let city = made.get(ref);
    if (city !== undefined) return city;
    const c = flat[ref];
    const [name, country, lat, lon, population] = (Array.isArray(c) ? c : []) as unknown[];
    // A bad row found late is skipped rather than thrown: judging must not stop on one city.
    city =
      isStr(name) && isStr(country) && isNum(lat) && isNum(lon) && isNum(population)
        ? { name, country, lat, lon, population }
        : null;
    made.set(ref, city);
    return city;
  };
  const otherRefs = (key: string): unknown[] | undefined => {
    let lo = 0;
    let hi = otherKeys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const row = otherKeys[mid] as unknown[] | undefined;
      const k = row?.[0] as string;
      if (k === key) return row;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  const fromIndex = (key: string): City[] => {
    let lo = 0;
    let hi = flat.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyAt(mid) < key) lo = mid + 1;
      else hi = mid;
    }
    const out: City[] = [];
    for (let i = lo; i < flat.length && keyAt(i) === key; i++) {
      const city = cityAt(i);
      if (city) out.push(city);
    }
    const more = otherRefs(key);
    for (let i = 1; more && i < more.length; i++) {
      const city = isNum(more[i]) ? cityAt(more[i] as number) : null;
      if (city && !out.includes(city)) out.push(city);
    }
    return out;
  };

  // Aliases: a few hundred names, each adding the largest city of that name in that country to more keys.
  const extra = new Map<string, City[]>();
  const largest = (country: string, name: string): City | undefined =>
    fromIndex(placeKey(name)).find((c) => c.country === country && c.name === name);
  for (const [name, country, display, ...keys] of aliases.cityAliases) {
    const city = largest(country, name);
    if (!city) continue;
    for (const key of keys) {
      if (key.length < 2) continue;
      const list = extra.get(key) ?? [];
      if (!list.includes(city)) list.push(city);
      extra.set(key, list);
    }
    if (display) city.name = display;
  }

  const memo = new Map<string, readonly City[] | undefined>();
  const cities: CityLookup = {
    get(key) {
      if (memo.has(key)) return memo.get(key);
      const list = fromIndex(key);
      for (const city of extra.get(key) ?? []) if (!list.includes(city)) list.push(city);
      list.sort(byPopulation);
      const value = list.length ? list : undefined;
      if (memo.size >= MAX_MEMO) memo.clear();
      memo.set(key, value);
      return value;
    },
  };

  const nameTargets = new Map<string, Set<string>>();
  // The file stores country names, and the aliases' names, as their keys already.
  const addName = (key: string, code: string) => {
    if (!key || !countries.has(code)) return;
    const set = nameTargets.get(key);
    if (set) set.add(code);
    else nameTargets.set(key, new Set([code]));
  };
  for (const row of d.countryNames as unknown[]) {
    if (!Array.isArray(row) || !row.every(isStr)) fail('bad country names row');
    const [code, ...names] = row as string[];
    if (code) for (const n of names) addName(n, code);
  }
  for (const [code, ...keys] of aliases.countryAliases) for (const key of keys) addName(key, code);
  const countryNames = new Map<string, string>();
  for (const [key, set] of nameTargets) {
    if (set.size === 1) countryNames.set(key, [...set][0] as string);
  }

  const regions = new Map<string, string[]>();
  for (const [code, ...keys] of aliases.regionHints) {
    for (const key of keys) {
      const list = regions.get(key) ?? [];
      if (!list.includes(code)) list.push(code);
      regions.set(key, list);
    }
  }

  const cityStates = new Map<string, City>();
  for (const [code, name] of aliases.cityStates) {
    const city = largest(code, name);
    if (city) cityStates.set(code, city);
  }

  const usStateCodes = new Set(aliases.usStateCodes);
  const territories = new Map(aliases.territories.map(([code, ...list]) => [code, list]));
  return { cities, countryNames, regions, countries, alpha3, cityStates, usStateCodes, territories };
}

/** Rough extent and representative point of a country, for distances when only the country is known. */
export function countryInfo(code: string, g: Gazetteer): CountryInfo | undefined {
  return g.countries.get(code);
}

const MAX_RAW = 2048;
const MAX_CLEAN = 256;
const MAX_SPAN_WORDS = 6;
const MAX_CJK_RUN = 24;

const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;
// Separators between the parts of "City, Region, Country" in the scripts sites use; a hyphen inside a
// name ("Rostov-na-Donu") is not one, a spaced dash is.
const SEPARATORS = /[,，、;；|/\\()（）[\]【】「」<>«»·•:：]|\s[-–—]\s|[–—]|\s{2,}/;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const ADMIN_SUFFIXES = [
  '特别行政区',
  '特別行政區',
  '特別行政区',
  '自治区',
  '自治區',
  '특별자치시',
  '특별시',
  '광역시',
  '市',
  '省',
  '区',
  '區',
  '县',
  '縣',
  '都',
  '府',
  '県',
  '道',
  '시',
  '도',
];
/** Words that are also town names but in a location cell mean something else ("Mobile network", "Of"). */
const STOP_WORDS = new Set(
  [
    'of',
    'the',
    'and',
    'city',
    'town',
    'unknown',
    'local',
    'private',
    'reserved',
    'other',
    'mobile',
    'normal',
    'network',
    'none',
    'null',
    'undefined',
    'vpn',
    'proxy',
    'lan',
    'home',
  ].map(placeKey),
);

interface Mention {
  /** Countries the words name (names, codes, flags). */
  countries: string[];
  /** Countries a region name implies. */
  regions: string[];
  cities: readonly City[];
}

function clean(text: string): string {
  return text
    .slice(0, MAX_RAW)
    .replace(/<[^<>]{0,300}>/g, ' ')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_CLEAN);
}

/** "🇸🇬" → "SG": two regional-indicator letters are a flag. */
function flags(text: string): { rest: string; codes: string[] } {
  const codes: string[] = [];
  const rest = text.replace(/([\u{1f1e6}-\u{1f1ff}])([\u{1f1e6}-\u{1f1ff}])/gu, (_m, a: string, b: string) => {
    codes.push(String.fromCharCode((a.codePointAt(0) ?? 0) - 0x1f1e6 + 65, (b.codePointAt(0) ?? 0) - 0x1f1e6 + 65));
    return ' , ';
  });
  return { rest, codes };
}

function lookup(raw: string, g: Gazetteer, isSingleWord: boolean): Mention | undefined {
  const key = placeKey(raw);
  if (!key) return undefined;
  const countries: string[] = [];
  const regions: string[] = [];
  const letters = raw.replace(/[^\p{L}]/gu, '');
  const isUpper = letters.length > 0 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
  const isCode = isSingleWord && isUpper && /^[A-Z]{2,3}$/.test(letters) && key.length === letters.length;
  // Codes only in capitals: "in", "us" and "de" are words; "IN", "US", "DE" are countries. A code wins over
  // a name that folds to the same letters (Vietnamese "Mỹ" is the US, "MY" is Malaysia).
  const code = !isCode
    ? undefined
    : letters.length === 2
      ? g.countries.has(letters)
        ? letters
        : undefined
      : g.alpha3.get(letters);
  if (code) countries.push(code);
  if (isCode && g.usStateCodes.has(letters)) regions.push('US');
  const named = code ? undefined : g.countryNames.get(key);
  if (named && (isCode || key.length > 2 || !/^[a-z]+$/.test(key))) countries.push(named);
  for (const r of g.regions.get(key) ?? []) if (!regions.includes(r)) regions.push(r);
  const cities =
    (isSingleWord && STOP_WORDS.has(key)) || (key.length < 3 && /^[a-z]+$/.test(key)) ? [] : (g.cities.get(key) ?? []);
  if (!countries.length && !regions.length && !cities.length) return undefined;
  return { countries, regions, cities };
}

/** Tries the name as written, then without an administrative suffix ("深圳市" → "深圳", "서울특별시" → "서울"). */
function lookupCjk(raw: string, g: Gazetteer): Mention | undefined {
  const direct = lookup(raw, g, true);
  if (direct) return direct;
  for (const suffix of ADMIN_SUFFIXES) {
    if (raw.length > suffix.length && raw.endsWith(suffix)) {
      const m = lookup(raw.slice(0, -suffix.length), g, true);
      if (m) return m;
    }
  }
  return undefined;
}

/** Unspaced CJK ("中国广东省深圳市"): the longest known name at each position, left to right. */
function segmentCjk(run: string, g: Gazetteer, out: Mention[]): void {
  const chars = [...run].slice(0, MAX_CJK_RUN);
  let i = 0;
  while (i < chars.length) {
    let found: Mention | undefined;
    let end = i + 1;
    for (let j = chars.length; j > i; j--) {
      found = lookupCjk(chars.slice(i, j).join(''), g);
      if (found) {
        end = j;
        break;
      }
    }
    if (found) out.push(found);
    i = end;
  }
}

function mentionsOf(text: string, g: Gazetteer): Mention[] {
  const out: Mention[] = [];
  for (const segment of text.split(SEPARATORS)) {
    const words = segment.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w));
    let i = 0;
    while (i < words.length) {
      let matched = false;
      for (let n = Math.min(MAX_SPAN_WORDS, words.length - i); n >= 1; n--) {
        const m = lookup(words.slice(i, i + n).join(' '), g, n === 1);
        if (m) {
          out.push(m);
          i += n;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      const word = words[i] ?? '';
      if (CJK.test(word)) segmentCjk(word, g, out);
      i++;
    }
  }
  return out;
}

function withTerritories(codes: readonly string[], g: Gazetteer): Set<string> {
  const out = new Set(codes);
  for (const c of codes) for (const t of g.territories.get(c) ?? []) out.add(t);
  return out;
}

function cityPlace(c: City): Place {
  return { city: c.name, country: c.country, lat: c.lat, lon: c.lon, precision: 'city' };
}

function countryPlace(code: string, g: Gazetteer): Place {
  const info = g.countries.get(code);
  return info ? { country: code, lat: info.lat, lon: info.lon, precision: 'country' } : { precision: 'unknown' };
}

/**
 * Reads a location cell ("Hong Kong, HK", "Frankfurt, DE", "上海, 中国", "Москва, Россия", "Unknown").
 * A city the stated country does not have degrades to that country; nothing known gives 'unknown'.
 */
export function resolvePlace(text: string, g: Gazetteer): Place {
  const { rest, codes } = flags(clean(text));
  const mentions = mentionsOf(rest, g);
  if (codes.length) mentions.push({ countries: codes.filter((c) => g.countries.has(c)), regions: [], cities: [] });

  const stated: string[] = [];
  const hinted: string[] = [];
  for (const m of mentions) {
    for (const c of m.countries) if (!stated.includes(c)) stated.push(c);
    for (const r of m.regions) if (!hinted.includes(r)) hinted.push(r);
  }
  const pureCities = mentions.filter((m) => m.cities.length && !m.countries.length);
  // What the other words say: "Ontario" is the Californian city next to "California", the province alone.
  const supportedElsewhere = (m: Mention): Set<string> =>
    withTerritories(
      mentions.filter((o) => o !== m).flatMap((o) => [...o.countries, ...o.regions]),
      g,
    );

  const pick = (allowed: Set<string> | undefined): City | undefined => {
    for (const m of pureCities) {
      const support = m.regions.length ? supportedElsewhere(m) : undefined;
      const hit = m.cities.find((c) => (!allowed || allowed.has(c.country)) && (!support || support.has(c.country)));
      if (hit) return hit;
    }
    return undefined;
  };
  const city = stated.length
    ? (pick(withTerritories(stated, g)) ?? pick(withTerritories(hinted, g)))
    : hinted.length
      ? (pick(withTerritories(hinted, g)) ?? pick(undefined))
      : pick(undefined);
  if (city) return cityPlace(city);

  // "Hong Kong SAR, China" is Hong Kong: a territory the text names beats its parent.
  const parents = new Set(stated.filter((c) => (g.territories.get(c) ?? []).some((t) => stated.includes(t))));
  const country = stated.find((c) => !parents.has(c)) ?? hinted[0];
  if (!country) return { precision: 'unknown' };
  const cityState = g.cityStates.get(country);
  return cityState ? cityPlace(cityState) : countryPlace(country, g);
}
