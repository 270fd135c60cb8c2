import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateData, PLACES_PATH } from '../../scripts/gen-data.mjs';
import {
  CITY_ALIASES,
  CITY_STATES,
  COUNTRY_ALIASES,
  REGION_HINTS,
  TERRITORIES,
  US_STATE_CODES,
} from '../data/place-aliases';
import { bboxContains, distanceToBboxKm, haversineKm } from './geo';
import {
  countryInfo,
  type Gazetteer,
  indexCities,
  loadGazetteer,
  PLACES_VERSION,
  type Place,
  placeKey,
  resolvePlace,
} from './place';

let g: Gazetteer;
let raw: {
  cities: [string, string, number, number, number][];
  cityKeys: (string | number)[][];
  [table: string]: unknown;
};

beforeAll(async () => {
  await generateData({ log: () => {} });
  raw = JSON.parse(readFileSync(PLACES_PATH, 'utf8'));
  g = loadGazetteer(raw);
});

/** City, country, or 'unknown' — coordinates are checked separately. */
function summary(p: Place): string {
  return p.precision === 'city' ? `${p.city}, ${p.country}` : p.precision === 'country' ? `${p.country}` : 'unknown';
}

describe('placeKey', () => {
  test.each([
    ['Zürich', 'zurich'],
    ['São Paulo', 'saopaulo'],
    ['Hong Kong SAR', 'hongkongsar'],
    ['ＴＯＫＹＯ', 'tokyo'],
    ['İstanbul', 'istanbul'],
    ['Kraków', 'krakow'],
    ['Łódź', 'lodz'],
    ['Straße', 'strasse'],
    ["Xi'an", 'xian'],
    ['Rostov-na-Donu', 'rostovnadonu'],
    ['東京', '東京'],
    ['서울', '서울'],
    ['Москва', 'москва'],
    ['  ', ''],
  ])('%j → %j', (name, key) => {
    expect(placeKey(name)).toBe(key);
  });

  // fast-check builds its full-Unicode tables on first use, which takes seconds on a busy machine.
  test('is idempotent', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const k = placeKey(s);
        expect(placeKey(k)).toBe(k);
      }),
    );
  });
});

