import { describe, expect, test } from 'vitest';
import { asksForOverview, KEPT_OVERVIEW_FORMAT, type KeptOverview, usableOverview } from './kept-overview';

const kept: KeptOverview = {
  format: KEPT_OVERVIEW_FORMAT,
  appVersion: '1.2.3',
  at: 1_000,
  validUntil: 5_000,
  print: '9:abc',
  overview: { accounts: [], badgeCount: 0 },
};

describe('usableOverview', () => {
  test('answers with the overview while version, print and time hold', () => {
    expect(usableOverview(kept, '1.2.3', 1_000, '9:abc')).toBe(kept.overview);
    expect(usableOverview(kept, '1.2.3', 4_999, '9:abc')).toBe(kept.overview);
  });
  test.each<[string, unknown, string, number, string | undefined]>([
    ['another build made it', kept, '1.2.4', 2_000, '9:abc'],
    ['the data changed since', kept, '1.2.3', 2_000, '9:abd'],
    ['the data could not be read', kept, '1.2.3', 2_000, undefined],
    ['a checklist reminder changed', kept, '1.2.3', 5_000, '9:abc'],
    ['the clock went back before it', kept, '1.2.3', 999, '9:abc'],
    ['another format', { ...kept, format: 2 }, '1.2.3', 2_000, '9:abc'],
    ['no overview in it', { ...kept, overview: null }, '1.2.3', 2_000, '9:abc'],
    ['nothing kept', undefined, '1.2.3', 2_000, '9:abc'],
    ['not a record', 'kept', '1.2.3', 2_000, '9:abc'],
  ])('refuses when %s', (_, k, version, now, print) => {
    expect(usableOverview(k, version, now, print)).toBeUndefined();
  });
});

describe('asksForOverview', () => {
  test('only getOverview with the empty payload the contract accepts', () => {
    expect(asksForOverview({ type: 'getOverview', payload: {} })).toBe(true);
    for (const m of [
      { type: 'getOverview' },
      { type: 'getOverview', payload: { all: true } },
      { type: 'getOverview', payload: [] },
      { type: 'getOverview', payload: null },
      { type: 'getLogins', payload: {} },
      'getOverview',
      null,
    ])
      expect(asksForOverview(m)).toBe(false);
  });
});
