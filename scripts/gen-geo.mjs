// Writes src/data/generated/places.json from installed npm data (no network):
//   worldcities      GeoNames cities ≥15k people (names, coordinates, population) and capitals
//   world-atlas      Natural Earth 1:50m country shapes, for each country's rough extent
//   i18n-iso-countries, country-to-iso, and the runtime's CLDR (Intl.DisplayNames): country names
//   src/data/place-aliases.ts  the project's own alias tables (other spellings, regions, territories), written into
//                              the file so the worker's code carries none of them
// Output is deterministic for a given set of package versions and Node ICU version.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PLACES_PATH = resolve(root, 'src/data/generated/places.json');
export const PLACES_SOURCES = ['worldcities', 'world-atlas', 'i18n-iso-countries', 'country-to-iso'];

const MIN_POPULATION = 15_000;
/** Languages the exchanges' sites are offered in; names in these are what their location columns print. */
const LANGS = [
  'en',
  'zh',
  'ja',
  'ko',
  'ru',
  'tr',
  'vi',
  'es',
  'pt',
  'fr',
  'de',
  'ar',
  'it',
  'nl',
  'pl',
  'uk',
  'id',
  'th',
];
/** Extra CLDR locales i18n-iso-countries lacks (traditional Chinese for zh-TW/zh-HK sites). */
const CLDR_LOCALES = ['zh-Hant', 'zh-Hant-HK', ...LANGS];

const round2 = (x) => Math.round(x * 100) / 100;

function readJson(specifier) {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8'));
}

export function packageVersion(name) {
  return readJson(`${name}/package.json`).version;
}

/** Every ring's points of every country in a TopoJSON topology, as [alpha2, polygons[][]]. */
function countryPolygons(numericToAlpha2) {
  const topo = readJson('world-atlas/countries-50m.json');
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  // Arcs are delta-encoded quantised points.
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  const arcPoints = (i) => arcs[i < 0 ? ~i : i];
  const out = new Map();
  for (const g of topo.objects.countries.geometries) {
    const code = g.id === undefined ? undefined : numericToAlpha2(g.id);
    if (!code) continue;
    const polys = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
    const list = out.get(code) ?? [];
    for (const rings of polys) {
      // The outer ring bounds the polygon; holes cannot extend it.
      const pts = rings[0].flatMap(arcPoints);
      list.push(pts);
    }
    out.set(code, list);
  }
  return out;
}

