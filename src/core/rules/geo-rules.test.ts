import { describe, expect, test } from 'vitest';
import { impossibleTravel } from './impossible-travel';
import { newCity } from './new-city';
import { newCountry } from './new-country';
import type { Rule, RuleContext } from './rule';
import {
  CHROME_WIN_127,
  ctx,
  DAY,
  FIREFOX_LINUX,
  HOUR,
  history,
  login,
  NOW,
  realGeo,
  session,
  trusted,
} from './test-helpers';

const sev = (rule: Rule, c: RuleContext) => rule.evaluate(c).map((f) => f.severity);
const hk = history(6, { location: 'Hong Kong', ip: '1.36.0.10' });

describe('new-country', () => {
  test.each<[string, RuleContext, string[]]>([
    [
      'takeover: Nigeria on a device never seen',
      ctx({
        logins: [...hk, login({ time: NOW, location: 'Lagos, Nigeria', ip: '102.89.0.1', device: FIREFOX_LINUX })],
      }),
      ['high'],
    ],
    [
      // The user's own identity on an access network abroad is what a trip looks like: low alone, and the incident
      // turns high when another sign joins it.
      'VPN exit or trip abroad with the usual browser: low, not high',
      ctx({ logins: [...hk, login({ time: NOW, location: 'Amsterdam, Netherlands', ip: '145.0.0.1' })] }),
      ['low'],
    ],
    [
      'the usual browser after an auto-update (126 → 127) is still usual',
      ctx({ logins: [...hk, login({ time: NOW, location: 'Amsterdam, Netherlands', device: CHROME_WIN_127 })] }),
      ['low'],
    ],
    [
      'a trusted device abroad: low',
      ctx({
        trustedDevices: [trusted({ browser: 'Firefox', os: 'Linux' })],
        logins: [...hk, login({ time: NOW, location: 'Tokyo, Japan', device: FIREFOX_LINUX })],
      }),
      ['low'],
    ],
    [
      'carrier hop over the border Hong Kong → Shenzhen is no new country',
      ctx({ logins: [...hk, login({ time: NOW, location: 'Shenzhen, China', device: FIREFOX_LINUX })] }),
      [],
    ],
    ['a country already seen', ctx({ logins: [...hk, login({ time: NOW, location: 'Kowloon, Hong Kong' })] }), []],
    [
      'too little history: quiet',
      ctx({
        logins: [
          ...history(3, { location: 'Hong Kong' }),
          login({ time: NOW, location: 'Lagos, Nigeria', device: FIREFOX_LINUX }),
        ],
      }),
      [],
    ],
    [
      'a hosting IP makes the place unknown (the hosting rule speaks instead)',
      ctx({
        logins: [...hk, login({ time: NOW, location: 'Frankfurt, Germany', ip: '52.95.110.1', device: FIREFOX_LINUX })],
      }),
      [],
    ],
    [
      'a live session the history does not show',
      ctx({ logins: hk, sessions: [session({ location: 'Lagos, Nigeria', ip: '102.89.0.1', device: FIREFOX_LINUX })] }),
      ['high'],
    ],
    [
      'without geo tables it stays quiet',
      ctx({ geo: undefined, logins: [...hk, login({ time: NOW, location: 'Lagos, Nigeria', device: FIREFOX_LINUX })] }),
      [],
    ],
  ])('%s', (_l, c, expected) => {
    expect(sev(newCountry, c)).toEqual(expected);
  });

  test('the reason says where from and where before', () => {
    const c = ctx({
      logins: [
        ...history(3, { location: 'Hong Kong' }, 10 * DAY),
        ...history(3, { location: 'Singapore' }),
        login({ time: NOW, location: 'Lagos, Nigeria', device: FIREFOX_LINUX }),
      ],
    });
    const [f] = newCountry.evaluate(c);
    expect(f?.reason).toMatch(/^First sign-in from Nigeria; your sessions so far were in Hong Kong and Singapore/);
    expect(f?.evidence.country).toBe('NG');
  });
});

