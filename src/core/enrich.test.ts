import { describe, expect, test } from 'vitest';
import { countryName, enrich, hasCityCoords, listWords, placeName, whereabouts } from './enrich';
import { realGeo } from './rules/test-helpers';

describe('enrich', () => {
  test.each([
    ['a city', { location: 'Tokyo, Japan', ip: '81.2.69.142' }, 'JP', false],
    [
      'a hosting address keeps its place but hides it from comparisons',
      { location: 'Frankfurt, Germany', ip: '52.95.110.1' },
      undefined,
      true,
    ],
    ['an unknown place', { location: 'Unknown' }, undefined, false],
  ])('%s', (_l, row, country, isHosting) => {
    const e = enrich(realGeo(), row);
    expect(whereabouts(e)?.country).toBe(country);
    expect(e.hosting !== undefined).toBe(isHosting);
  });

  test('without lookups there is nothing', () => {
    expect(enrich(undefined, { location: 'Tokyo, Japan', ip: '52.95.110.1' })).toEqual({});
  });
});

describe('words', () => {
  test.each([
    [['Hong Kong'], 'Hong Kong'],
    [['Hong Kong', 'Singapore', 'Hong Kong'], 'Hong Kong and Singapore'],
    [['A', 'B', 'C'], 'A, B and C'],
    [['A', 'B', 'C', 'D', 'E'], 'A, B, C and 2 more'],
  ])('%j → %s', (words, expected) => expect(listWords(words)).toBe(expected));

  test('names', () => {
    expect(countryName('NG')).toBe('Nigeria');
    expect(placeName({ city: 'Singapore', country: 'SG', precision: 'city' })).toBe('Singapore');
    expect(placeName({ city: 'Tokyo', country: 'JP', precision: 'city' })).toBe('Tokyo, Japan');
    expect(hasCityCoords({ country: 'JP', lat: 1, lon: 2, precision: 'country' })).toBe(false);
  });
});
