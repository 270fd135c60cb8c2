import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type Catalog, directionOf, LOCALES, pickLocale, setCatalog, t } from './i18n';

const ROOT = join(import.meta.dirname, '..', '..', 'public', '_locales');
const read = (locale: string): Catalog => JSON.parse(readFileSync(join(ROOT, locale, 'messages.json'), 'utf8'));

afterEach(() => setCatalog('en', {}));

test('English works with no browser and no catalog, with substitutions', () => {
  expect(t('notReviewedFor', 12)).toBe('Not reviewed for 12 days');
  expect(t('emergencyProgress', 2, 6)).toBe('2 of 6 done');
});

test('a catalog wins; a key it lacks falls back to English', () => {
  setCatalog('ar', { thisWasMe: { message: 'هذا أنا' } });
  expect(t('thisWasMe')).toBe('هذا أنا');
  expect(t('dismiss')).toBe('Dismiss');
});

test('substituted text stays text: markup in a value is not interpreted here or anywhere', () => {
  expect(t('trustedCreated', '<img src=x onerror=alert(1)>')).toContain('<img src=x onerror=alert(1)>');
});

describe('every shipped locale', () => {
  const en = read('en');
  test('the shipped locale folders are exactly en, zh_CN and ar', () => {
    expect(readdirSync(ROOT).sort()).toEqual([...LOCALES].sort());
  });
  test.each(LOCALES.filter((l) => l !== 'en'))('%s has every English key, and the same {n} placeholders', (locale) => {
    const other = read(locale);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, { message }] of Object.entries(en)) {
      const holes = (s: string) => (s.match(/\{\d\}/g) ?? []).sort();
      expect(holes(other[key]?.message ?? ''), key).toEqual(holes(message));
      // Chrome reads $NAME$ as a placeholder and refuses to load a catalog naming an undefined one.
      expect(other[key]?.message, key).not.toMatch(/\$[A-Za-z0-9_@]+\$/);
    }
  });
});

test.each([
  ['en-US', 'en', 'ltr'],
  ['zh-CN', 'zh_CN', 'ltr'],
  ['zh', 'zh_CN', 'ltr'],
  ['zh-TW', 'en', 'ltr'],
  ['ar', 'ar', 'rtl'],
  ['ar-EG', 'ar', 'rtl'],
  ['fr', 'en', 'ltr'],
  [undefined, 'en', 'ltr'],
])('UI language %s → %s (%s)', (ui, locale, dir) => {
  expect(pickLocale(ui)).toBe(locale);
  expect(directionOf(pickLocale(ui))).toBe(dir);
});
