import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { daysSinceEpoch, parseTime, parseTimeSlow, quickTime } from './time';

const now = Date.parse('2026-04-14T15:00:00Z');
const at = (iso: string) => Date.parse(iso);
const utc = (text: string, extra: { lang?: string; attr?: string } = {}) =>
  parseTime(text, { now, timeZone: 'UTC', ...extra });

describe('absolute formats', () => {
  test.each([
    ['2026-04-14 14:12 UTC', '2026-04-14T14:12:00Z'],
    ['2026-04-14T14:12:00Z', '2026-04-14T14:12:00Z'],
    ['2026-04-14T14:12:00.123Z', '2026-04-14T14:12:00.000Z'],
    ['2026-04-14T22:12:00+08:00', '2026-04-14T14:12:00Z'],
    ['2026-04-14 22:12 +0800', '2026-04-14T14:12:00Z'],
    ['2026-04-14 22:12 GMT+8', '2026-04-14T14:12:00Z'],
    ['2026-04-14 22:12 (UTC+08:00)', '2026-04-14T14:12:00Z'],
    ['(UTC+8) 2026-04-14 22:12', '2026-04-14T14:12:00Z'],
    ['2026-04-14 09:42 UTC+5:30', '2026-04-14T04:12:00Z'],
    ['2026-04-14 10:12 GMT-4', '2026-04-14T14:12:00Z'],
    ['14/04/2026 14:12', '2026-04-14T14:12:00Z'],
    ['04/14/2026', '2026-04-14T00:00:00Z'],
    ['14.04.2026 14:12', '2026-04-14T14:12:00Z'],
    ['14-04-2026 14:12:30', '2026-04-14T14:12:30Z'],
    ['2026/04/14 14:12:05', '2026-04-14T14:12:05Z'],
    ['2026.04.14 14:12', '2026-04-14T14:12:00Z'],
    ['Apr 14, 2026, 2:12 PM', '2026-04-14T14:12:00Z'],
    ['April 14, 2026 at 12:05 AM', '2026-04-14T00:05:00Z'],
    ['Apr 14, 2026, 12:30 p.m.', '2026-04-14T12:30:00Z'],
    ['14 Apr 2026', '2026-04-14T00:00:00Z'],
    ['Tue, 14 Apr 2026 14:12:00 GMT', '2026-04-14T14:12:00Z'],
    ['14 avril 2026 à 14:12', '2026-04-14T14:12:00Z'],
    ['14 avr. 2026 14h12', '2026-04-14T14:12:00Z'],
    ['14. April 2026, 14:12', '2026-04-14T14:12:00Z'],
    ['14 de abril de 2026, 14:12', '2026-04-14T14:12:00Z'],
    ['14 de abr. de 2026 14:12', '2026-04-14T14:12:00Z'],
    ['14 апреля 2026 г., 14:12', '2026-04-14T14:12:00Z'],
    ['14 Nisan 2026 14:12', '2026-04-14T14:12:00Z'],
    ['14 Ağustos 2025 09:00', '2025-08-14T09:00:00Z'],
    ['14 أبريل 2026 14:12', '2026-04-14T14:12:00Z'],
    ['١٤ أبريل ٢٠٢٦ ١٤:١٢', '2026-04-14T14:12:00Z'],
    ['2026年4月14日 14:12', '2026-04-14T14:12:00Z'],
    ['2026年4月14日 下午2:12', '2026-04-14T14:12:00Z'],
    ['2026年4月14日 午後2時12分', '2026-04-14T14:12:00Z'],
    ['２０２６年４月１４日　１４：１２', '2026-04-14T14:12:00Z'],
    ['2026년 4월 14일 14:12', '2026-04-14T14:12:00Z'],
    ['2026년 4월 14일 오후 2:12', '2026-04-14T14:12:00Z'],
    ['2026. 4. 14. 오후 2:12', '2026-04-14T14:12:00Z'],
    ['14 tháng 4, 2026 14:12', '2026-04-14T14:12:00Z'],
    ['14 tháng 4 năm 2026 lúc 14:12', '2026-04-14T14:12:00Z'],
    ['on 14 Apr 14:12', '2026-04-14T14:12:00Z'],
    ['mar. 14 avr. 2026 14:12', '2026-04-14T14:12:00Z'],
    ['April 14th, 2026', '2026-04-14T00:00:00Z'],
    ['Dec 30 10:00', '2025-12-30T10:00:00Z'],
    ['4月14日 14:12', '2026-04-14T14:12:00Z'],
    ['14:12', '2026-04-14T14:12:00Z'],
    ['16:00', '2026-04-13T16:00:00Z'],
  ])('%s', (text, iso) => {
    expect(utc(text)).toBe(at(iso));
  });

  test('dd/mm vs mm/dd: the unambiguous reading, else month-first only for en / en-US', () => {
    expect(utc('04/05/2026', { lang: 'en' })).toBe(at('2026-04-05T00:00:00Z'));
    expect(utc('04/05/2026', { lang: 'en-US' })).toBe(at('2026-04-05T00:00:00Z'));
    expect(utc('04/05/2026', { lang: 'en-GB' })).toBe(at('2026-05-04T00:00:00Z'));
    expect(utc('04/05/2026', { lang: 'fr' })).toBe(at('2026-05-04T00:00:00Z'));
    expect(utc('04/05/2026')).toBe(at('2026-05-04T00:00:00Z'));
    expect(utc('13/05/2026', { lang: 'en-US' })).toBe(at('2026-05-13T00:00:00Z'));
    expect(utc('05/13/2026', { lang: 'fr' })).toBe(at('2026-05-13T00:00:00Z'));
    expect(utc('04.05.2026', { lang: 'en-US' })).toBe(at('2026-05-04T00:00:00Z'));
  });
});

