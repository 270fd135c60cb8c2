import fc from 'fast-check';
import { expect, test } from 'vitest';
import { cleanText, cleanTextSlow, foldText, stripInvisible } from './text';

test.each([
  ['  Chrome \n 126  ', 'Chrome 126'],
  ['Chr\u200bome', 'Chrome'],
  ['\u202eemorhC', 'emorhC'],
  ['a\u0000b', 'ab'],
])('cleanText(%j) = %j', (input, out) => {
  expect(cleanText(input)).toBe(out);
});

test('foldText ignores case and accents', () => {
  expect(foldText('Sesión ACTUAL')).toBe('sesion actual');
});

test('cleanText never returns more than the cap or an invisible control', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 2000 }), (s) => {
      const out = cleanText(s, 100);
      expect(out.length).toBeLessThanOrEqual(100);
      expect(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(out)).toBe(false);
    }),
  );
});

test.each([
  ['Mongolian vowel separator', '\u180e'],
  ['Hangul filler', '\u3164'],
  ['Hangul choseong filler', '\u115f'],
  ['Hangul jungseong filler', '\u1160'],
  ['halfwidth Hangul filler', '\uffa0'],
  ['combining grapheme joiner', '\u034f'],
  ['variation selector', '\ufe0f'],
  ['variation selector supplement', '\u{e0100}'],
  ['tag character', '\u{e0041}'],
  ['cancel tag', '\u{e007f}'],
  ['Braille pattern blank', '\u2800'],
  ['soft hyphen', '\u00ad'],
  ['word joiner', '\u2060'],
  ['Arabic letter mark', '\u061c'],
  ['C1 control', '\u0085'],
])('a %s is stripped', (_name, ch) => {
  expect(cleanText(`Chr${ch}ome${ch}`)).toBe('Chrome');
  expect(stripInvisible(`Chr${ch}ome`)).toBe('Chrome');
});

test('stripInvisible keeps whitespace, and every format or default-ignorable character goes', () => {
  expect(stripInvisible(' a\tb\r\nc ')).toBe(' a\tb\r\nc ');
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      expect(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(stripInvisible(s))).toBe(false);
    }),
  );
});

// The fast cleaner answers what the general one (regular expressions) answers, for every text: texts drawn from
// the units it treats apart (spaces of every kind, invisible and control characters, surrogates, plain letters).
const TRICKY = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u00ad',
  '\u180e',
  '\u034f',
  '\u3164',
  '\u2800',
  '\u0000',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u009f',
  '\ud83d',
  '\ude00',
  '😀',
  '\u{e0041}',
  'a',
  'Z',
  '0',
  '.',
  'é',
  'İ',
  'ß',
  '设',
  'ф',
  'ـ',
  '·',
  '-',
];
test('cleanText answers what cleanTextSlow answers', () => {
  const tricky = fc.array(fc.constantFrom(...TRICKY), { maxLength: 40 }).map((a) => a.join(''));
  fc.assert(
    fc.property(
      fc.oneof(tricky, fc.string({ maxLength: 80, unit: 'grapheme' }), fc.string({ maxLength: 80, unit: 'binary' })),
      fc.integer({ min: 0, max: 60 }),
      (s, max) => {
        expect(cleanText(s)).toBe(cleanTextSlow(s));
        expect(cleanText(s, max)).toBe(cleanTextSlow(s, max));
      },
    ),
    { numRuns: 5000 },
  );
  const long = `${'a '.repeat(1999)}\u200b b${' c'.repeat(100)}`;
  for (const max of [500, 4000, 5000]) expect(cleanText(long, max)).toBe(cleanTextSlow(long, max));
});