describe('resolvePlace', () => {
  test.each([
    // The shapes the brief lists.
    ['Hong Kong, HK', 'Hong Kong, HK'],
    ['London, United Kingdom', 'London, GB'],
    ['Frankfurt, DE', 'Frankfurt am Main, DE'],
    ['New York, US', 'New York City, US'],
    ['Tokyo, Japan', 'Tokyo, JP'],
    ['上海, 中国', 'Shanghai, CN'],
    ['Москва, Россия', 'Moscow, RU'],
    ['Singapore', 'Singapore, SG'],
    ['Lagos, NG', 'Lagos, NG'],
    ['Unknown', 'unknown'],
    ['', 'unknown'],
    // The stated country decides between same-named cities; without one, the largest wins.
    ['Lagos', 'Lagos, NG'],
    ['Lagos, Portugal', 'Lagos, PT'],
    ['Paris', 'Paris, FR'],
    ['Paris, Texas', 'Paris, US'],
    ['London, Canada', 'London, CA'],
    // A city the stated country lacks degrades to the country.
    ['Atlantis, France', 'FR'],
    ['Unknownville, CA', 'CA'],
    ['Lagos, Japan', 'JP'],
    // Region names and US state codes point at the right city without outranking a stated country.
    ['Atlanta, Georgia', 'Atlanta, US'],
    ['Tbilisi, Georgia', 'Tbilisi, GE'],
    ['Georgia', 'GE'],
    ['Ashburn, VA', 'Ashburn, US'],
    ['Ashburn, VA, United States', 'Ashburn, US'],
    ['Moscow, ID', 'Moscow, US'],
    ['Dover, DE', 'Dover, US'],
    ['California', 'US'],
    ['Toronto Ontario Canada', 'Toronto, CA'],
    ['Los Angeles, California, United States', 'Los Angeles, US'],
    // Aliases and spellings.
    ['Kiev, Ukraine', 'Kyiv, UA'],
    ['Bangalore, India', 'Bengaluru, IN'],
    ['Saigon', 'Ho Chi Minh City, VN'],
    ['Ho Chi Minh, Vietnam', 'Ho Chi Minh City, VN'],
    ['Hà Nội, Việt Nam', 'Hanoi, VN'],
    ['München', 'Munich, DE'],
    ['Zürich, Schweiz', 'Zurich, CH'],
    ['São Paulo, Brazil', 'São Paulo, BR'],
    ['Köln', 'Cologne, DE'],
    ['Genève', 'Geneva, CH'],
    ['Ontario, California', 'Ontario, US'],
    ['Ontario', 'CA'],
    ['Colorado', 'US'],
    ['Washington, D.C., US', 'Washington, D.C., US'],
    ['Frankfurt am Main, Hesse, Germany', 'Frankfurt am Main, DE'],
    ['Mexico City, MX', 'Mexico City, MX'],
    ['Istanbul, Türkiye', 'Istanbul, TR'],
    ['Amsterdam, The Netherlands', 'Amsterdam, NL'],
    ['Seoul, Korea', 'Seoul, KR'],
    ['Dubai, UAE', 'Dubai, AE'],
    ['Kinshasa, Congo', 'Kinshasa, CD'],
    ['Moskva, Nga', 'Moscow, RU'],
    // Other scripts, with and without separators or administrative suffixes.
    ['دبي، الإمارات', 'Dubai, AE'],
    ['台北, 台灣', 'Taipei, TW'],
    ['中国广东省深圳市', 'Shenzhen, CN'],
    ['广东省 东莞市', 'Dongguan, CN'],
    ['日本東京都', 'Tokyo, JP'],
    ['서울특별시', 'Seoul, KR'],
    ['中国 北京', 'Beijing, CN'],
    ['广东省', 'CN'],
    // City-states and territories.
    ['中国香港', 'Hong Kong, HK'],
    ['Hong Kong SAR, China', 'Hong Kong, HK'],
    ['香港, 中国', 'Hong Kong, HK'],
    ['Macau', 'Macau, MO'],
    ['SG', 'Singapore, SG'],
    ['Luxembourg', 'LU'],
    ['Kuwait', 'KW'],
    ['Mexico', 'MX'],
    ['Taiwan', 'TW'],
    // Codes count only in capitals; ambiguous names count not at all.
    ['IN', 'IN'],
    ['in', 'unknown'],
    ['Delhi, IN', 'Delhi, IN'],
    ['MY', 'MY'],
    ['USA', 'US'],
    ['DEU', 'DE'],
    ['Congo', 'unknown'],
    // Flags.
    ['🇸🇬 Singapore', 'Singapore, SG'],
    ['🇯🇵', 'JP'],
    ['Lagos 🇵🇹', 'Lagos, PT'],
    // What location cells say when there is no location.
    ['Reserved', 'unknown'],
    ['Local network', 'unknown'],
    ['Mobile network', 'unknown'],
    ['未知', 'unknown'],
    ['-', 'unknown'],
    ['N/A', 'unknown'],
    ['Of', 'unknown'],
  ])('%j → %s', (text, expected) => {
    expect(summary(resolvePlace(text, g))).toBe(expected);
  });

  test.each([
    ['<td><b>Tokyo</b>&nbsp;JP</td>', 'Tokyo, JP'],
    ['\u202eTokyo\u202c, Japan', 'Tokyo, JP'],
    ['Tok\u200byo, Japan', 'Tokyo, JP'],
    ['  London ,\n United   Kingdom  ', 'London, GB'],
    ['ＬＯＮＤＯＮ，ＧＢ', 'London, GB'],
  ])('dirty text %j → %s', (text, expected) => {
    expect(summary(resolvePlace(text, g))).toBe(expected);
  });

  test('a city comes with its coordinates, a country with its representative point', () => {
    const tokyo = resolvePlace('Tokyo, Japan', g);
    expect(haversineKm(tokyo as { lat: number; lon: number }, { lat: 35.68, lon: 139.69 })).toBeLessThan(5);
    const fr = resolvePlace('Atlantis, France', g);
    expect(fr).toMatchObject({ country: 'FR', precision: 'country' });
    expect(haversineKm(fr as { lat: number; lon: number }, { lat: 48.85, lon: 2.35 })).toBeLessThan(5);
    expect(resolvePlace('Unknown', g)).toEqual({ precision: 'unknown' });
  });
});