describe('relative phrases', () => {
  test.each([
    ['just now', 0],
    ['Active now', 0],
    ['刚刚', 0],
    ['たった今', 0],
    ['방금 전', 0],
    ['только что', 0],
    ['az önce', 0],
    ['vừa xong', 0],
    ['الآن', 0],
    ['5 minutes ago', 5 * 60_000],
    ['1 min ago', 60_000],
    ['an hour ago', 3_600_000],
    ['a day ago', 86_400_000],
    ['2 weeks ago', 14 * 86_400_000],
    ['a month ago', 30 * 86_400_000],
    ['3 小时前', 3 * 3_600_000],
    ['3 小時前', 3 * 3_600_000],
    ['3小时前', 3 * 3_600_000],
    ['5分钟前', 5 * 60_000],
    ['5分前', 5 * 60_000],
    ['3時間前', 3 * 3_600_000],
    ['2日前', 2 * 86_400_000],
    ['3시간 전', 3 * 3_600_000],
    ['5분 전', 5 * 60_000],
    ['2일 전', 2 * 86_400_000],
    ['منذ ساعتين', 2 * 3_600_000],
    ['منذ ساعة', 3_600_000],
    ['منذ 5 دقائق', 5 * 60_000],
    ['منذ يومين', 2 * 86_400_000],
    ['2 часа назад', 2 * 3_600_000],
    ['час назад', 3_600_000],
    ['5 минут назад', 5 * 60_000],
    ['3 дня назад', 3 * 86_400_000],
    ['5 dakika önce', 5 * 60_000],
    ['2 saat önce', 2 * 3_600_000],
    ['5 phút trước', 5 * 60_000],
    ['2 giờ trước', 2 * 3_600_000],
    ['hace 3 horas', 3 * 3_600_000],
    ['hace un día', 86_400_000],
    ['há 2 dias', 2 * 86_400_000],
    ['há uma hora', 3_600_000],
    ['il y a 3 heures', 3 * 3_600_000],
    ['il y a une heure', 3_600_000],
    ['il y a un an', 365 * 86_400_000],
    ['vor 2 Stunden', 2 * 3_600_000],
    ['vor einer Stunde', 3_600_000],
    ['vor 5 Minuten', 5 * 60_000],
  ])('%s', (text, ago) => {
    expect(utc(text)).toBe(now - ago);
  });

  test.each([
    ['Yesterday 14:02', '2026-04-13T14:02:00Z'],
    ['yesterday at 2:02 PM', '2026-04-13T14:02:00Z'],
    ['today at 9:15', '2026-04-14T09:15:00Z'],
    ['Today, 09:15', '2026-04-14T09:15:00Z'],
    ['昨天 14:02', '2026-04-13T14:02:00Z'],
    ['今天 09:15', '2026-04-14T09:15:00Z'],
    ['昨日 14:02', '2026-04-13T14:02:00Z'],
    ['어제 14:02', '2026-04-13T14:02:00Z'],
    ['вчера в 14:02', '2026-04-13T14:02:00Z'],
    ['dün 14:02', '2026-04-13T14:02:00Z'],
    ['hôm qua 14:02', '2026-04-13T14:02:00Z'],
    ['ayer a las 14:02', '2026-04-13T14:02:00Z'],
    ['ontem às 14:02', '2026-04-13T14:02:00Z'],
    ['hier à 14:02', '2026-04-13T14:02:00Z'],
    ['gestern um 14:02', '2026-04-13T14:02:00Z'],
    ['أمس 14:02', '2026-04-13T14:02:00Z'],
  ])('%s', (text, iso) => {
    expect(utc(text)).toBe(at(iso));
  });

  test('a bare "yesterday" is one day back', () => {
    expect(utc('вчера')).toBe(now - 86_400_000);
  });
});

