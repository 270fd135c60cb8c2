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
  tn,
  weekdayName,
} from './i18n';

const ROOT = join(import.meta.dirname, '..', '..', 'public', '_locales');
const read = (locale: string): Catalog => JSON.parse(readFileSync(join(ROOT, locale, 'messages.json'), 'utf8'));

afterEach(() => setCatalog('en', {}));

test('English works with no browser and no catalog, with substitutions', () => {
  expect(t('scanned', 'today')).toBe('Scanned today');
  expect(t('emergencyProgress', 2, 6)).toBe('2 of 6 done');
});

test('counts take the plural form of the language: one and other in English, one form in Chinese, six in Arabic', () => {
  setCatalog('en', read('en'));
  expect(tn('lowWarnings', 1)).toBe('1 low-priority note, not on the badge');
  expect(tn('lowWarnings', 2)).toBe('2 low-priority notes, not on the badge');
  expect(tn('notReviewedFor', 1)).toBe('Not reviewed for 1 day');
  expect(tn('healthAttention', 1, 3)).toBe('1 of 3 accounts needs attention');
  expect(tn('healthAttention', 2, 3)).toBe('2 of 3 accounts need attention');
  expect(tn('openWarnings', 1000)).toBe('1,000 incidents open');
  expect(tn('badgeTitle', 1)).toBe('Session Watchdog — 1 warning');
  expect(tn('badgeTitle', 2)).toBe('Session Watchdog — 2 warnings');
  setCatalog('zh_CN', read('zh_CN'));
  expect(tn('lowWarnings', 1)).toBe('1 条低优先级提示（不计入徽标）');
  setCatalog('ar', read('ar'));
  // Arabic digits and forms: one, two, few (3–10), many (11–99).
  expect(tn('openWarnings', 1)).toBe('حادثة مفتوحة واحدة');
  expect(tn('openWarnings', 2)).toBe('حادثتان مفتوحتان');
  expect(tn('badgeTitle', 2)).toBe('Session Watchdog — تحذيران');
  expect(tn('openWarnings', 3)).toBe(`${new Intl.NumberFormat('ar').format(3)} حوادث مفتوحة`);
  expect(tn('openWarnings', 11)).toBe(`${new Intl.NumberFormat('ar').format(11)} حادثة مفتوحة`);
});

test('a message without plural forms is used whole', () => {
  expect(tn('scanned', 3, 'x')).toBe('Scanned 3');
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
      // Plural forms (`one:…|other:…`) repeat a placeholder or leave it out of one form: the set of them counts.
      const holes = (s: string) => [...new Set(s.match(/\{\d\}/g) ?? [])].sort();
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
    'notify_siteAccount',
    'notify_incidentWhere',
    'notify_bullet',
    'importErr_other',
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

describe('countries, places, lists and times inside a reason', () => {
  const reason = 'English reason';
  const newCountry = {
    key: 'reason_newCountry',
    args: [
      { key: '=country', args: ['NG'] },
      { key: '=countries', args: ['2', 'HK', 'SG', 'CN'] },
      { key: 'reason_anUnnamedDevice', args: [] },
    ],
  };
  test('are named and joined in the UI language, from codes', () => {
    expect(reasonText({ reason, message: newCountry }).text).toBe(
      'First sign-in from Nigeria; your sessions so far were in Hong Kong, Singapore, China, and 2 more, and An unnamed device is not a device you have used before.',
    );
    setCatalog('zh_CN', read('zh_CN'));
    expect(reasonText({ reason, message: newCountry }).text).toBe(
      '首次从 尼日利亚 登录；你以往的会话都在 香港、新加坡、中国和另外 2 个，而 一台未命名的设备 不是你以前用过的设备。',
    );
    setCatalog('ar', read('ar'));
    const ar = reasonText({ reason, message: newCountry }).text.replace(/[\u2066-\u2069]/g, '');
    expect(ar).toContain('نيجيريا');
    expect(ar).toContain('هونغ كونغ وسنغافورة والصين و2 أخرى');
  });
  test('a city keeps the site’s words, its country is named; a city-state is named once', () => {
    setCatalog('zh_CN', read('zh_CN'));
    const travel = (here: string[], from: string[]) => ({
      key: 'reason_impossibleTravel',
      args: [
        { key: '=place', args: here },
        { key: 'reason_minutes', args: ['20'] },
        { key: '=place', args: from },
        '5300',
        '1000',
      ],
    });
    expect(reasonText({ reason, message: travel(['Tokyo', 'JP'], ['Singapore', 'SG']) }).text).toBe(
      '在从 Singapore 登录 20 分钟 后又从 Tokyo（日本） 登录，两地相距 5300 公里：速度超过每小时 1000 公里，不可能是同一个人在旅行。',
    );
    expect(reasonText({ reason, message: travel(['', 'JP'], ['London', 'GB']) }).text).toContain('从 日本 登录');
  });
  test('a time is shown in the UI language, in the zone the rule judged it', () => {
    const night = (style: string) => ({
      key: 'reason_nightSignIn',
      args: [
        'Firefox',
        { key: '=time', args: [String(Date.UTC(2026, 2, 1, 3, 5)), 'Asia/Tokyo', style] },
        'Asia/Tokyo',
      ],
    });
    setCatalog('zh_CN', read('zh_CN'));
    expect(reasonText({ reason, message: night('date') }).text).toContain('3月1日周日 12:05');
    expect(reasonText({ reason, message: night('weekday') }).text).toContain('周日12:05');
  });
  test.each([
    ['a country that is no ISO code', { key: '=country', args: ['Nigeria'] }],
    ['a list without its count', { key: '=countries', args: ['NG'] }],
    ['a place with no city and no country', { key: '=place', args: ['', ''] }],
    ['a time that is no number', { key: '=time', args: ['soon', 'UTC', 'date'] }],
    ['a time of an unknown zone', { key: '=time', args: ['0', 'Mars/Olympus', 'date'] }],
  ])('falls back to the English reason with %s', (_name, part) => {
    setCatalog('zh_CN', read('zh_CN'));
    const message = { ...newCountry, args: [part, newCountry.args[1], 'Firefox'] } as typeof newCountry;
    expect(reasonText({ reason, message })).toEqual({ text: reason, isLocalised: false });
  });
});
