import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fillHoles } from './message-text';

/** The general form the hand-read fillHoles stands for. */
const byRegex = (template: string, values: (string | number)[]) =>
  template.replace(/\{(\d)\}/g, (m, n: string) => {
    const v = values[Number(n) - 1];
    return v === undefined ? m : String(v);
  });

it('fills {1}…{9} as a replace over /\\{(\\d)\\}/g would, holes without a value left as they are', () => {
  expect(fillHoles('Scanned {1}', ['3 min ago'])).toBe('Scanned 3 min ago');
  expect(fillHoles('{2} of {1}', [3, 'x'])).toBe('x of 3');
  expect(fillHoles('{1}{1}{0}{3}{', ['a'])).toBe('aa{0}{3}{');
  expect(fillHoles('{{1}}', ['{2}', 'b'])).toBe('{{2}}');
  const piece = fc.constantFrom('{', '}', '{1}', '{2}', '{0}', '{9}', '{12}', 'a', ' ', 'é', '{{', '1');
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
      fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
      (template, values) => fillHoles(template, values) === byRegex(template, values),
    ),
    { numRuns: 3000 },
  );
});