describe('new-city', () => {
  const london = history(6, { location: 'London, United Kingdom' });
  test.each<[string, RuleContext, string[]]>([
    [
      'Edinburgh is > 100 km from London: a device never used there, medium',
      ctx({ logins: [...london, login({ time: NOW, location: 'Edinburgh, United Kingdom', device: FIREFOX_LINUX })] }),
      ['medium'],
    ],
    [
      'the usual browser in Edinburgh is a trip: low',
      ctx({ logins: [...london, login({ time: NOW, location: 'Edinburgh, United Kingdom' })] }),
      ['low'],
    ],
    [
      'carrier hop Hong Kong → Kowloon stays inside the radius',
      ctx({ logins: [...hk, login({ time: NOW, location: 'Kowloon, Hong Kong' })] }),
      [],
    ],
    [
      'a wider radius covers Manchester',
      ctx({
        thresholds: { ...ctx().thresholds, newCityRadiusKm: 300 },
        logins: [...london, login({ time: NOW, location: 'Manchester, United Kingdom' })],
      }),
      [],
    ],
    [
      'a new country is not a new city',
      ctx({ logins: [...london, login({ time: NOW, location: 'Tokyo, Japan' })] }),
      [],
    ],
    [
      'too little history',
      ctx({
        logins: [...history(2, { location: 'London' }), login({ time: NOW, location: 'Edinburgh, United Kingdom' })],
      }),
      [],
    ],
    [
      'a country-only place has no distance to measure',
      ctx({ logins: [...london, login({ time: NOW, location: 'United Kingdom' })] }),
      [],
    ],
  ])('%s', (_l, c, expected) => {
    expect(sev(newCity, c)).toEqual(expected);
  });
});

describe('impossible-travel', () => {
  const base = history(6, { location: 'London, United Kingdom' }, 3 * DAY);
  const at = (h: number, location: string, ip = '81.2.69.142') =>
    login({ time: NOW - 2 * DAY + h * HOUR, location, ip });
  test.each<[string, RuleContext, string[]]>([
    [
      'London → New York by plane in 8 h: no flag',
      ctx({ logins: [...base, at(0, 'London, United Kingdom'), at(8, 'New York, United States')] }),
      [],
    ],
    [
      'London → Tokyo in 1 h: flag',
      ctx({ logins: [...base, at(0, 'London, United Kingdom'), at(1, 'Tokyo, Japan')] }),
      ['high'],
    ],
    [
      'London → Tokyo in 10 min: flag',
      ctx({ logins: [...base, at(0, 'London, United Kingdom'), at(1 / 6, 'Tokyo, Japan')] }),
      ['high'],
    ],
    [
      'Hong Kong → Shenzhen 5 min apart (carrier hop): never within speed × 1 h + 100 km',
      ctx({
        logins: [
          ...hk,
          login({ time: NOW - HOUR, location: 'Hong Kong' }),
          login({ time: NOW - HOUR + 300_000, location: 'Shenzhen, China' }),
        ],
      }),
      [],
    ],
    [
      'London → Paris in 20 min is below the 1-hour floor',
      ctx({ logins: [...base, at(0, 'London, United Kingdom'), at(1 / 3, 'Paris, France')] }),
      [],
    ],
    [
      'a hosting IP is an unknown place, not a jump',
      ctx({ logins: [...base, at(0, 'London, United Kingdom'), at(1, 'Tokyo, Japan', '52.95.110.1')] }),
      [],
    ],
    ['too little history: quiet', ctx({ logins: [at(0, 'London, United Kingdom'), at(1, 'Tokyo, Japan')] }), []],
    [
      'a faster threshold allows what 900 km/h does not',
      ctx({
        thresholds: { ...ctx().thresholds, impossibleTravelKmh: 10_000 },
        logins: [...base, at(0, 'London, United Kingdom'), at(1, 'Tokyo, Japan')],
      }),
      [],
    ],
  ])('%s', (_l, c, expected) => {
    expect(sev(impossibleTravel, c)).toEqual(expected);
  });

  test('the reason gives both places, the gap and the distance', () => {
    const [f] = impossibleTravel.evaluate(
      ctx({ logins: [...base, at(0, 'London, United Kingdom'), at(1, 'Tokyo, Japan')] }),
    );
    expect(f?.reason).toMatch(/Tokyo, Japan 1\.0 h after one from London, United Kingdom, 9\d{3} km away/);
  });
});

