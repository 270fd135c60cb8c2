import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isStale } from './gen-data.mjs';
import { mergeRanges, PROVIDERS } from './gen-hosting.mjs';

describe('mergeRanges', () => {
  test.each([
    [
      'adjacent rows of one provider join',
      [
        [0n, 9n, 0],
        [10n, 19n, 0],
      ],
      [[0n, 19n, 0]],
    ],
    [
      'overlapping rows of one provider join',
      [
        [0n, 15n, 0],
        [10n, 19n, 0],
        [12n, 13n, 0],
      ],
      [[0n, 19n, 0]],
    ],
    [
      'a gap keeps them apart',
      [
        [0n, 9n, 0],
        [11n, 19n, 0],
      ],
      [
        [0n, 9n, 0],
        [11n, 19n, 0],
      ],
    ],
    [
      'touching rows of two providers stay apart',
      [
        [0n, 9n, 0],
        [10n, 19n, 1],
      ],
      [
        [0n, 9n, 0],
        [10n, 19n, 1],
      ],
    ],
    [
      'an overlap goes to the range that starts first',
      [
        [0n, 15n, 0],
        [10n, 19n, 1],
      ],
      [
        [0n, 15n, 0],
        [16n, 19n, 1],
      ],
    ],
    [
      'a range inside another provider disappears',
      [
        [0n, 19n, 0],
        [5n, 9n, 1],
      ],
      [[0n, 19n, 0]],
    ],
    [
      'input order does not matter',
      [
        [10n, 19n, 0],
        [0n, 9n, 0],
      ],
      [[0n, 19n, 0]],
    ],
    [
      'v6-sized numbers',
      [
        [1n << 120n, (1n << 121n) - 1n, 2],
        [1n << 121n, (1n << 122n) - 1n, 2],
      ],
      [[1n << 120n, (1n << 122n) - 1n, 2]],
    ],
    ['nothing', [], []],
  ])('%s', (_name, input, expected) => {
    expect(mergeRanges(input)).toEqual(expected);
  });
});

test('every hosting provider lists distinct, plausible ASNs', () => {
  const seen = new Set();
  for (const [name, asns] of PROVIDERS) {
    expect(name).toBeTruthy();
    for (const asn of asns) {
      // 64512–65534 and 4200000000+ are private-use: never a real network's.
      expect((asn > 0 && asn < 64512) || (asn > 65535 && asn < 4200000000), `${name} AS${asn}`).toBe(true);
      expect(seen.has(asn), `AS${asn} listed twice`).toBe(false);
      seen.add(asn);
    }
  }
});

describe('isStale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gen-data-'));
  const out = join(dir, 'out.json');
  const src = join(dir, 'package.json');
  writeFileSync(src, '{}');

  test('missing output is stale', () => {
    expect(isStale(join(dir, 'missing.json'), [src])).toBe(true);
  });

  test('output newer than every input is fresh; an updated input makes it stale', () => {
    writeFileSync(out, '{}');
    utimesSync(src, new Date(1_000_000_000_000), new Date(1_000_000_000_000));
    utimesSync(out, new Date(1_500_000_000_000), new Date(1_500_000_000_000));
    expect(isStale(out, [src])).toBe(false);
    utimesSync(src, new Date(1_600_000_000_000), new Date(1_600_000_000_000));
    expect(isStale(out, [src])).toBe(true);
  });
});