describe('the alias tables', () => {
  test.each(CITY_ALIASES.flatMap((a) => a.names.map((n) => [n, a.city, a.country] as const)))(
    '%j names %s, %s',
    (name, city, country) => {
      const display = CITY_ALIASES.find((a) => a.city === city && a.country === country)?.display ?? city;
      expect(summary(resolvePlace(name, g))).toBe(`${display}, ${country}`);
    },
  );

  test.each(Object.entries(COUNTRY_ALIASES))('%j names %s', (name, country) => {
    const p = resolvePlace(name, g);
    expect(p.country).toBe(country);
  });

  test.each(Object.entries(CITY_STATES))('%s is the city %s', (code, city) => {
    expect(g.cityStates.get(code)?.name).toBe(city);
  });

  test.each(Object.entries(REGION_HINTS))(
    'regions of %s resolve to it unless they name a country',
    (country, names) => {
      for (const n of names) {
        if (g.countryNames.has(placeKey(n))) continue;
        expect(resolvePlace(n, g).country, n).toBe(country);
      }
      expect(resolvePlace('Georgia', g).country).toBe('GE');
    },
  );

  // The worker reads these tables from places.json, never from the source: what it loaded must be the source's.
  test.each(CITY_ALIASES)('the loaded file finds $city, $country under each of its names', (alias) => {
    const shown = alias.display ?? alias.city;
    for (const name of [...alias.names, ...(alias.display ? [alias.display] : [])]) {
      const found = g.cities.get(placeKey(name)) ?? [];
      expect(
        found.some((c) => c.name === shown && c.country === alias.country),
        name,
      ).toBe(true);
    }
  });

  test('the loaded file names each country alias as the source does, and no other', () => {
    for (const [name, country] of Object.entries(COUNTRY_ALIASES)) {
      expect(g.countryNames.get(placeKey(name)), name).toBe(country);
    }
  });

  test('the loaded file hints the regions, state codes and territories the source lists', () => {
    for (const [country, names] of Object.entries(REGION_HINTS)) {
      for (const n of names) expect(g.regions.get(placeKey(n)), n).toContain(country);
    }
    const hinted = new Set(Object.values(REGION_HINTS).flatMap((names) => names.map(placeKey)));
    expect([...g.regions.keys()].sort()).toEqual([...hinted].sort());
    expect([...g.usStateCodes]).toEqual(US_STATE_CODES);
    expect(Object.fromEntries(g.territories)).toEqual(TERRITORIES);
    expect(Object.fromEntries([...g.cityStates].map(([code, city]) => [code, city.name]))).toEqual(CITY_STATES);
  });

  test('no code of the extension imports the alias tables (the worker reads them from places.json)', () => {
    const root = join(import.meta.dirname, '../..');
    const importers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'generated') walk(path);
        } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          if (/from\s*['"][^'"]*data\/place-aliases['"]/.test(readFileSync(path, 'utf8'))) {
            importers.push(relative(root, path));
          }
        }
      }
    };
    for (const dir of ['src', 'popup', 'options']) walk(join(root, dir));
    expect(importers).toEqual([]);
  });
});