/** A shape's box; `w > e` when the shape itself straddles the antimeridian (Fiji's Vanua Levu, Chukotka). */
function boxOfPoints(pts) {
  let s = 90;
  let n = -90;
  for (const [, y] of pts) {
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  const [w, e] = coveringArc(pts.map(([x]) => [x, x]));
  return { s, w, n, e };
}

/** Non-wrapping pieces of a possibly wrapping interval. */
function pieces(w, e) {
  return w <= e
    ? [[w, e]]
    : [
        [w, 180],
        [-180, e],
      ];
}

/**
 * The narrowest longitude arc covering every interval: the complement of the widest gap between them.
 * Natural Earth splits shapes at ±180, so Russia or Fiji come as pieces that only join across the antimeridian.
 */
function coveringArc(intervals) {
  const sorted = intervals.map(([w, e]) => [w, e]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged = [];
  for (const iv of sorted) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push(iv);
  }
  let gap = merged[0][0] + 360 - merged[merged.length - 1][1];
  let west = merged[0][0];
  let east = merged[merged.length - 1][1];
  for (let i = 1; i < merged.length; i++) {
    const g = merged[i][0] - merged[i - 1][1];
    if (g > gap) {
      gap = g;
      west = merged[i][0];
      east = merged[i - 1][1];
    }
  }
  return [west, east];
}

function insideBox(box, lat, lon, pad) {
  const inLon = pieces(box.w, box.e).some(([w, e]) => lon >= w - pad && lon <= e + pad);
  return inLon && lat >= box.s - pad && lat <= box.n + pad;
}

/**
 * A country's rough extent: the shapes that hold at least one of its cities, plus its largest shape,
 * so that French Guiana does not stretch France across the Atlantic while Alaska stays in the US.
 * Without a shape (Kosovo, tiny islands at 1:50m) the cities alone decide, padded a little.
 */
function countryBox(polys, cityPoints) {
  const intervals = [];
  let s = 90;
  let n = -90;
  const boxes = polys.map((p) => ({ box: boxOfPoints(p), size: p.length }));
  if (boxes.length) {
    const largest = boxes.reduce((a, b) => (b.size > a.size ? b : a));
    for (const b of boxes) {
      const holdsCity = cityPoints.some(([lat, lon]) => insideBox(b.box, lat, lon, 0.05));
      if (b !== largest && !holdsCity) continue;
      intervals.push(...pieces(b.box.w, b.box.e));
      s = Math.min(s, b.box.s);
      n = Math.max(n, b.box.n);
    }
  }
  const pad = boxes.length ? 0 : 0.25;
  for (const [lat, lon] of cityPoints) {
    intervals.push([lon - pad, lon + pad]);
    s = Math.min(s, lat - pad);
    n = Math.max(n, lat + pad);
  }
  if (!intervals.length) return undefined;
  const [west, east] = coveringArc(
    intervals.flatMap(([w, e]) => pieces(w < -180 ? w + 360 : w, e > 180 ? e - 360 : e)),
  );
  return [round2(s), round2(west), round2(n), round2(east)];
}

function countryNames(isoCountries, codes) {
  const byCode = new Map(codes.map((c) => [c, new Set()]));
  const add = (code, name) => {
    const set = byCode.get(code);
    if (set && typeof name === 'string' && name.trim()) set.add(name.trim());
  };
  for (const lang of LANGS) {
    isoCountries.registerLocale(readJson(`i18n-iso-countries/langs/${lang}.json`));
    for (const code of codes) {
      for (const name of isoCountries.getName(code, lang, { select: 'all' }) ?? []) add(code, name);
    }
  }
  for (const locale of CLDR_LOCALES) {
    const dn = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    for (const code of codes) add(code, dn.of(code));
  }
  // country-to-iso keys are pre-normalised English variants ("HONGKONGSAR", "HOLLAND"); two- and three-letter
  // keys are codes ("AND", "CAN") that would read ordinary words as countries, so they stay out.
  const variants = readJson('country-to-iso/data/names.json');
  for (const [key, code] of Object.entries(variants).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (key.length > 3) add(code, key);
  }
  return codes.map((code) => [code, ...[...byCode.get(code)].sort()]);
}

/** Distinct non-empty `placeKey`s of `names`, in their first order. */
const keysOf = (placeKey, names) => [...new Set(names.map(placeKey).filter(Boolean))];

/**
 * The alias tables of src/data/place-aliases.ts as rows (formats in `serialise`'s comments below). Names that are
 * only matched are written as their keys, as country names are; names a place is shown by (a city's, its display
 * name) stay as written. Order is the source's: the loader builds its maps in it.
 */
export async function buildAliases(placeKey) {
  const a = await tsImport('../src/data/place-aliases.ts', import.meta.url);
  const countryAliases = new Map();
  for (const [name, code] of Object.entries(a.COUNTRY_ALIASES)) {
    countryAliases.set(code, [...(countryAliases.get(code) ?? []), name]);
  }
  return {
    cityAliases: a.CITY_ALIASES.map((c) => [
      c.city,
      c.country,
      c.display ?? '',
      ...keysOf(placeKey, [...c.names, ...(c.display ? [c.display] : [])]),
    ]),
    countryAliases: [...countryAliases].map(([code, names]) => [code, ...keysOf(placeKey, names)]),
    regionHints: Object.entries(a.REGION_HINTS).map(([code, names]) => [code, ...keysOf(placeKey, names)]),
    cityStates: Object.entries(a.CITY_STATES),
    usStateCodes: [...a.US_STATE_CODES],
    territories: Object.entries(a.TERRITORIES).map(([code, list]) => [code, ...list]),
  };
}

/**
 * The matching keys come from the runtime's own code (src/core/place.ts), so the index and the lookups agree.
 * Keys of country names replace the names: the runtime would only key them again.
 */
export async function buildPlaces() {
  const { indexCities, placeKey, PLACES_VERSION } = await tsImport('../src/core/place.ts', import.meta.url);
  const isoCountries = require('i18n-iso-countries');
  const rawCities = readJson('worldcities/data/cities.json');
  const rawCountries = readJson('worldcities/data/countries.json');
  const polygons = countryPolygons((id) => isoCountries.numericToAlpha2(id));

  const cities = rawCities
    .filter((c) => c[4] >= MIN_POPULATION && /^[A-Z]{2}$/.test(c[3]))
    .map(([lat, lon, name, cc, pop]) => [name, cc, round2(lat), round2(lon), pop])
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : b[4] - a[4] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));

  const citiesByCountry = new Map();
  for (const c of cities) {
    const list = citiesByCountry.get(c[1]) ?? [];
    list.push(c);
    citiesByCountry.set(c[1], list);
  }

  const codes = [...new Set([...rawCountries.map((c) => c[0]), ...Object.keys(isoCountries.getAlpha2Codes())])]
    .filter((c) => /^[A-Z]{2}$/.test(c))
    .sort();
  const alpha3 = new Map(rawCountries.map((c) => [c[0], c[1]]));
  const capital = new Map(rawCountries.map((c) => [c[0], c[3]]));

  const countries = [];
  for (const code of codes) {
    const own = citiesByCountry.get(code) ?? [];
    const box = countryBox(
      polygons.get(code) ?? [],
      own.map((c) => [c[2], c[3]]),
    );
    if (!box) continue;
    // The capital stands for the country (where a user "in Germany" most plausibly is when unknown);
    // failing that the largest city, failing that the middle of the box.
    // "Washington" must find "Washington, D.C.", not Washington, Utah: the largest city named like the capital.
    const capName = capital.get(code);
    const cap = own.find((c) => capName && (c[0] === capName || c[0].startsWith(`${capName},`))) ?? own[0];
    const [s, w, n, e] = box;
    const midLon = w <= e ? (w + e) / 2 : (w + e + 360) / 2;
    const mid = [round2((s + n) / 2), round2(midLon > 180 ? midLon - 360 : midLon)];
    const [lat, lon] = cap ? [cap[2], cap[3]] : mid;
    countries.push([code, alpha3.get(code) ?? isoCountries.alpha2ToAlpha3(code) ?? '', lat, lon, s, w, n, e]);
  }

  const known = new Set(countries.map((c) => c[0]));
  const indexed = indexCities(
    [...citiesByCountry]
      .filter(([code]) => known.has(code))
      .map(([code, list]) => [
        code,
        ...list.map(([name, , lat, lon, pop]) => [name, lat, lon, Math.round(pop / 1000)]),
      ]),
  );
  return {
    version: PLACES_VERSION,
    sources: Object.fromEntries(PLACES_SOURCES.map((p) => [p, packageVersion(p)])),
    /** [alpha2, alpha3, lat, lon, south, west, north, east]; west > east crosses the antimeridian. */
    countries,
    /** [alpha2, ...placeKey of its names in many languages] */
    countryNames: countryNames(isoCountries, codes)
      .filter(([code]) => known.has(code))
      .map(([code, ...names]) => [code, ...[...new Set(names.map(placeKey).filter(Boolean))].sort()]),
    /**
     * [name, alpha2, lat, lon, population in thousands], sorted by placeKey of the name, largest first under one
     * key (see indexCities in src/core/place.ts). Thousands keep ranking ("Paris" is the French one) smaller.
     */
    cities: indexed.cities,
    /** [key, ref, …]: the other keys a city goes by ("Ho Chi Minh" for "Ho Chi Minh City"), refs into cities. */
    cityKeys: indexed.keys,
    ...(await buildAliases(placeKey)),
  };
}

