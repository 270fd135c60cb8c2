import fc from 'fast-check';
import { expect, test } from 'vitest';
import { cleanText, foldText } from './text';

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
