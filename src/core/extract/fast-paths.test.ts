import fc from 'fast-check';
import { expect, test } from 'vitest';
import { textHints, textHintsSlow } from './account-hints';
import { apiColumns } from './api-lists';
import { classifyApiLabel, classifyApiLabelSlow } from './api-words';
import { LABEL_FIELDS } from './cards';
import { anyRule, parseSecondFactor, parseSecondFactorSlow } from './fields';
import {
  classifyLabel,
  classifyLabelSlow,
  type FieldName,
  labelKey,
  labelKeySlow,
  startLabels,
  timeOrIpLabel,
} from './labels';
import { distinctGuesses, distinctGuessesSlow, gluedLabel, gluedLabelSlow } from './lines';
import { newCtx } from './reading';
import { headerColumns } from './tables';
import { monthOf, monthOfSlow } from './time';

// The shortcuts of a reading (a label's key without its regular expressions when the text has nothing they replace,
// answers kept for the reading, a line's leading words without splitting it) answer exactly what the plain paths do.

const WORDS = [
  'Last active',
  'Last accessed on',
  'IP',
  'IP address',
  'Date (UTC+8)',
  'Time（UTC）',
  'Device',
  'Location',
  'Status',
  'Action',
  'API key',
  'Price',
  'User ID',
  'Signed in',
  'First seen',
  '最后登录时间',
  'IP地址',
  'Son giriş',
  'Última actividad',
  'Dernière connexion',
  'Heure',
  '2FA',
  'Created',
  'Address',
  'Coin',
];
const MARKS = [
  '',
  ':',
  '：',
  ' :',
  '*',
  '↑',
  '↓',
  '▲',
  '▼',
  '⇅',
  '(',
  ')',
  '（',
  '）',
  '[',
  ']',
  ' ',
  '  ',
  '\u200b',
  'İ',
];
const VALUES = ['14 Apr 2026 14:12', '5 minutes ago', '198.51.100.7', 'just now', 'yesterday 10:00', '2026-04-14', 'x'];

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 12, unit: 'binary' }),
  fc
    .array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...MARKS), fc.constantFrom(...VALUES)), {
      maxLength: 6,
    })
    .map((parts) => parts.join(fc.sample(fc.constantFrom('', ' '), 1)[0])),
  fc
    .tuple(fc.constantFrom(...WORDS), fc.constantFrom(...MARKS), fc.constantFrom(...VALUES))
    .map(([w, m, v]) => `${w}${m} ${v}`),
);

const TIME_OR_IP = new Set<FieldName | undefined>(['ip', 'lastActive', 'firstSeen', 'time']);

test('labelKey answers as its regular expressions do, for every text', () => {
  fc.assert(
    fc.property(text, (t) => {
      expect(labelKey(t)).toBe(labelKeySlow(t));
    }),
    { numRuns: 20_000 },
  );
  for (const w of WORDS) for (const m of MARKS) expect(labelKey(`${w}${m}`)).toBe(labelKeySlow(`${w}${m}`));
});

test('label answers kept for a reading are those read afresh, however texts repeat across readings', () => {
  fc.assert(
    fc.property(fc.array(fc.array(text, { maxLength: 12 }), { maxLength: 4 }), (readings) => {
      for (const texts of readings) {
        startLabels();
        // Each text asked twice, in both orders of the two rule lists and of the time-or-address question.
        for (const t of [...texts, ...texts.reverse()]) {
          const plain = classifyLabelSlow(t);
          expect(timeOrIpLabel(t)).toBe(TIME_OR_IP.has(plain) ? plain : undefined);
          expect(classifyLabel(t)).toBe(plain);
          expect(timeOrIpLabel(t)).toBe(TIME_OR_IP.has(plain) ? plain : undefined);
          expect(classifyApiLabel(t)).toBe(classifyApiLabelSlow(t));
          expect(classifyApiLabel(t)).toBe(classifyApiLabelSlow(t));
        }
      }
    }),
    { numRuns: 3000 },
  );
});

test('a label glued to its value is found among the leading words as when they are split and joined again', () => {
  const ctx = newCtx({ now: Date.UTC(2026, 3, 15, 12), timeZone: 'UTC', lang: 'en', deadline: undefined });
  fc.assert(
    fc.property(text, (t) => {
      startLabels();
      expect(gluedLabel(t, ctx)).toEqual(gluedLabelSlow(t, ctx));
    }),
    { numRuns: 10_000 },
  );
  for (const w of WORDS)
    for (const v of VALUES) {
      for (const t of [`${w} ${v}`, `${w}  ${v}`, ` ${w} ${v}`, `${w} on ${v}`])
        expect(gluedLabel(t, ctx)).toEqual(gluedLabelSlow(t, ctx));
    }
  expect(gluedLabel('Last accessed on 14 Apr 2026 14:12', ctx)).toEqual({
    f: 'lastActive',
    t: 'on 14 Apr 2026 14:12',
    label: 'lastActive',
  });
});

