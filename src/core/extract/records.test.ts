import fc from 'fast-check';
import { expect, test } from 'vitest';
import { currentMarkerStrength } from './fields';
import { type Cell, type Ctx, newCtx } from './reading';
import { interpret } from './records';
import { parseTime } from './time';

function ctxOf(now: number, timeZone: string | undefined, lang: string | undefined): Ctx {
  return newCtx({ now, timeZone, lang });
}

const cellWith = (attr: string | undefined): Cell => ({
  text: '',
  raw: '',
  cuts: [],
  attr,
  rev: false,
  cur: false,
  badge: false,
});

test('a time cell reads as the marker test and parseTime read it, plain dates and clocks included', () => {
  // Mostly in range, so that most of them are plain dates and clocks; some one part off.
  const num = (lo: number, hi: number, odd: number) =>
    fc
      .oneof({ weight: 9, arbitrary: fc.integer({ min: lo, max: hi }) }, fc.constant(odd))
      .map((n) => String(n).padStart(2, '0'));
  const plain = fc
    .tuple(
      fc.constantFrom('2026', '2026', '1969', '2000'),
      fc.constantFrom('-', '-', '/'),
      num(1, 12, 13),
      num(1, 28, 31),
      fc.constantFrom(' ', ' ', 'T', 't', '  '),
      num(0, 23, 24),
      fc.constantFrom(':', ':', '.'),
      num(0, 59, 60),
      fc.constantFrom('', ':00', ':61'),
      fc.constantFrom('', '', ' UTC', ' utc', ' GMT', 'Z', 'z', ' Z', ' CET', ' ago', ' active now', ' '),
    )
    .map(([y, s, mo, d, t, h, c, mi, sec, zone]) => `${y}${s}${mo}-${d}${t}${h}${c}${mi}${sec}${zone}`);
  const text = fc.oneof(
    plain,
    fc.constantFrom('Current session', 'Active now', 'just now', '3 minutes ago', '', 'Yesterday 14:12'),
    fc.string({ maxLength: 24 }),
  );
  fc.assert(
    fc.property(
      text,
      fc.constantFrom('time', 'firstSeen', 'lastActive', 'anyTime') as fc.Arbitrary<'time'>,
      fc.constantFrom(undefined, '2026-04-01 10:00:00', '1712345678'),
      fc.constantFrom(Date.UTC(2026, 3, 15, 12), Number.NaN),
      fc.constantFrom(undefined, 'UTC', 'Asia/Shanghai', 'Nowhere/Unknown'),
      (t, f, attr, now, timeZone) => {
        const ctx = ctxOf(now, timeZone, 'en');
        const said = interpret(f, t, attr === undefined && t.length % 2 ? undefined : cellWith(attr), ctx);
        const strength = currentMarkerStrength(t);
        expect(said.cur).toBe(strength);
        expect(said.time).toBe(
          strength === 2
            ? undefined
            : parseTime(t, { now, timeZone, lang: 'en', attr: attr === undefined ? undefined : attr }),
        );
      },
    ),
    { numRuns: 10_000 },
  );
});
