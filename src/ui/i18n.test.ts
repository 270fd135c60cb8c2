import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  type Catalog,
  directionOf,
  formatMinute,
  LOCALES,
  ltr,
  pickLocale,
  reasonText,
  setCatalog,
  t,
  weekdayName,
} from './i18n';

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
  test('every message name is one Chrome accepts (letters, digits, _ and @), or the extension does not load', () => {
    expect(Object.keys(en).filter((k) => !/^[A-Za-z0-9_@]+$/.test(k))).toEqual([]);
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
  // Names, and terms both languages write in Latin letters, are the same everywhere; anything else left in
  // English is a missed translation.
  const SAME_EVERYWHERE = new Set([
    'extName',
    'popupTitle',
    'evidenceIp',
    'options_trusted_type_api',
    'options_data_megabytes',
  ]);
  test.each(LOCALES.filter((l) => l !== 'en'))(
    '%s translates every message rather than copying the English',
    (locale) => {
      const other = read(locale);
      const copied = Object.keys(en).filter((k) => !SAME_EVERYWHERE.has(k) && other[k]?.message === en[k]?.message);
      expect(copied).toEqual([]);
    },
  );
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

test('times, weekdays and left-to-right islands follow the UI locale', () => {
  expect(formatMinute(9 * 60)).toBe('09:00');
  expect(formatMinute(1440)).toBe('24:00');
  expect(weekdayName(1, 'long')).toBe('Monday');
  expect(ltr('10.0.0.1')).toBe('10.0.0.1');
  setCatalog('zh_CN', {});
  expect(weekdayName(1, 'short')).toBe('周一');
  setCatalog('ar', {});
  expect(weekdayName(1, 'long')).toBe('الاثنين');
  // An isolate keeps "09:00–18:00" in order inside Arabic text.
  expect(ltr('09:00–18:00')).toBe('\u206609:00–18:00\u2069');
});

describe('a warning reason', () => {
  const reason = 'An unnamed device is signed in from Lagos, Nigeria and matches none of your trusted devices.';
  const message = {
    key: 'reason_unknownDeviceFrom',
    args: [{ key: 'reason_anUnnamedDevice', args: [] }, 'Lagos, Nigeria'],
  };
  test('is its message in the UI language, arguments isolated in right-to-left text', () => {
    expect(reasonText({ reason, message })).toEqual({ text: reason, isLocalised: true });
    setCatalog('ar', read('ar'));
    expect(reasonText({ reason, message })).toEqual({
      text: 'جهاز بلا اسم مسجَّل الدخول من Lagos, Nigeria ولا يطابق أيًّا من أجهزتك الموثوقة.'.replace(
        /(جهاز بلا اسم)|(Lagos, Nigeria)/g,
        '\u2068$&\u2069',
      ),
      isLocalised: true,
    });
  });
  test.each([
    ['no message (stored before messages existed)', undefined],
    ['a key this version does not know', { key: 'reason_fromTheFuture', args: [] }],
    ['a nested phrase this version does not know', { key: 'reason_unknownDevice', args: [{ key: 'x', args: [] }] }],
    ['fewer arguments than the message has places', { key: 'reason_unknownDeviceFrom', args: ['Lagos'] }],
  ])('falls back to the English reason with %s', (_name, m) => {
    setCatalog('ar', read('ar'));
    expect(reasonText({ reason, ...(m ? { message: m } : {}) })).toEqual({ text: reason, isLocalised: false });
  });
});
