import { describe, expect, test } from 'vitest';
import { isTooBroad, patternMatches, trustedDeviceMatches } from './trust';
import type { TrustedDevice } from './types';

const MAC_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const entry = (t: Partial<TrustedDevice>): TrustedDevice => ({ id: 't', name: 'x', createdAt: 0, ...t });
const row = (device: string, userAgent?: string) => ({ accountId: 'a', device, userAgent });

describe('patterns match whole words of the device text', () => {
  test.each([
    ['mac', 'Chrome on Macintosh', false],
    ['macos', 'Chrome 126 on macOS 14.5', true],
    ['chrome on macos', 'Chrome 126 on macOS 14.5', false],
    ['on macos', 'Chrome 126 on macOS 14.5', true],
    ['iphone*', 'Safari · iPhone15 · iOS 17', true],
    ['iPhone 15', 'iPhone 15 Pro · iOS 17.4', true],
    ['phone', 'iPhone 15 Pro', false],
    ['*', 'anything at all', false],
    ['* *', 'anything at all', false],
    ['Café', 'cafe laptop', true],
  ])('%s against %s → %s', (pattern, text, expected) => {
    expect(patternMatches(pattern, text)).toBe(expected);
  });

  test('a pattern is never matched against the raw user agent', () => {
    // "Safari" is in every Chrome user agent; the device text says Chrome.
    expect(trustedDeviceMatches(entry({ pattern: 'Safari' }), row('Chrome 126 (macOS)', MAC_UA))).toBe(false);
    expect(trustedDeviceMatches(entry({ pattern: 'Chrome' }), row('Chrome 126 (macOS)', MAC_UA))).toBe(true);
  });
});

describe('criteria that match nearly everything', () => {
  test.each([
    [{}, true],
    [{ pattern: '*' }, true],
    [{ deviceType: 'desktop' as const }, true],
    [{ countries: ['GB'] }, true],
    [{ accountIds: ['a'] }, true],
    [{ pattern: 'Chrome' }, false],
    [{ os: 'macOS' }, false],
    [{ ipRanges: ['81.2.69.0/24'] }, false],
  ])('%j too broad: %s', (t, expected) => {
    expect(isTooBroad(t)).toBe(expected);
  });

  test('a stored entry that is too broad trusts nothing', () => {
    expect(trustedDeviceMatches(entry({ pattern: '*' }), row('Firefox on Linux'))).toBe(false);
    expect(trustedDeviceMatches(entry({ deviceType: 'desktop' }), row('Firefox 128 (Linux)'))).toBe(false);
  });
});

test('a lone * between words stands for any run of words, and never for a whole pattern', () => {
  expect(patternMatches('Chrome * macOS', 'Chrome 126 on macOS 14.5')).toBe(true);
  expect(patternMatches('Chrome * macOS', 'Chrome 126 on Windows 10')).toBe(false);
  expect(patternMatches('Chrome * macOS', 'Firefox on macOS, Chrome')).toBe(false);
});