/**
 * One row per line: compact, yet a diff of two generations stays readable. The alias tables (version 3), read by
 * loadGazetteer in src/core/place.ts:
 *   cityAliases     [city as in cities, alpha2, display name or "", ...keys it is also found under]
 *   countryAliases  [alpha2, ...keys that name it]
 *   regionHints     [alpha2, ...keys of regions that imply it]
 *   cityStates      [alpha2, city as in cities]
 *   usStateCodes    ["AL", …]
 *   territories     [alpha2, ...alpha2 of the places a text naming it also accepts]
 */
export function serialise(data) {
  const rows = (list) => `[\n${list.map((r) => JSON.stringify(r)).join(',\n')}\n]`;
  return `{"version":${data.version},"sources":${JSON.stringify(data.sources)},\n"countries":${rows(data.countries)},\n"countryNames":${rows(data.countryNames)},\n"cities":${rows(data.cities)},\n"cityKeys":${rows(data.cityKeys)},\n"cityAliases":${rows(data.cityAliases)},\n"countryAliases":${rows(data.countryAliases)},\n"regionHints":${rows(data.regionHints)},\n"cityStates":${rows(data.cityStates)},\n"usStateCodes":${JSON.stringify(data.usStateCodes)},\n"territories":${rows(data.territories)}}\n`;
}

export async function writePlaces(path = PLACES_PATH) {
  const data = await buildPlaces();
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so a test run reading the file never sees half of it.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, serialise(data));
  renameSync(tmp, path);
  return { path, countries: data.countries.length, cities: data.cities.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await writePlaces();
  console.log(`wrote ${r.path}: ${r.countries} countries, ${r.cities} cities`);
}