test('a second factor, a month and a header row are read as their rules one by one read them', () => {
  const FACTORS = ['SMS', 'Passkey', 'YubiKey', 'e-mail code', 'Google Authenticator', 'phone', 'none', '—', 'N/A'];
  const MONTHS = ['Jan', 'April', 'abr.', 'Mär', 'мая', 'Eylül', 'déc', 'Ağu', 'سبتمبر', 'oct', 'Sept', 'junio'];
  const word = fc.oneof(
    text,
    fc.constantFrom(...FACTORS, ...MONTHS),
    fc.tuple(fc.constantFrom(...FACTORS, ...MONTHS), fc.string({ maxLength: 6 })).map(([w, x]) => `${x}${w}${x}`),
  );
  fc.assert(
    fc.property(word, (t) => {
      expect(parseSecondFactor(t)).toBe(parseSecondFactorSlow(t));
      const w = t.toLowerCase();
      expect(monthOf(w)).toBe(monthOfSlow(w));
    }),
    { numRuns: 20_000 },
  );
  for (const m of MONTHS) expect(monthOf(m.toLowerCase())).toBeGreaterThan(0);

  // A header row's columns as every text's field, read whole, would give them.
  const cell = fc.oneof(fc.constant(''), fc.constantFrom(...WORDS), text);
  fc.assert(
    fc.property(fc.array(fc.tuple(cell, fc.integer({ min: 1, max: 3 })), { maxLength: 8 }), (cells) => {
      startLabels();
      const h = { texts: cells.map(([t]) => t), spans: cells.map(([, s]) => s) };
      expect(headerColumns(h)).toEqual(headerColumnsPlain(h));
      const api = apiColumns(h);
      const named = h.texts.filter((t) => t && classifyApiLabelSlow(t)).length;
      const nonEmpty = h.texts.filter((t) => t).length;
      if (named < 2 || named * 5 < nonEmpty * 3) expect(api).toBeUndefined();
      else if (api)
        expect(api.cols).toEqual(
          h.texts.flatMap((t, i) => Array(h.spans[i]).fill(t ? classifyApiLabelSlow(t) : undefined)),
        );
    }),
    { numRuns: 5000 },
  );
});

/** headerColumns as it read every text before deciding (tables.ts). */
function headerColumnsPlain(h: {
  texts: string[];
  spans: number[];
}): (FieldName | undefined)[] | 'unrelated' | undefined {
  const cols: (FieldName | undefined)[] = [];
  let named = 0;
  let nonEmpty = 0;
  for (let i = 0; i < h.texts.length; i++) {
    const t = h.texts[i]!;
    const f = t ? classifyLabelSlow(t) : undefined;
    if (t) nonEmpty++;
    if (f) named++;
    for (let k = 0; k < h.spans[i]!; k++) cols.push(f);
  }
  const fs = new Set(cols);
  if (named < 2 || named * 5 < nonEmpty * 3) return undefined;
  if (fs.has('unrelated')) return 'unrelated';
  let n = 0;
  for (const f of LABEL_FIELDS) if (fs.has(f)) n++;
  const id = fs.has('device') || fs.has('ip');
  const timed = fs.has('time') || fs.has('lastActive') || fs.has('firstSeen');
  return (id && n >= 2) || (timed && (fs.has('outcome') || fs.has('secondFactor'))) ? cols : undefined;
}

test('the parts of a line are read as distinct fields exactly when all of them, guessed first, would be', () => {
  const ctx = newCtx({ now: Date.UTC(2026, 3, 15, 12), timeZone: 'UTC', lang: 'en', deadline: undefined });
  const PARTS = ['3 minutes ago', 'Failed', 'Success', 'Chrome on Windows', '198.51.100.7', 'Paris, FR', 'Online'];
  const more = ['This device', 'SMS', 'User ID:', '38451092', '2026-04-14 14:12', 'Offline', 'iPhone 15', ''];
  const part = fc.oneof(fc.constantFrom(...PARTS, ...more), text);
  fc.assert(
    fc.property(fc.array(part, { minLength: 2, maxLength: 4 }), (parts) => {
      expect(distinctGuesses(parts, ctx)).toEqual(distinctGuessesSlow(parts, ctx));
    }),
    { numRuns: 5000 },
  );
  expect(distinctGuesses(['3 minutes ago', 'Failed'], ctx)).toEqual(['anyTime', 'outcome']);
  expect(distinctGuesses(['Online', 'Offline'], ctx)).toBeUndefined();
});

test('a line is searched for account hints only when it holds what one needs, with the same answers', () => {
  const HINTS = [
    'UID: 38451092',
    'User ID 1234',
    'uid:123',
    'a***@b.com',
    '+1 555***1234',
    '138****5678',
    '用户ID 88881234',
  ];
  const line = fc.oneof(
    text,
    fc.constantFrom(...HINTS),
    fc
      .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...HINTS), fc.stringMatching(/^[\d* @.:#-]{0,12}$/))
      .map(([a, h, b]) => `${a}${h}${b}`),
    fc.stringMatching(/^[\d*+ -]{0,24}$/),
  );
  fc.assert(
    fc.property(line, (t) => {
      expect(textHints(t)).toEqual(textHintsSlow(t));
    }),
    { numRuns: 20_000 },
  );
  expect(textHints('User ID: 38451092')).toEqual({ uid: '38451092' });
  expect(textHints('Phone 138****5678')).toEqual({ masked: '138****5678' });
});

test('rules are joined into one pattern only when joining keeps their meaning: no flags, no numbered back-references', () => {
  expect(
    anyRule([
      ['a', /ab/],
      ['b', /c(?:d|e)/],
    ]).test('xce'),
  ).toBe(true);
  expect(() => anyRule([['a', /ab/i]])).toThrow(/cannot join/);
  expect(() => anyRule([['a', /(a)\1/]])).toThrow(/cannot join/);
});