describe('zones', () => {
  test.each([
    ['2026-04-14 14:12', 'Asia/Shanghai', '2026-04-14T06:12:00Z'],
    ['2026-04-14 14:12', 'America/New_York', '2026-04-14T18:12:00Z'],
    ['2026-01-14 14:12', 'America/New_York', '2026-01-14T19:12:00Z'],
    // The hour after the spring-forward gap in Berlin is CEST (+2).
    ['2026-03-29 03:30', 'Europe/Berlin', '2026-03-29T01:30:00Z'],
    ['2026-03-28 03:30', 'Europe/Berlin', '2026-03-28T02:30:00Z'],
    ['2026-10-25 12:00', 'Europe/Berlin', '2026-10-25T11:00:00Z'],
    ['2026-04-14 14:12 UTC', 'Asia/Shanghai', '2026-04-14T14:12:00Z'],
    ['2026-04-14T14:12:00Z', 'Asia/Tokyo', '2026-04-14T14:12:00Z'],
    ['2026-04-14 14:12', 'Asia/Kolkata', '2026-04-14T08:42:00Z'],
  ])('%s in %s', (text, timeZone, iso) => {
    expect(parseTime(text, { now, timeZone })).toBe(at(iso));
  });

  test('yesterday is the calendar day before in the page zone', () => {
    // 15:00 UTC is 23:00 on the 14th in Shanghai.
    expect(parseTime('Yesterday 14:02', { now, timeZone: 'Asia/Shanghai' })).toBe(at('2026-04-13T06:02:00Z'));
    // ... and 03:00 on the 15th in Auckland (NZST +12).
    expect(parseTime('Yesterday 14:02', { now, timeZone: 'Pacific/Auckland' })).toBe(at('2026-04-14T02:02:00Z'));
  });

  test('without a zone the runtime zone is used', () => {
    expect(parseTime('2026-04-14 14:12', { now })).toBe(new Date(2026, 3, 14, 14, 12).getTime());
  });

  test('an unknown zone falls back to the runtime zone instead of throwing', () => {
    expect(parseTime('2026-04-14 14:12', { now, timeZone: 'Mars/Olympus' })).toBe(
      new Date(2026, 3, 14, 14, 12).getTime(),
    );
  });
});

