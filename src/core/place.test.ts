import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateData, PLACES_PATH } from '../../scripts/gen-data.mjs';
import { CITY_ALIASES, CITY_STATES, COUNTRY_ALIASES, REGION_HINTS } from '../data/place-aliases';
import { bboxContains, distanceToBboxKm, haversineKm } from './geo';
import { countryInfo, type Gazetteer, indexCities, loadGazetteer, type Place, placeKey, resolvePlace } from './place';

let g: Gazetteer;
let raw: { cities: [string, string, number, number, number][]; cityKeys: (string | number)[][] };

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
  test.each([
    ['null', null],
    ['wrong version', { version: 9, countries: [], countryNames: [], cities: [] }],
    ['missing cities', { version: 1, countries: [], countryNames: [] }],
    ['bad country row', { version: 1, countries: [['FR', 'FRA', 'x']], countryNames: [], cities: [] }],
    ['bad city', { version: 1, countries: [], countryNames: [], cities: [['FR', ['Paris', 'north', 2, 2000]]] }],
  ])('rejects %s', (_name, data) => {
    expect(() => loadGazetteer(data)).toThrow(/places data/);
  });

  test('v2 without its city keys is refused', () => {
    expect(() => loadGazetteer({ version: 2, countries: [], countryNames: [], cities: [] })).toThrow(/city keys/);
  });

  test("the generated table is in the order the runtime's keys bisect (no drift between generator and lookups)", () => {
    const keys = raw.cities.map(([name]) => placeKey(name));
    for (let i = 1; i < keys.length; i++)
      expect(keys[i - 1]! <= keys[i]!, `${keys[i - 1]} before ${keys[i]}`).toBe(true);
    const byCountry = new Map<string, unknown[][]>();
    for (const [name, code, lat, lon, pop] of raw.cities) {
      byCountry.set(code, [...(byCountry.get(code) ?? []), [name, lat, lon, pop]]);
    }
    const again = indexCities([...byCountry].map(([code, list]) => [code, ...list]));
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

  test('the v1 layout (cities per country) loads to the same lookups', () => {
    const byCountry = new Map<string, unknown[][]>();
    for (const [name, code, lat, lon, pop] of raw.cities) {
      byCountry.set(code, [...(byCountry.get(code) ?? []), [name, lat, lon, pop]]);
    }
    const v1 = loadGazetteer({ ...raw, version: 1, cities: [...byCountry].map(([code, list]) => [code, ...list]) });
    for (const name of ['香港', 'Peking', 'Koeln', 'Ho Chi Minh', 'Paris', 'Frankfurt am Main', 'Springfield']) {
      expect(v1.cities.get(placeKey(name)), name).toEqual(g.cities.get(placeKey(name)));
    }
  });

  test('a bad city in a v2 table is skipped when looked up, not thrown', () => {
    const mini = loadGazetteer({
      version: 2,
      countries: [['FR', 'FRA', 48.86, 2.35, 41, -5, 51, 10]],
      countryNames: [['FR', 'france']],
      cities: [
        ['Lyon', 'FR', 'north', 4.8, 500],
        ['Paris', 'FR', 48.86, 2.35, 2138],
      ],
      cityKeys: [],
    });
    expect(summary(resolvePlace('Paris, France', mini))).toBe('Paris, FR');
    expect(resolvePlace('Lyon, France', mini).precision).toBe('country');
  });

  test('a minimal table works and drops names shared by two countries', () => {
    const mini = loadGazetteer({
      version: 1,
      countries: [
        ['CG', 'COG', -4.27, 15.28, -5, 11, 4, 19],
        ['CD', 'COD', -4.33, 15.31, -14, 12, 6, 32],
      ],
      countryNames: [
        ['CG', 'Congo', 'Republic of the Congo'],
        ['CD', 'Congo', 'Democratic Republic of the Congo'],
      ],
      cities: [['CD', ['Kinshasa', -4.33, 15.31, 7785]]],
    });
    expect(summary(resolvePlace('Congo', mini))).toBe('unknown');
    expect(summary(resolvePlace('Republic of the Congo', mini))).toBe('CG');
    expect(summary(resolvePlace('Kinshasa', mini))).toBe('Kinshasa, CD');
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