// A place known only by its country could be anywhere in it: distances go to the near edge of its box, a lower
// bound, and two countries bound nothing. Without the box these places were left out of distance checks.
describe('places known only by their country', () => {
  const base = history(6, { location: 'London, United Kingdom' }, 3 * DAY);
  const at = (h: number, location: string) => login({ time: NOW - 2 * DAY + h * HOUR, location });
  test.each<[string, RuleContext, string[]]>([
    ['London → "Japan" in 1 h: flag', ctx({ logins: [...base, at(0, 'London'), at(1, 'Japan')] }), ['high']],
    ['"Japan" → London in 1 h: flag', ctx({ logins: [...base, at(0, 'Japan'), at(1, 'London')] }), ['high']],
    [
      'London → "France" in 1 h: its near edge is close',
      ctx({ logins: [...base, at(0, 'London'), at(1, 'France')] }),
      [],
    ],
    [
      '"Germany" → "Japan" in 1 h: two countries bound nothing',
      ctx({ logins: [...history(6, { location: 'Germany' }, 3 * DAY), at(0, 'Germany'), at(1, 'Japan')] }),
      [],
    ],
    [
      'London → "Germany" → Tokyo: the later country is compared too',
      ctx({ logins: [...base, at(0, 'London'), at(5, 'Germany'), at(5.5, 'Tokyo, Japan')] }),
      ['high'],
    ],
    [
      'London → "United States" in 8 h by plane: no flag',
      ctx({ logins: [...base, at(0, 'London'), at(8, 'United States')] }),
      [],
    ],
    [
      'without country boxes in the lookups: quiet, as before',
      ctx({ logins: [...base, at(0, 'London'), at(1, 'Japan')], geo: { ...realGeo(), countryBbox: undefined } }),
      [],
    ],
  ])('impossible travel: %s', (_l, c, expected) => expect(sev(impossibleTravel, c)).toEqual(expected));

  test('the reason says the distance is a least one', () => {
    const [f] = impossibleTravel.evaluate(ctx({ logins: [...base, at(0, 'London'), at(1, 'Japan')] }));
    expect(f?.reason).toMatch(/Japan 1\.0 h after one from London, United Kingdom, at least \d+ km away/);
  });

  test.each<[string, RuleContext, string[]]>([
    [
      'Hong Kong → "China" on the usual phone: may be a carrier hop over the border, quiet',
      ctx({ logins: [...hk, login({ time: NOW, location: 'China', ip: '1.36.0.10' })] }),
      [],
    ],
    [
      'Hong Kong → "Nigeria" on a stranger\'s device: far from every known place, flag',
      ctx({ logins: [...hk, login({ time: NOW, location: 'Nigeria', device: FIREFOX_LINUX })] }),
      ['high'],
    ],
    [
      '"China" known → Hong Kong city: inside the known country\'s box, quiet',
      ctx({
        logins: [
          ...history(6, { location: 'China', ip: '1.36.0.10' }),
          login({ time: NOW, location: 'Hong Kong', device: FIREFOX_LINUX }),
        ],
      }),
      [],
    ],
  ])('new country: %s', (_l, c, expected) => expect(sev(newCountry, c)).toEqual(expected));
});