describe('machine attributes', () => {
  test('an ISO attribute wins over the text', () => {
    expect(utc('2 hours ago', { attr: '2026-04-14T10:00:00Z' })).toBe(at('2026-04-14T10:00:00Z'));
  });
  test('epoch seconds and milliseconds', () => {
    expect(utc('', { attr: '1776175920' })).toBe(1776175920000);
    expect(utc('', { attr: '1776175920123' })).toBe(1776175920123);
  });
  test('a non-time attribute is ignored', () => {
    expect(utc('5 minutes ago', { attr: 'iPhone 15' })).toBe(now - 5 * 60_000);
  });
});

describe('not a time', () => {
  test.each([
    '',
    '   ',
    'Chrome 126 on macOS 14.5',
    'Binance APP 2.84.1',
    '203.0.113.42',
    '10.12.13.14',
    '2001:db8::1',
    'Hong Kong, HK',
    'hello',
    '2026',
    '31/02/2026',
    '2026-13-01',
    '25:00',
    'Online',
    'Remove',
    'Signed out',
    'Set up 2FA',
    'Marked for remote wipe',
  ])('%j', (text) => {
    expect(utc(text)).toBeUndefined();
  });
});

describe('properties', () => {
  test('never throws and returns a finite number or undefined', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.string({ maxLength: 80 })), (text, attr) => {
        const t = parseTime(text, { now, timeZone: 'Europe/Berlin', attr: attr ?? undefined });
        return t === undefined || Number.isFinite(t);
      }),
      { numRuns: 2000 },
    );
  });

  test('round-trips every UTC minute written as ISO and as "YYYY-MM-DD HH:MM UTC"', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const t = Math.floor(ms / 60_000) * 60_000;
        const iso = new Date(t).toISOString();
        expect(utc(iso)).toBe(t);
        expect(utc(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`)).toBe(t);
      }),
    );
  });

  test('wall times in any zone map back to the same wall clock in that zone', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, timeZone) => {
          const t = Math.floor(ms / 60_000) * 60_000;
          const wall = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(t);
          const back = parseTime(wall, { now, timeZone });
          // DST fall-back repeats an hour: either instant shows the same wall clock.
          expect(back === t || back === t - 3_600_000 || back === t + 3_600_000).toBe(true);
          expect(
            new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(back),
          ).toBe(wall);
        },
      ),
    );
  });

  test('relative "N minutes ago" is N minutes before now', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (n) => {
        expect(utc(`${n} minutes ago`)).toBe(now - n * 60_000);
        expect(utc(`${n} 分钟前`)).toBe(now - n * 60_000);
      }),
    );
  });

  test('stays fast on long hostile input', () => {
    const text = `${'1:1 '.repeat(5000)}${'a'.repeat(5000)}`;
    const start = performance.now();
    for (let i = 0; i < 100; i++) parseTime(text, { now, timeZone: 'UTC' });
    expect(performance.now() - start).toBeLessThan(200);
  });
});

test('daysSinceEpoch counts as Date.UTC on every day from 1970 to 2200', () => {
  for (let y = 1970; y <= 2200; y++) {
    for (let mo = 1; mo <= 12; mo++) {
      for (let d = 1; d <= 31; d++) {
        const utc = Date.UTC(y, mo - 1, d);
        if (new Date(utc).getUTCDate() === d) expect(daysSinceEpoch(y, mo, d) * 86_400_000).toBe(utc);
      }
    }
  }
});

describe('quickTime, the hand-read date and clock, answers what the general parser answers', () => {
  // Texts of the shape it reads (random digits: dates and clocks out of range too) and texts near it: every part
  // may be off by a digit, a separator or a zone word; with and without a zone to read zone-less times in, and a
  // machine attribute beside.
  const part = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
  const shaped = (odd: number) =>
    fc
      .tuple(
        fc.oneof(part(4), fc.constantFrom('2026', '1969', '2201', '0000', '9999')),
        fc.constantFrom('-', ...(odd ? ['/', '.', '--', ''] : [])),
        fc.oneof(part(2), fc.constantFrom('00', '02', '12', '13'), ...(odd ? [part(1)] : [])),
        fc.constantFrom('-', ...(odd ? ['/', ' '] : [])),
        fc.oneof(part(2), fc.constantFrom('00', '29', '30', '31', '32'), ...(odd ? [part(1)] : [])),
        fc.constantFrom(' ', 'T', 't', ...(odd ? ['  ', '\u00a0', '', 'x', '\u200b'] : [])),
        fc.oneof(part(2), fc.constantFrom('23', '24', '00', '12'), ...(odd ? [part(1)] : [])),
        fc.constantFrom(':', ...(odd ? ['.', 'h', '時'] : [])),
        fc.oneof(part(2), fc.constantFrom('59', '60')),
        fc.constantFrom('', ':00', ':59', ':60', ...(odd ? [':5', '.123', ':30.5'] : [])),
        fc.constantFrom(
          '',
          ' UTC',
          ' utc',
          ' GMT',
          'Z',
          'z',
          ...(odd ? [' Z', ' UTC+8', '+08:00', ' +0800', ' pm', ' am', 'UTC', ' GMT-4', ' ago', ' CET', ' '] : []),
        ),
      )
      .map((p) => p.join(''));
  const texts = fc.oneof(shaped(0), shaped(1), fc.string({ maxLength: 30 }));
  test('on many texts', () => {
    fc.assert(
      fc.property(
        texts,
        fc.constantFrom(undefined, 'UTC', 'Asia/Shanghai', 'America/New_York', 'Nowhere/Unknown'),
        fc.constantFrom(undefined, 'en', 'de'),
        fc.option(texts, { nil: undefined }),
        (text, timeZone, lang, attr) => {
          const opts = { now, timeZone, lang, attr };
          expect(parseTime(text, opts)).toBe(parseTimeSlow(text, opts));
          // Where it answers, it answers alone what the general parser answers.
          const quick = quickTime(text.toLowerCase(), timeZone);
          if (quick !== null) expect(quick).toBe(parseTimeSlow(text, { now, timeZone }));
        },
      ),
      { numRuns: 20_000 },
    );
  });
  test('reads the plain shapes, and leaves a clock or date out of range to the general parser', () => {
    for (const text of [
      '2026-04-14 14:12',
      '2026-04-14 14:12:05 UTC',
      '2026-04-14T14:12:05Z',
      '2026-04-14 14:12 gmt',
      // Leap days, where Date and the hand count must agree: 2000 and 2024 have one, 2100 and 2026 none.
      '2000-02-29 10:00 UTC',
      '2024-02-29 10:00Z',
      '2026-12-31 23:59:59 UTC',
    ]) {
      expect(quickTime(text.toLowerCase(), 'UTC')).toBe(parseTimeSlow(text, { now, timeZone: 'UTC' }));
    }
    expect(quickTime('2026-04-14 24:00', 'UTC')).toBeNull();
    expect(quickTime('2026-02-30 10:00', 'UTC')).toBeNull();
    for (const text of ['2100-02-29 10:00 UTC', '2026-02-29 10:00 utc', '2026-04-31 10:00z']) {
      expect(quickTime(text, 'UTC')).toBeNull();
      expect(parseTime(text, { now })).toBe(parseTimeSlow(text, { now }));
    }
  });
});

test('a text without a digit is read as the general parser reads it: relative phrases stay, month names alone are no date', () => {
  const words = [
    'April',
    'mar.',
    'avr',
    'Dezember',
    'декабря',
    'yesterday',
    'today',
    'ago',
    'a minute',
    'hace',
    'une heure',
    '刚刚',
    'now',
    'Device',
    'Management',
    '٣',
    '１４',
    'tháng',
  ];
  const text = fc.array(fc.constantFrom(...words), { maxLength: 5 }).map((w) => w.join(' '));
  fc.assert(
    fc.property(text, fc.constantFrom(undefined, 'UTC', 'Asia/Tokyo'), (t, timeZone) => {
      const opts = { now, timeZone, lang: 'en' };
      expect(parseTime(t, opts)).toBe(parseTimeSlow(t, opts));
    }),
    { numRuns: 3_000 },
  );
});