describe('country extents', () => {
  test('every city lies in its country box, and every box holds its representative point', () => {
    let checked = 0;
    const codes = new Set<string>();
    for (const [name, code, lat, lon] of raw.cities) {
      const info = countryInfo(code, g);
      expect(info, code).toBeDefined();
      if (!info) continue;
      expect(bboxContains(info.bbox, { lat, lon }), `${name}, ${code}`).toBe(true);
      checked++;
      codes.add(code);
    }
    for (const code of codes) {
      const info = countryInfo(code, g);
      if (info) expect(bboxContains(info.bbox, info), code).toBe(true);
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  test.each([
    // Overseas departments with their own codes do not stretch France across the Atlantic.
    ['FR', { lat: 4.93, lon: -52.33 }, false],
    ['FR', { lat: 42.7, lon: 9.45 }, true],
    ['US', { lat: 61.22, lon: -149.9 }, true],
    ['US', { lat: 21.31, lon: -157.86 }, true],
    // Russia crosses the antimeridian: Chukotka is in, Alaska is not.
    ['RU', { lat: 64.73, lon: 177.5 }, true],
    ['RU', { lat: 64.84, lon: -147.72 }, false],
    ['NO', { lat: 78.22, lon: 15.65 }, false],
    ['CN', { lat: 39.9, lon: 116.4 }, true],
  ])('%s box holds %j: %s', (code, point, inside) => {
    const info = countryInfo(code, g);
    expect(info && bboxContains(info.bbox, point)).toBe(inside);
  });

  test('travel within a large country is not far from the country', () => {
    const us = countryInfo('US', g);
    expect(us && distanceToBboxKm({ lat: 34.05, lon: -118.24 }, us.bbox)).toBe(0);
    const ru = countryInfo('RU', g);
    expect(ru && distanceToBboxKm({ lat: 65.5, lon: 179.9 }, ru.bbox)).toBe(0);
  });
});

describe('loadGazetteer', () => {
  const NO_ALIASES = {
    cityAliases: [],
    countryAliases: [],
    regionHints: [],
    cityStates: [],
    usStateCodes: [],
    territories: [],
  };
  /** A hand-made table in the file's layout: cities per country (`[alpha2, [name, lat, lon, thousands], …]`), indexed as the generator does. */
  const handMade = (countries: unknown[][], countryNames: string[][], byCountry: unknown[][], aliases = {}) => {
    const indexed = indexCities(byCountry);
    return {
      version: PLACES_VERSION,
      countries,
      countryNames,
      cities: indexed.cities,
      cityKeys: indexed.keys,
      ...NO_ALIASES,
      ...aliases,
    };
  };
  const citiesByCountry = (): unknown[][] => {
    const byCountry = new Map<string, unknown[][]>();
    for (const [name, code, lat, lon, pop] of raw.cities) {
      byCountry.set(code, [...(byCountry.get(code) ?? []), [name, lat, lon, pop]]);
    }
    return [...byCountry].map(([code, list]) => [code, ...list]);
  };

  test.each([
    ['null', null],
    ['wrong version', { version: 9, countries: [], countryNames: [], cities: [], cityKeys: [], ...NO_ALIASES }],
    ['missing cities', { version: PLACES_VERSION, countries: [], countryNames: [], cityKeys: [], ...NO_ALIASES }],
    [
      'bad country row',
      {
        version: PLACES_VERSION,
        countries: [['FR', 'FRA', 'x']],
        countryNames: [],
        cities: [],
        cityKeys: [],
        ...NO_ALIASES,
      },
    ],
  ])('rejects %s', (_name, data) => {
    expect(() => loadGazetteer(data)).toThrow(/places data/);
  });

  test('without its city keys the table is refused', () => {
    expect(() =>
      loadGazetteer({ version: PLACES_VERSION, countries: [], countryNames: [], cities: [], ...NO_ALIASES }),
    ).toThrow(/city keys/);
  });

  // Versions 1 and 2 carry no alias tables, which the worker's code no longer has: loading one would lose every
  // alias silently. Refused, with the way to regenerate.
  test('a file of an older version is refused, even whole', () => {
    const {
      cityAliases: _a,
      countryAliases: _c,
      regionHints: _r,
      cityStates: _s,
      usStateCodes: _u,
      territories: _t,
      ...v2
    } = raw;
    expect(() => loadGazetteer({ ...v2, version: 2 })).toThrow(/places data: unknown version 2; regenerate/);
    expect(() => loadGazetteer({ ...raw, version: 2 })).toThrow(/unknown version 2/);
    expect(() => loadGazetteer({ ...v2, version: 1, cities: citiesByCountry() })).toThrow(/unknown version 1/);
  });

  const long = 'x'.repeat(101);
  test.each([
    ['no city aliases', 'cityAliases', undefined],
    ['city aliases not a list', 'cityAliases', { HK: ['香港'] }],
    ['a city alias row not a list', 'cityAliases', ['Hong Kong']],
    ['a city alias without a display cell', 'cityAliases', [['Hong Kong', 'HK']]],
    ['a city alias of a lower-case country', 'cityAliases', [['Hong Kong', 'hk', '', '香港']]],
    ['a city alias of a numeric display', 'cityAliases', [['Hong Kong', 'HK', 7, '香港']]],
    ['an empty city alias name', 'cityAliases', [['Hong Kong', 'HK', '', '']]],
    ['a city alias name past the length cap', 'cityAliases', [['Hong Kong', 'HK', '', long]]],
    ['a city alias row past the names cap', 'cityAliases', [['Hong Kong', 'HK', '', ...Array(201).fill('hk')]]],
    ['city aliases past the rows cap', 'cityAliases', Array(2001).fill(['Hong Kong', 'HK', '', 'hk'])],
    ['no country aliases', 'countryAliases', undefined],
    ['a country alias of a three-letter code', 'countryAliases', [['GBR', 'uk']]],
    ['a country alias row with a number', 'countryAliases', [['GB', 'uk', 1]]],
    ['a country alias row of a code alone', 'countryAliases', [['GB']]],
    ['no region hints', 'regionHints', undefined],
    ['region hints as an object', 'regionHints', { US: ['texas'] }],
    ['a region hint of null', 'regionHints', [['US', null]]],
    ['no city states', 'cityStates', undefined],
    ['a city state row of three cells', 'cityStates', [['HK', 'Hong Kong', 'Macau']]],
    ['a city state of an empty name', 'cityStates', [['HK', '']]],
    ['no US state codes', 'usStateCodes', undefined],
    ['a US state named, not coded', 'usStateCodes', ['VA', 'Virginia']],
    ['US state codes past the rows cap', 'usStateCodes', Array(2001).fill('VA')],
    ['no territories', 'territories', undefined],
    ['a territory by name', 'territories', [['CN', 'Hong Kong']]],
    ['territories as an object', 'territories', { CN: ['HK'] }],
  ])('a malformed alias table is refused: %s', (_name, table, value) => {
    expect(() => loadGazetteer({ ...raw })).not.toThrow();
    expect(() => loadGazetteer({ ...raw, [table]: value })).toThrow(/places data: bad|places data: missing/);
  });

  test("the generated table is in the order the runtime's keys bisect (no drift between generator and lookups)", () => {
    const keys = raw.cities.map(([name]) => placeKey(name));
    for (let i = 1; i < keys.length; i++)
      expect(keys[i - 1]! <= keys[i]!, `${keys[i - 1]} before ${keys[i]}`).toBe(true);
    const again = indexCities(citiesByCountry());
    expect(again.cities).toEqual(raw.cities);
    expect(again.keys).toEqual(raw.cityKeys);
  });

  test('every city is found under its name, and the bisection agrees with a plain scan', () => {
    const byKey = new Map<string, string[]>();
    for (const [name, code] of raw.cities) {
      const k = placeKey(name);
      byKey.set(k, [...(byKey.get(k) ?? []), `${name}|${code}`]);
    }
    expect(byKey.size).toBeGreaterThan(15_000);
    for (const [key, found] of byKey) {
      const got = (g.cities.get(key) ?? []).map((c) => `${c.name}|${c.country}`);
      for (const f of found) {
        // An alias may show a city under its display name ("Koeln" as "Köln").
        const [name, code] = f.split('|');
        expect(
          got.some((x) => x === f || x.endsWith(`|${code}`)),
          `${name} under ${key}`,
        ).toBe(true);
      }
    }
    expect(g.cities.get(placeKey('Ho Chi Minh'))?.[0]?.name).toBe('Ho Chi Minh City');
    expect(g.cities.get('zzzzzz')).toBeUndefined();
  });

  test('cities listed per country by hand, indexed as the generator does, load to the same lookups', () => {
    const again = loadGazetteer(
      handMade(raw.countries as unknown[][], raw.countryNames as string[][], citiesByCountry(), {
        cityAliases: raw.cityAliases,
        countryAliases: raw.countryAliases,
        regionHints: raw.regionHints,
        cityStates: raw.cityStates,
        usStateCodes: raw.usStateCodes,
        territories: raw.territories,
      }),
    );
    for (const name of ['香港', 'Peking', 'Koeln', 'Ho Chi Minh', 'Paris', 'Frankfurt am Main', 'Springfield']) {
      expect(again.cities.get(placeKey(name)), name).toEqual(g.cities.get(placeKey(name)));
    }
  });

  test('a bad city in the table is skipped when looked up, not thrown', () => {
    const mini = loadGazetteer({
      version: PLACES_VERSION,
      countries: [['FR', 'FRA', 48.86, 2.35, 41, -5, 51, 10]],
      countryNames: [['FR', 'france']],
      cities: [
        ['Lyon', 'FR', 'north', 4.8, 500],
        ['Paris', 'FR', 48.86, 2.35, 2138],
      ],
      cityKeys: [],
      ...NO_ALIASES,
    });
    expect(summary(resolvePlace('Paris, France', mini))).toBe('Paris, FR');
    expect(resolvePlace('Lyon, France', mini).precision).toBe('country');
  });

  test('a minimal table works and drops names shared by two countries', () => {
    const mini = loadGazetteer(
      handMade(
        [
          ['CG', 'COG', -4.27, 15.28, -5, 11, 4, 19],
          ['CD', 'COD', -4.33, 15.31, -14, 12, 6, 32],
        ],
        [
          ['CG', 'congo', 'republicofthecongo'],
          ['CD', 'congo', 'democraticrepublicofthecongo'],
        ],
        [['CD', ['Kinshasa', -4.33, 15.31, 7785]]],
      ),
    );
    expect(summary(resolvePlace('Congo', mini))).toBe('unknown');
    expect(summary(resolvePlace('Republic of the Congo', mini))).toBe('CG');
    expect(summary(resolvePlace('Kinshasa', mini))).toBe('Kinshasa, CD');
  });

  test('the alias tables a hand-made file carries are the ones it answers by', () => {
    const mini = loadGazetteer(
      handMade(
        [
          ['CD', 'COD', -4.33, 15.31, -14, 12, 6, 32],
          ['AO', 'AGO', -8.84, 13.23, -18, 11, -4, 24],
        ],
        [['CD', 'democraticrepublicofthecongo']],
        [
          ['CD', ['Kinshasa', -4.33, 15.31, 7785]],
          ['AO', ['Luanda', -8.84, 13.23, 2776]],
        ],
        {
          cityAliases: [['Kinshasa', 'CD', 'Kin', 'leopoldville']],
          countryAliases: [['CD', 'drc']],
          regionHints: [['AO', 'cabinda']],
          cityStates: [['AO', 'Luanda']],
          usStateCodes: ['KS'],
          territories: [['CD', 'AO']],
        },
      ),
    );
    expect(summary(resolvePlace('Léopoldville', mini))).toBe('Kin, CD');
    expect(summary(resolvePlace('DRC', mini))).toBe('CD');
    expect(summary(resolvePlace('Cabinda', mini))).toBe('Luanda, AO');
    expect(summary(resolvePlace('Luanda, DRC', mini))).toBe('Luanda, AO');
    expect(mini.usStateCodes.has('KS')).toBe(true);
    expect(mini.usStateCodes.has('VA')).toBe(false);
  });
});

// Property runs are many; a busy machine must not turn them into timeouts.
describe('properties', { timeout: 30_000 }, () => {
  const words = fc.constantFrom(
    'Hong',
    'Kong',
    'HK',
    'London',
    'United',
    'Kingdom',
    'US',
    'CA',
    'Paris',
    'of',
    'the',
    '上海',
    '中国',
    '香港',
    '省',
    '市',
    'Москва',
    ',',
    '，',
    '(',
    ')',
    '/',
    ' - ',
    '🇯🇵',
    '\u{1f1e6}',
    '<b>',
    '&nbsp;',
    '\u202e',
    '',
  );
  const soup = fc.array(words, { maxLength: 25 }).map((w) => w.join(' '));

  test('never throws; a city always has a country and coordinates; same input, same answer', () => {
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        const p = resolvePlace(text, g);
        if (p.precision !== 'unknown') {
          expect(p.country).toMatch(/^[A-Z]{2}$/);
          expect(Number.isFinite(p.lat) && Number.isFinite(p.lon)).toBe(true);
        }
        if (p.precision === 'city') expect(p.city).toBeTruthy();
        expect(resolvePlace(text, g)).toEqual(p);
      }),
      { numRuns: 1000 },
    );
  });

  // Catastrophic backtracking takes seconds or worse; the bound leaves room for a busy machine.
  test('bounded time on 100 KB inputs', () => {
    const inputs = [
      'London, '.repeat(12_500),
      '上海'.repeat(50_000),
      `${'a '.repeat(50_000)}Tokyo`,
      '🇯'.repeat(50_000),
      '<'.repeat(100_000),
      'New York New York New York '.repeat(4000),
    ];
    for (const s of inputs) {
      const t0 = performance.now();
      resolvePlace(s, g);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });
});
